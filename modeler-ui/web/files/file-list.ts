/**
 * The procedures and forms under processes/ (GET /api/files): what each
 * defines, the version the engine runs, whether the saved file differs from
 * it, and who saved it last. When the engine did not answer, a notice says so
 * instead of calling every file undeployed.
 */
import type { DeployState, FileEntry } from '../api/client.ts';
import { formatTime, h, replaceChildren } from '../ui/dom.ts';

function deployedLabel(entry: FileEntry, deployState: DeployState): HTMLElement | null {
  if (!deployState.available) return null;
  if (!entry.deployed) return h('span', { class: 'badge not-deployed' }, '未部署');
  const versions = entry.deployed.resources.map((resource) => `${resource.id} v${resource.version}`).join('，');
  const by = entry.deployed.deployedBy ? `，部署人 ${entry.deployed.deployedBy}` : '';
  return h('span', { class: 'badge deployed', title: `部署于 ${formatTime(entry.deployed.deployedAt)}${by}（部署 ${entry.deployed.deploymentId}）` }, `已部署 ${versions}`);
}

function entryView(entry: FileEntry, deployState: DeployState, current: string | undefined, open: (file: string) => void): HTMLElement {
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
        deployedLabel(entry, deployState),
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

export interface FileListActions {
  readonly open: (file: string) => void;
  /** Offered as 新建流程图 above the list. */
  readonly createDiagram: () => void;
}

export function renderFileList(
  container: HTMLElement,
  files: readonly FileEntry[],
  deployState: DeployState,
  current: string | undefined,
  actions: FileListActions,
): void {
  const group = (title: string, kind: FileEntry['kind']) => {
    const entries = files.filter((entry) => entry.kind === kind);
    return h(
      'section',
      { class: `file-group ${kind}` },
      h('h2', {}, `${title}（${entries.length}）`),
      h('ul', {}, ...entries.map((entry) => entryView(entry, deployState, current, actions.open))),
    );
  };
  replaceChildren(
    container,
    h('div', { class: 'file-actions' }, h('button', { type: 'button', name: 'new-diagram', onclick: () => actions.createDiagram() }, '新建流程图')),
    deployState.available ? null : h('p', { class: 'deploy-state-unavailable', role: 'status' }, `部署状态不可用：${deployState.message ?? ''}`),
    group('流程', 'process'),
    group('表单', 'form'),
  );
}
