/**
 * The screen after login: the file list, the open diagram or form with its
 * properties, the live checks, and save / history / deploy. One file is open
 * at a time; leaving a file with unsaved changes asks first.
 */
import { ApiError, type DeployState, type FileEntry, type User, api } from '../api/client.ts';
import { BpmnEditor } from '../bpmn/bpmn-editor.ts';
import { deployAll } from '../deploy/deploy.ts';
import { PROCESS_ID_PATTERN, newDiagramXml } from '../files/diagram-template.ts';
import { renderFileList } from '../files/file-list.ts';
import { FileListPane } from '../files/file-pane.ts';
import { FormEditor } from '../forms/form-editor.ts';
import { saveWithComment, showHistory } from '../history/history.ts';
import { LintPanel } from '../lint/lint-panel.ts';
import { openDialog, showMessage } from '../ui/dialog.ts';
import { h, replaceChildren } from '../ui/dom.ts';
import type { Editor } from './editor.ts';

interface OpenFile {
  readonly file: string;
  etag: string;
  readonly editor: Editor;
  dirty: boolean;
  /** The diagram a form was opened from, offered as the way back. */
  readonly returnTo?: string;
}

export class Workspace {
  private readonly filePane = new FileListPane();
  private readonly editorHost = h('div', { class: 'editor-host' });
  private readonly title = h('span', { class: 'open-file' }, '请从左侧选择一个流程或表单');
  private readonly status = h('span', { class: 'status', role: 'status' });
  private readonly saveButton = h('button', { type: 'button', name: 'save', class: 'primary', disabled: true, onclick: () => void this.save() }, '保存');
  private readonly historyButton = h('button', { type: 'button', name: 'history', disabled: true, onclick: () => void this.history() }, '历史版本');
  private readonly deployButton = h('button', { type: 'button', name: 'deploy', onclick: () => void this.deploy() }, '部署');
  private readonly openFormButton = h('button', { type: 'button', name: 'open-form', hidden: true, onclick: () => void this.openLinkedForm() }, '打开表单');
  private readonly backButton = h('button', { type: 'button', name: 'back', hidden: true, onclick: () => void this.goBack() }, '返回流程图');
  private readonly lint = new LintPanel();
  private files: FileEntry[] = [];
  private deployState: DeployState = { available: false };
  private current: OpenFile | undefined;
  private linkedFormId: string | undefined;

  constructor(
    private readonly root: HTMLElement,
    private readonly user: User,
    private readonly elementTemplates: readonly unknown[],
    private readonly onLogout: () => void,
  ) {}

  async start(): Promise<void> {
    this.deployButton.hidden = !this.user.isOwner;
    const logout = h('button', { type: 'button', name: 'logout', onclick: () => void this.logout() }, '退出');
    replaceChildren(
      this.root,
      h(
        'div',
        { class: 'workspace' },
        h(
          'header',
          { class: 'topbar' },
          h('strong', { class: 'app-title' }, '安全生产流程建模'),
          this.title,
          h('span', { class: 'toolbar' }, this.backButton, this.openFormButton, this.saveButton, this.historyButton, this.deployButton),
          this.status,
          h('span', { class: 'user' }, `${this.user.displayName}（${this.user.username}）`, logout),
        ),
        this.filePane.element,
        h('main', { class: 'editor-area' }, this.editorHost, this.lint.element),
      ),
    );
    window.addEventListener('beforeunload', (event) => {
      if (this.current?.dirty) event.preventDefault();
    });
    await this.refreshFiles();
  }

  private async refreshFiles(): Promise<void> {
    try {
      ({ files: this.files, deployState: this.deployState } = await api.files());
    } catch (error) {
      this.setStatus((error as Error).message, 'error');
      return;
    }
    this.renderFiles();
  }

  private renderFiles(): void {
    renderFileList(this.filePane.list, this.files, this.deployState, this.current?.file, {
      open: (file) => void this.open(file),
      createDiagram: () => void this.createDiagram(),
    });
  }

