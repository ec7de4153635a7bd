/**
 * The column of the file list, foldable to a narrow rail so that the canvas
 * gets the room: at 1440×900 the diagrams are laid out for a canvas of
 * MODELER_CANVAS_AT_1440x900 (deploy/diagram-layout.ts), which a 300 px list
 * beside the properties panel would not leave. On windows narrower than
 * FOLD_BELOW_WIDTH_PX the list folds whenever a file opens; on wider ones it
 * stays open. A person may always fold or unfold it; the choice holds until
 * the next file opens or the window crosses that width.
 */
import { h } from '../ui/dom.ts';

export const FOLD_BELOW_WIDTH_PX = 1600;

const UNFOLD_LABEL = '展开文件列表';
const FOLD_LABEL = '收起文件列表';

export class FileListPane {
  readonly element: HTMLElement;
  /** Where renderFileList draws the files. */
  readonly list: HTMLElement;
  private readonly toggle: HTMLButtonElement;
  private readonly toggleIcon = h('span', { class: 'toggle-icon', 'aria-hidden': 'true' });
  private readonly toggleText = h('span', { class: 'toggle-text', 'aria-hidden': 'true' });
  // max-width instead of the range syntax `(width < 1600px)`, which Chromium reads only from version 104 on: in the
  // government offices' browsers on older kernels the list would never fold. 0.02 px below the limit, so that a
  // window of exactly FOLD_BELOW_WIDTH_PX counts as wide and the fractional width of a zoomed page (1599.5) as narrow.
  private readonly narrowWindow = window.matchMedia(`(max-width: ${FOLD_BELOW_WIDTH_PX - 0.02}px)`);
  private readonly onWidthCrossed = (): void => this.foldAsTheWindowWants();
  private fileOpen = false;

  constructor() {
    this.list = h('nav', { class: 'file-list', id: 'file-list', 'aria-label': '流程和表单' });
    this.toggle = h(
      'button',
      { type: 'button', name: 'toggle-file-list', class: 'file-list-toggle', 'aria-controls': 'file-list', onclick: () => this.setFolded(!this.folded) },
      this.toggleIcon,
      this.toggleText,
    );
    this.element = h('aside', { class: 'file-pane' }, this.toggle, this.list);
    this.narrowWindow.addEventListener('change', this.onWidthCrossed);
    this.setFolded(false);
  }

  get folded(): boolean {
    return this.element.dataset['folded'] === 'true';
  }

  /** Called when a file opens (true) or the open file closes (false). */
  fileOpened(open: boolean): void {
    this.fileOpen = open;
    this.foldAsTheWindowWants();
  }

  setFolded(folded: boolean): void {
    this.element.dataset['folded'] = String(folded);
    this.list.hidden = folded;
    const label = folded ? UNFOLD_LABEL : FOLD_LABEL;
    this.toggle.setAttribute('aria-label', label);
    this.toggle.setAttribute('aria-expanded', String(!folded));
    this.toggle.title = label;
    this.toggleIcon.textContent = folded ? '»' : '«';
    this.toggleText.textContent = folded ? '文件列表' : '收起';
  }

  /** Stops following the window's width (the workspace is left). */
  destroy(): void {
    this.narrowWindow.removeEventListener('change', this.onWidthCrossed);
  }

  private foldAsTheWindowWants(): void {
    this.setFolded(this.fileOpen && this.narrowWindow.matches);
  }
}
