/**
 * Saving with a comment, the stale-save conflict, and the version history
 * (view, restore). A save names the etag the editor opened; when someone else
 * saved in between, the server refuses with 409 and this module says who did
 * and offers to reload — it never overwrites.
 */
import NavigatedViewer from 'camunda-bpmn-js/lib/camunda-platform/NavigatedViewer';
import type Canvas from 'diagram-js/lib/core/Canvas';
import { ApiError, type HistoryVersion, type SaveResult, api } from '../api/client.ts';
import { openDialog, promptText, showMessage } from '../ui/dialog.ts';
import { formatTime, h } from '../ui/dom.ts';

export type SaveOutcome = { readonly kind: 'saved'; readonly result: SaveResult } | { readonly kind: 'cancelled' } | { readonly kind: 'reload' };

/** Explains a 409 and asks whether to reload; the user's unsaved edit stays in the editor unless they choose to reload. */
async function conflict(file: string, error: ApiError): Promise<SaveOutcome> {
  const by = error.body['lastSavedBy'] as { username: string; displayName: string } | undefined;
  const at = error.body['lastSavedAt'] as string | undefined;
  const who = by ? `${by.displayName}（${by.username}）于 ${formatTime(at)}` : '其他人或其他方式（例如 git）';
  const choice = await openDialog<'reload' | 'keep'>({
    title: '保存冲突：文件已被他人修改',
    kind: 'conflict',
    body: [
      h('p', {}, `${file} 在您打开之后已被 `, h('strong', { class: 'conflict-author' }, who), ' 保存。'),
      h('p', {}, '您的修改没有保存，也没有覆盖对方的版本。可以重新载入最新版本后再做修改，或者继续编辑（此时仍无法保存）。'),
      h('p', { class: 'server-message' }, error.message),
    ],
    actions: [
      { label: '继续编辑', value: 'keep', name: 'keep' },
      { label: '重新载入最新版本（放弃我的修改）', value: 'reload', primary: true, name: 'reload' },
    ],
    dismissValue: 'keep',
  });
  return choice === 'reload' ? { kind: 'reload' } : { kind: 'cancelled' };
}

export async function saveWithComment(file: string, content: string, baseEtag: string): Promise<SaveOutcome> {
  const comment = await promptText(`保存 ${file}`, '修改说明（记入历史版本，例如“调整报告提醒”）', 'save');
  if (comment === null) return { kind: 'cancelled' };
  try {
    return { kind: 'saved', result: await api.save(file, content, baseEtag, comment) };
  } catch (error) {
    if (error instanceof ApiError && error.status === 409) return conflict(file, error);
    await showMessage('保存失败', [error instanceof Error ? error.message : String(error)], 'save-failed');
    return { kind: 'cancelled' };
  }
}

async function viewVersion(file: string, version: HistoryVersion): Promise<void> {
  const content = await api.version(file, version.version);
  const container = h('div', { class: 'version-view' });
  let viewer: NavigatedViewer | undefined;
  if (file.endsWith('.bpmn')) {
    viewer = new NavigatedViewer({ container });
  } else {
    container.append(h('pre', {}, content));
  }
  const shown = showMessage(`${file} 第 ${version.version} 版（只读）`, [container], 'version');
  if (viewer) {
    await viewer.importXML(content);
    viewer.get<Canvas>('canvas').zoom('fit-viewport');
  }
  await shown;
  viewer?.destroy();
}

function describe(version: HistoryVersion): string {
  const who = version.author ? version.author.displayName : version.source === 'on-disk' ? '磁盘上的修改（git 或编辑器）' : '未知';
  const restored = version.restoredFrom ? `（恢复自第 ${version.restoredFrom} 版）` : '';
  return `${formatTime(version.savedAt)} · ${who} · ${version.comment}${restored}`;
}

/**
 * Lists the versions of a file; resolves to the result of a restore (a new
 * version with the old content), or undefined when nothing was restored.
 */
export async function showHistory(file: string, currentEtag: () => string, hasUnsavedChanges: () => boolean): Promise<SaveResult | undefined> {
  const versions = await api.history(file);
  let restored: SaveResult | undefined;
  const rows = versions.map((version) =>
    h(
      'li',
      { class: 'history-version', 'data-version': String(version.version) },
      h('span', { class: 'version-number' }, `第 ${version.version} 版`),
      h('span', { class: 'version-text' }, describe(version)),
      h('button', { type: 'button', name: 'view', onclick: () => void viewVersion(file, version) }, '查看'),
      h('button', { type: 'button', name: 'restore', 'data-version': String(version.version) }, '恢复此版本'),
    ),
  );
  await openDialog<void>({
    title: `${file} 的历史版本`,
    kind: 'history',
    body: [versions.length === 0 ? h('p', {}, '还没有保存过的版本。') : h('ol', { class: 'history-list' }, ...rows)],
    actions: [{ label: '关闭', value: undefined, name: 'close' }],
    dismissValue: undefined,
    onOpen: (close) => {
      for (const button of rows.map((row) => row.querySelector<HTMLButtonElement>('button[name="restore"]'))) {
        button?.addEventListener('click', () => {
          const version = Number(button.dataset['version']);
          void restore(file, version, currentEtag(), hasUnsavedChanges()).then((result) => {
            if (result) {
              restored = result;
              close();
            }
          });
        });
      }
    },
  });
  return restored;
}

async function restore(file: string, version: number, baseEtag: string, unsaved: boolean): Promise<SaveResult | undefined> {
  const warning = unsaved ? '编辑器中尚未保存的修改将被放弃。' : '';
  const comment = await promptText(`恢复第 ${version} 版`, `${warning}恢复说明（将作为新版本保存）`, 'restore', `恢复第 ${version} 版`);
  if (comment === null) return undefined;
  try {
    return await api.restore(file, version, baseEtag, comment);
  } catch (error) {
    if (error instanceof ApiError && error.status === 409) {
      await showMessage('恢复被拒绝：文件已被他人修改', [error.message, ' 请关闭历史列表，重新载入文件后再恢复。'], 'conflict');
      return undefined;
    }
    await showMessage('恢复失败', [(error as Error).message], 'restore-failed');
    return undefined;
  }
}