  /** Asks for a process id and name, saves a new diagram (Camunda 7 dialect) as its first version and opens it. */
  private async createDiagram(): Promise<void> {
    if (!(await this.mayLeave())) return;
    const idInput = h('input', { name: 'process-id', placeholder: '如 safety-drill', autocomplete: 'off' });
    const nameInput = h('input', { name: 'process-name', placeholder: '如 安全生产应急演练', autocomplete: 'off' });
    const hint = h('p', { class: 'hint' }, '编号用小写字母、数字和连字符，也是文件名；新流程须在 workers/contract.ts 的 ProcessId 中登记后才能部署。');
    const go = await openDialog<boolean>({
      title: '新建流程图',
      kind: 'new-diagram',
      body: [h('label', {}, '流程编号', idInput), h('label', {}, '流程名称', nameInput), hint],
      actions: [
        { label: '取消', value: false, name: 'cancel' },
        { label: '创建', value: true, primary: true, name: 'ok' },
      ],
      dismissValue: false,
    });
    if (!go) return;
    const processId = idInput.value.trim();
    if (!PROCESS_ID_PATTERN.test(processId)) {
      await showMessage('无法新建流程图', [`流程编号“${processId}”无效：须为小写字母、数字和连字符，如 safety-patrol。`], 'new-diagram-failed');
      return;
    }
    const file = `${processId}.bpmn`;
    try {
      await api.save(file, newDiagramXml(processId, nameInput.value), null, '新建流程图');
    } catch (error) {
      const why = error instanceof ApiError && error.code === 'file-exists' ? `${file} 已存在。` : (error as Error).message;
      await showMessage('无法新建流程图', [why], 'new-diagram-failed');
      return;
    }
    await this.refreshFiles();
    await this.open(file, { force: true });
  }

  private setStatus(text: string, kind: 'info' | 'error' = 'info'): void {
    this.status.textContent = text;
    this.status.dataset['kind'] = kind;
  }

  private showTitle(): void {
    const current = this.current;
    this.title.textContent = current ? `${current.file}${current.dirty ? '（未保存）' : ''}` : '请从左侧选择一个流程或表单';
    this.title.title = this.title.textContent;
    this.title.dataset['dirty'] = String(current?.dirty ?? false);
  }

  /** True when the user agreed to drop unsaved changes (or there were none). */
  private async mayLeave(): Promise<boolean> {
    if (!this.current?.dirty) return true;
    return openDialog<boolean>({
      title: '有未保存的修改',
      kind: 'discard',
      body: [`${this.current.file} 有未保存的修改。放弃这些修改吗？`],
      actions: [
        { label: '留在此文件', value: false, name: 'stay' },
        { label: '放弃修改', value: true, primary: true, name: 'discard' },
      ],
      dismissValue: false,
    });
  }

  async open(file: string, options: { returnTo?: string; force?: boolean } = {}): Promise<void> {
    if (!options.force && !(await this.mayLeave())) return;
    let loaded;
    try {
      loaded = await api.file(file);
    } catch (error) {
      await showMessage('无法打开文件', [(error as Error).message], 'open-failed');
      return;
    }
    this.close();
    // Before the editor is made: it fits the diagram to the canvas it finds.
    this.filePane.fileOpened(true);
    const editor = this.createEditor(loaded.kind);
    const opened: OpenFile = { file: loaded.file, etag: loaded.etag, editor, dirty: false, ...(options.returnTo ? { returnTo: options.returnTo } : {}) };
    this.current = opened;
    try {
      const warnings = await editor.load(loaded.content);
      this.setStatus(warnings.length > 0 ? `打开时有 ${warnings.length} 条提示：${warnings.slice(0, 3).join('；')}` : '');
    } catch (error) {
      this.setStatus(`无法显示 ${file}：${(error as Error).message}`, 'error');
    }
    editor.onChange(() => {
      if (this.current !== opened) return;
      opened.dirty = true;
      this.showTitle();
      this.lint.schedule();
    });
    this.saveButton.disabled = false;
    this.historyButton.disabled = false;
    this.backButton.hidden = opened.returnTo === undefined;
    if (opened.returnTo) this.backButton.textContent = `返回 ${opened.returnTo}`;
    this.showTitle();
    this.lint.attach({ file: opened.file, content: () => editor.content(), selectElement: (id) => editor.selectElement(id) });
    this.renderFiles();
    document.body.dataset['openFile'] = opened.file;
  }

