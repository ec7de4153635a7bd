/**
 * The attachments of the task and its case, with download links, and an
 * upload: the file is read in the browser and sent as base64 in JSON (every
 * request that changes something is JSON). The server checks size and type
 * and answers in both languages; the chosen file's size and type are shown
 * before it is sent. The case page shows the same list without the upload.
 * When the task's diagram asks for documents (检查记录, 执法文书, 现场照片 …),
 * they are listed with what is still missing, and an upload is filed under
 * one of them: a required one must be there before the task can be completed.
 */
import type { ExpectedAttachment, TaskAttachment } from '../../api-types.ts';
import { api } from '../api/client.ts';
import { formatDateTime } from '../lists/list-logic.ts';
import type { AppContext } from '../ui/context.ts';
import { formatBytes, h, replaceChildren, showMessage } from '../ui/dom.ts';
import { field } from '../ui/fields.ts';

function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result);
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(new Error('文件读取失败 / the file could not be read'));
    reader.readAsDataURL(file);
  });
}

function attachmentItem(attachment: TaskAttachment): HTMLElement {
  const meta = [attachment.contentType ?? '', attachment.userId ?? '', formatDateTime(attachment.time)].filter(Boolean).join(' · ');
  return h(
    'li',
    { class: 'attachment' },
    h('a', { href: attachment.url, download: attachment.name, class: 'attachment-link' }, attachment.name),
    attachment.kind ? h('span', { class: 'attachment-kind' }, attachment.kind) : null,
    descriptionText(attachment) ? h('span', { class: 'attachment-description' }, descriptionText(attachment)) : null,
    h('span', { class: 'attachment-meta' }, meta),
  );
}

/** The description without the 【kind】 it starts with, which is shown as the kind. */
function descriptionText(attachment: TaskAttachment): string {
  const text = attachment.description ?? '';
  return (attachment.kind ? text.replace(/^\s*【[^】]+】\s*/, '') : text).trim();
}

function expectedItem(expected: ExpectedAttachment): HTMLElement {
  const state = expected.attached ? '已上传' : expected.required ? '必须上传，尚未上传' : '尚未上传';
  return h(
    'li',
    { class: `expected-attachment${expected.attached ? ' attached' : expected.required ? ' missing' : ''}` },
    h('span', { class: 'expected-kind' }, expected.kind),
    h('span', { class: 'expected-state' }, `${expected.required ? '（必传）' : '（选传）'}${state}`),
  );
}

function listItems(attachments: readonly TaskAttachment[]): HTMLElement[] {
  return attachments.length === 0 ? [h('li', { class: 'empty' }, '暂无附件')] : attachments.map(attachmentItem);
}

/** The attachments read-only, with their download links (the case page: it belongs to no task of the user's). */
export function renderAttachmentList(attachments: readonly TaskAttachment[]): HTMLElement {
  return h(
    'section',
    { class: 'panel attachments', 'aria-labelledby': 'attachments-title' },
    h('h2', { id: 'attachments-title' }, '附件'),
    h('ul', { class: 'attachment-list' }, ...listItems(attachments)),
  );
}

export function renderAttachments(
  context: AppContext,
  taskId: string,
  initial: readonly TaskAttachment[],
  initialExpected: readonly ExpectedAttachment[] = [],
): HTMLElement {
  const attachments = [...initial];
  let expected = [...initialExpected];
  const list = h('ul', { class: 'attachment-list', 'aria-live': 'polite' });
  const checklist = h('ul', { class: 'expected-attachments', 'aria-label': '应上传的材料' });
  const draw = (): void => {
    replaceChildren(list, ...listItems(attachments));
    replaceChildren(checklist, ...expected.map(expectedItem));
    checklist.hidden = expected.length === 0;
  };
  draw();
  const file = h('input', { type: 'file', name: 'file', id: `attachment-file-${taskId}`, 'aria-describedby': `attachment-chosen-${taskId}` });
  const chosen = h('p', { class: 'file-chosen', id: `attachment-chosen-${taskId}`, 'aria-live': 'polite' }, '未选择文件');
  const fileError = h('span', { class: 'field-error', role: 'alert', hidden: true });
  const description = h('input', { name: 'description', maxlength: '500' });
  const kind = h(
    'select',
    { name: 'kind' },
    h('option', { value: '' }, '其他材料'),
    ...expected.map((entry) => h('option', { value: entry.kind }, entry.required ? `${entry.kind}（必传）` : entry.kind)),
  ) as HTMLSelectElement;
  // The first document still missing is what the user most likely uploads.
  kind.value = expected.find((entry) => !entry.attached)?.kind ?? '';
  const status = h('p', { class: 'status', role: 'status', hidden: true });
  const submit = h('button', { type: 'submit' }, '上传附件');
  file.addEventListener('change', () => {
    const picked = file.files?.[0];
    showMessage(fileError, '');
    chosen.textContent = picked ? `${picked.name}：${formatBytes(picked.size)}，${picked.type || '未知类型'}` : '未选择文件';
  });
  const form = h(
    'form',
    { class: 'attachment-form', novalidate: true },
    h(
      'div',
      { class: 'field' },
      h('span', { class: 'field-label' }, '文件'),
      h('div', { class: 'file-picker' }, file, h('label', { for: file.id, class: 'file-button' }, '选择文件…'), chosen),
      fileError,
    ),
    expected.length > 0 ? field('材料种类', kind) : null,
    field('说明（可选）', description),
    h('div', { class: 'actions' }, submit),
    status,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const picked = file.files?.[0];
    if (!picked) {
      showMessage(fileError, '请选择要上传的文件');
      file.focus();
      return;
    }
    submit.disabled = true;
    showMessage(status, `正在上传 ${picked.name}…`);
    readBase64(picked)
      .then((contentBase64) =>
        api.attach(taskId, {
          name: picked.name,
          contentType: picked.type || 'application/octet-stream',
          contentBase64,
          ...(description.value.trim() ? { description: description.value.trim() } : {}),
          ...(kind.value ? { kind: kind.value } : {}),
        }),
      )
      .then(
        (attachment) => {
          attachments.push(attachment);
          expected = expected.map((entry) => (entry.kind === attachment.kind ? { ...entry, attached: true } : entry));
          draw();
          form.reset();
          kind.value = expected.find((entry) => !entry.attached)?.kind ?? '';
          chosen.textContent = '未选择文件';
          submit.disabled = false;
          showMessage(status, `已上传 ${attachment.name}`, 'ok');
        },
        (error: unknown) => {
          submit.disabled = false;
          showMessage(status, context.failed(error), 'error');
        },
      );
  });
  return h(
    'section',
    { class: 'panel attachments', 'aria-labelledby': 'attachments-title' },
    h('h2', { id: 'attachments-title' }, '附件'),
    checklist,
    list,
    form,
  );
}
