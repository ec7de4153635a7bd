/**
 * The procedures and forms under processes/ (GET /api/files): what each
 * defines, the version deployed, whether the saved file differs from it, and
 * who saved it last.
 */
import type { FileEntry } from '../api/client.ts';
import { formatTime, h, replaceChildren } from '../ui/dom.ts';

function deployedLabel(entry: FileEntry): HTMLElement {
  if (!entry.deployed) return h('span', { class: 'badge not-deployed' }, '未经本系统部署');
  const versions = entry.deployed.resources.map((resource) => `${resource.id} v${resource.version}`).join('，');
  return h('span', { class: 'badge deployed', title: `部署于 ${formatTime(entry.deployed.deployedAt)}` }, `已部署 ${versions}`);
}

function entryView(entry: FileEntry, current: string | undefined, open: (file: string) => void): HTMLElement {
  const names = entry.defines.map((definition) => definition.name ?? definition.id).join('、');
  return h(
    'li',
    { class: entry.file === current ? 'file-entry current' : 'file-entry', 'data-file': entry.file },
    h(
      'button',
      { type: 'button', onclick: () => open(entry.file) },
      h('span', { class: 'file-name' }, names || entry.file),
      h('span', { class: 'file-path' }, entry.file),
      h(
        'span',
        { class: 'file-state' },
        deployedLabel(entry),
        entry.differsFromDeployed ? h('span', { class: 'badge differs' }, '与已部署版本不同') : null,
      ),
      entry.lastSaved
        ? h(
            'span',
            { class: 'file-saved' },
            `第 ${entry.lastSaved.version} 版 · ${entry.lastSaved.author?.displayName ?? '文件'} · ${formatTime(entry.lastSaved.savedAt)}`,
          )
        : h('span', { class: 'file-saved' }, `修改于 ${formatTime(entry.modifiedAt)}`),
    ),
  );
}

export function renderFileList(container: HTMLElement, files: readonly FileEntry[], current: string | undefined, open: (file: string) => void): void {
  const group = (title: string, kind: FileEntry['kind']) => {
    const entries = files.filter((entry) => entry.kind === kind);
    return h('section', { class: `file-group ${kind}` }, h('h2', {}, `${title}（${entries.length}）`), h('ul', {}, ...entries.map((entry) => entryView(entry, current, open))));
  };
  replaceChildren(container, group('流程', 'process'), group('表单', 'form'));
}
