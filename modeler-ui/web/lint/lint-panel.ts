/**
 * Live checks: after each change (debounced) the unsaved content goes to
 * POST /api/lint, which runs the deploy checks (bpmnlint camunda-compat and
 * the project's rules); the panel lists this file's problems, and a click on
 * one selects and shows its element (on its drill-down plane, when it is
 * inside a collapsed sub-process). Answers that arrive after a newer
 * request was sent are dropped, so a slow check never overwrites a newer one.
 *
 * The list folds into the panel's one-line bar, so that it does not take the
 * canvas's height (at 1440×900 the diagrams are laid out for the canvas of
 * MODELER_CANVAS_AT_1440x900 in deploy/diagram-layout.ts): it is folded when
 * a file opens and unfolds by itself when a check finds more errors than the
 * one before; warnings wait in the bar's count. A person may always fold or
 * unfold it.
 */
import { type LintResult, type Problem, api } from '../api/client.ts';
import { h, replaceChildren } from '../ui/dom.ts';

export const LINT_DELAY_MS = 600;

export interface LintTarget {
  readonly file: string;
  content(): Promise<string>;
  selectElement(elementId: string): boolean;
}

export class LintPanel {
  readonly element: HTMLElement;
  private readonly summary: HTMLElement;
  private readonly list: HTMLElement;
  private readonly toggle: HTMLButtonElement;
  private shownErrors = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private sequence = 0;
  private target: LintTarget | undefined;

  constructor() {
    this.summary = h('span', { class: 'lint-summary' }, '尚未检查');
    this.list = h('ul', { class: 'lint-problems', id: 'lint-problems' });
    this.toggle = h('button', { type: 'button', name: 'toggle-lint', class: 'lint-toggle', 'aria-controls': 'lint-problems', hidden: true, onclick: () => this.setFolded(!this.folded) });
    this.element = h('section', { class: 'lint-panel', 'aria-label': '检查结果' }, h('header', {}, h('strong', {}, '检查结果'), this.summary, this.toggle), this.list);
    this.setFolded(true);
  }

  get folded(): boolean {
    return this.list.hidden;
  }

  setFolded(folded: boolean): void {
    this.list.hidden = folded;
    this.toggle.setAttribute('aria-expanded', String(!folded));
    this.toggle.textContent = folded ? `显示问题（${this.list.childElementCount}）` : '收起问题';
    this.toggle.title = folded ? '展开检查结果' : '收起检查结果';
  }

  /** Follows a newly opened file and checks it at once. */
  attach(target: LintTarget): void {
    this.target = target;
    this.sequence += 1;
    this.shownErrors = 0;
    // The previous file's colour must not stand for this one until its first check answers.
    delete this.element.dataset['state'];
    this.showProblems([]);
    void this.run();
  }

  detach(): void {
    this.target = undefined;
    this.sequence += 1;
    clearTimeout(this.timer);
    this.summary.textContent = '尚未检查';
    delete this.element.dataset['state'];
    this.shownErrors = 0;
    this.showProblems([]);
  }

  /** Called on every change; the check runs once the changes pause. */
  schedule(): void {
    clearTimeout(this.timer);
    this.summary.textContent = '正在检查…';
    this.timer = setTimeout(() => void this.run(), LINT_DELAY_MS);
  }

  private async run(): Promise<void> {
    const target = this.target;
    if (!target) return;
    const sequence = ++this.sequence;
    this.summary.textContent = '正在检查…';
    let result: LintResult;
    try {
      result = await api.lint(target.file, await target.content());
    } catch (error) {
      if (sequence === this.sequence) {
        this.summary.textContent = `检查失败：${(error as Error).message}`;
        this.element.dataset['state'] = 'failed';
      }
      return;
    }
    if (sequence !== this.sequence) return;
    this.render(result, target);
  }

  private render(result: LintResult, target: LintTarget): void {
    const errors = result.problems.filter((problem) => problem.severity === 'error').length;
    const warnings = result.problems.length - errors;
    this.element.dataset['state'] = errors > 0 ? 'errors' : warnings > 0 ? 'warnings' : 'clean';
    const others = result.otherProblems.filter((problem) => problem.severity === 'error').length;
    this.summary.textContent =
      result.problems.length === 0 ? '没有问题' : `${errors} 个错误，${warnings} 个警告`;
    if (others > 0) this.summary.textContent += `（其他文件另有 ${others} 个错误，部署前须修正）`;
    const newErrors = errors > this.shownErrors;
    this.shownErrors = errors;
    this.showProblems(result.problems.map((problem) => this.item(problem, target)), newErrors);
  }

  /** Lists the problems; unfolds for new errors, folds when there are none, else keeps the person's choice. */
  private showProblems(items: HTMLElement[], unfold = false): void {
    replaceChildren(this.list, ...items);
    this.toggle.hidden = items.length === 0;
    this.setFolded(items.length === 0 ? true : unfold ? false : this.folded);
  }

  private item(problem: Problem, target: LintTarget): HTMLElement {
    const label = problem.severity === 'error' ? '错误' : '警告';
    return h(
      'li',
      { class: `lint-problem ${problem.severity}`, 'data-element-id': problem.elementId, 'data-rule': problem.rule },
      h(
        'button',
        {
          type: 'button',
          disabled: problem.elementId === undefined,
          title: problem.elementId ? `定位到 ${problem.elementId}` : undefined,
          onclick: () => {
            if (problem.elementId) target.selectElement(problem.elementId);
          },
        },
        h('span', { class: 'severity' }, label),
        h('span', { class: 'element' }, problem.elementId ?? '整个文件'),
        h('span', { class: 'message' }, problem.message),
        h('span', { class: 'rule' }, problem.rule),
      ),
    );
  }
}
