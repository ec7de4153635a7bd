/**
 * The frame the 巡查组's on-site forms share (登记举报, 上报重大问题,
 * 记录阻挠巡查): the 巡查编号 picked from the patrols among the user's open
 * tasks or typed, our own Chinese required-field check, the server's field
 * errors shown at their fields, and the engine's refusal (no patrol on site,
 * not the 巡查组) shown as it comes. Each form then says what it sends.
 */
import { ApiError, api } from '../api/client.ts';
import { openPatrolIds } from '../lists/list-logic.ts';
import type { AppContext } from '../ui/context.ts';
import { h, replaceChildren, showMessage } from '../ui/dom.ts';
import { checkRequired, field, setFieldError } from '../ui/fields.ts';

type Control = HTMLInputElement | HTMLTextAreaElement;

export interface OnSiteFormSpec {
  /** The form's name, e.g. 上报重大问题; also its heading. */
  readonly title: string;
  readonly hint: string;
  /** Shown instead of the form to a login outside the 巡查组 (the server refuses them too). */
  readonly refusal: string;
  readonly submitLabel: string;
  /** The fields after the 巡查编号, in order; a control's `name` is the request field it fills. */
  readonly fields: readonly (HTMLElement | { readonly label: string; readonly control: Control; readonly hint?: string })[];
  /** The controls the required check covers besides the 巡查编号. */
  readonly required: readonly Control[];
  /** Sends the form; `patrolId` is trimmed. */
  send(patrolId: string): Promise<unknown>;
  /** What the person is told once it reached the patrol. */
  sent(patrolId: string): string;
  /** Clears what should not be sent twice; the 巡查编号 stays for the next entry. */
  reset(): void;
}

export function renderOnSiteForm(context: AppContext, container: HTMLElement, spec: OnSiteFormSpec): void {
  const back = h('p', { class: 'back' }, h('a', { href: '#/list' }, '← 返回待办列表'));
  if (!context.session.user.canLogReports) {
    replaceChildren(container, back, h('p', { class: 'error', role: 'alert' }, spec.refusal));
    return;
  }
  const patrols = h('datalist', { id: 'patrol-ids' });
  const patrolId = h('input', { name: 'patrolId', list: 'patrol-ids', required: true, maxlength: '64', autocomplete: 'off' });
  const status = h('div', { class: 'status', role: 'status', hidden: true });
  const submit = h('button', { type: 'submit', class: 'primary' }, spec.submitLabel);
  const controls: Control[] = [patrolId];
  const rendered = spec.fields.map((entry) => {
    if (entry instanceof HTMLElement) return entry;
    controls.push(entry.control);
    return field(entry.label, entry.control, entry.hint);
  });
  const form = h(
    'form',
    { class: 'report-form', novalidate: true, 'aria-labelledby': 'report-title' },
    h('h1', { id: 'report-title' }, spec.title),
    h('p', { class: 'hint' }, spec.hint),
    field('巡查编号', patrolId, '可从您在办的巡查中选择，或直接输入，例：赣安巡〔2026〕1号'),
    patrols,
    ...rendered,
    status,
    h('div', { class: 'actions' }, submit),
  );
  replaceChildren(container, back, h('section', { class: 'panel report-page' }, form));
  patrolId.focus();

  // The patrols this user works on: its open tasks of safety-patrol / patrol-entry carry the 巡查编号.
  Promise.all([api.tasks('mine'), api.tasks('group')]).then(
    (lists) => replaceChildren(patrols, ...openPatrolIds(lists.flat()).map((id) => h('option', { value: id }))),
    () => undefined,
  );

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    showMessage(status, '');
    if (!checkRequired([patrolId, ...spec.required])) return;
    const patrol = patrolId.value.trim();
    submit.disabled = true;
    spec.send(patrol).then(
      () => {
        submit.disabled = false;
        showMessage(status, spec.sent(patrol), 'ok');
        spec.reset();
        context.tasksChanged();
      },
      (error: unknown) => {
        submit.disabled = false;
        // A field the server named is marked where it is; the whole message stays in the status line.
        if (error instanceof ApiError) {
          for (const problem of error.fields) {
            const control = controls.find((candidate) => candidate.name === problem.field);
            if (control) setFieldError(control, problem.zh);
          }
        }
        showMessage(status, context.failed(error), 'error');
      },
    );
  });
}