  private createEditor(kind: 'process' | 'form'): Editor {
    if (kind === 'form') {
      const container = h('div', { class: 'form-editor' });
      replaceChildren(this.editorHost, container);
      return new FormEditor(container);
    }
    const canvas = h('div', { class: 'canvas' });
    const properties = h('div', { class: 'properties-panel' });
    replaceChildren(this.editorHost, canvas, properties);
    const editor = new BpmnEditor(canvas, properties, this.elementTemplates);
    editor.onSelectedForm((formId) => {
      this.linkedFormId = formId;
      this.openFormButton.hidden = formId === undefined;
      this.openFormButton.textContent = formId ? `打开表单 ${formId}` : '打开表单';
    });
    return editor;
  }

  private close(): void {
    this.current?.editor.destroy();
    this.current = undefined;
    this.linkedFormId = undefined;
    this.openFormButton.hidden = true;
    this.lint.detach();
    replaceChildren(this.editorHost);
    this.filePane.fileOpened(false);
    delete document.body.dataset['openFile'];
  }

  private async openLinkedForm(): Promise<void> {
    const formId = this.linkedFormId;
    const from = this.current?.file;
    if (!formId || !from) return;
    const form = this.files.find((entry) => entry.kind === 'form' && entry.defines.some((definition) => definition.id === formId));
    if (!form) {
      await showMessage('找不到表单', [`processes/forms/ 中没有编号为 ${formId} 的表单。`], 'form-missing');
      return;
    }
    await this.open(form.file, { returnTo: from });
  }

  private async goBack(): Promise<void> {
    const back = this.current?.returnTo;
    if (back) await this.open(back);
  }

  private async save(): Promise<void> {
    const current = this.current;
    if (!current) return;
    const outcome = await saveWithComment(current.file, await current.editor.content(), current.etag);
    if (outcome.kind === 'reload') {
      await this.open(current.file, { force: true, ...(current.returnTo ? { returnTo: current.returnTo } : {}) });
      this.setStatus('已载入最新版本');
      return;
    }
    if (outcome.kind === 'cancelled') return;
    current.etag = outcome.result.etag;
    current.dirty = false;
    this.showTitle();
    this.setStatus(outcome.result.changed ? `已保存为第 ${outcome.result.version?.version} 版` : '内容没有变化，无需保存');
    await this.refreshFiles();
  }

  private async history(): Promise<void> {
    const current = this.current;
    if (!current) return;
    const restored = await showHistory(
      current.file,
      () => current.etag,
      () => current.dirty,
    ).catch(async (error: unknown) => {
      await showMessage('无法读取历史版本', [(error as Error).message], 'history-failed');
      return undefined;
    });
    if (!restored) return;
    await this.open(current.file, { force: true, ...(current.returnTo ? { returnTo: current.returnTo } : {}) });
    this.setStatus(`已恢复，保存为第 ${restored.version?.version} 版`);
    await this.refreshFiles();
  }

  private async deploy(): Promise<void> {
    const result = await deployAll(this.current?.dirty ?? false, (problem) => {
      if (problem.elementId && problem.file === this.current?.file) this.current.editor.selectElement(problem.elementId);
    });
    if (!result) return;
    const changed = result.resources.filter((resource) => resource.changed).map((resource) => `${resource.id} v${resource.version}`);
    this.setStatus(changed.length > 0 ? `已部署：${changed.join('，')}` : '没有改动，引擎中的版本不变');
    await this.refreshFiles();
  }

  private async logout(): Promise<void> {
    if (!(await this.mayLeave())) return;
    try {
      await api.logout();
    } catch (error) {
      await showMessage('无法退出', [(error as Error).message], 'logout-failed');
      return;
    }
    this.close();
    this.filePane.destroy();
    this.onLogout();
  }
}
