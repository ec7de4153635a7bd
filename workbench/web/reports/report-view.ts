/**
 * 登记来信来电举报 for the 巡查组: a report taken by letter, phone or in
 * person, sent to the running patrol with this 巡查编号 (the same message
 * as the REST path, anquan.patrol.report-received). The 巡查编号 is picked
 * from the patrols among the user's open tasks or typed; whether a patrol
 * waits for it the engine decides, and its refusal is shown as it comes.
 */
import type { PatrolReportRequest } from '../../api-types.ts';
import { api } from '../api/client.ts';
import { openPatrolIds } from '../lists/list-logic.ts';
import type { AppContext } from '../ui/context.ts';
import { h, replaceChildren, showMessage } from '../ui/dom.ts';
import { checkRequired, field } from '../ui/fields.ts';

const SOURCES = ['来信', '来电', '来访'] as const;

/** Today in Beijing, as a date input wants it. */
function today(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

export function renderReportView(context: AppContext, container: HTMLElement): void {
  const back = h('p', { class: 'back' }, h('a', { href: '#/list' }, '← 返回待办列表'));
  if (!context.session.user.canLogReports) {
    replaceChildren(container, back, h('p', { class: 'error', role: 'alert' }, '只有巡查组可以登记来信来电举报。/ only the patrol team logs reports.'));
    return;
  }
  const patrols = h('datalist', { id: 'patrol-ids' });
  const patrolId = h('input', { name: 'patrolId', list: 'patrol-ids', required: true, maxlength: '64', autocomplete: 'off' });
  const sourceGroup = h(
    'fieldset',
    { class: 'field radio-group' },
    h('legend', {}, '受理方式', h('span', { class: 'required-mark', 'aria-hidden': 'true' }, ' *')),
    ...SOURCES.map((source, index) =>
      h('label', { class: 'radio' }, h('input', { type: 'radio', name: 'source', value: source, checked: index === 1 }), source),
    ),
  );
  const reporter = h('input', { name: 'reporterContact', maxlength: '200', autocomplete: 'off' });
  const content = h('textarea', { name: 'content', rows: '6', maxlength: '5000', required: true });
  const receivedAt = h('input', { name: 'receivedAt', type: 'date', required: true, value: today(), max: today() });
  const status = h('div', { class: 'status', role: 'status', hidden: true });
  const submit = h('button', { type: 'submit', class: 'primary' }, '登记');
  const form = h(
    'form',
    { class: 'report-form', novalidate: true, 'aria-labelledby': 'report-title' },
    h('h1', { id: 'report-title' }, '登记来信来电举报'),
    h('p', { class: 'hint' }, '巡查进驻期间受理的来信、来电、来访，登记后作为问题线索关联到该次巡查。反映人信息保密，不写入移交函。'),
    field('巡查编号', patrolId, '可从您在办的巡查中选择，或直接输入，例：赣安巡〔2026〕1号'),
    patrols,
    sourceGroup,
    field('反映人及联系方式（可选）', reporter),
    field('举报内容', content),
    field('受理日期', receivedAt),
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
    if (!checkRequired([patrolId, content, receivedAt])) return;
    const source = (form.querySelector<HTMLInputElement>('input[name="source"]:checked')?.value ?? '来电') as (typeof SOURCES)[number];
    const report: PatrolReportRequest = {
      patrolId: patrolId.value.trim(),
      source,
      content: content.value.trim(),
      receivedAt: receivedAt.value,
      ...(reporter.value.trim() ? { reporterContact: reporter.value.trim() } : {}),
    };
    submit.disabled = true;
    api.report(report).then(
      () => {
        submit.disabled = false;
        showMessage(status, `已登记：举报已关联到巡查 ${report.patrolId}，并作为问题线索记入台账。`, 'ok');
        content.value = '';
        reporter.value = '';
        context.tasksChanged();
      },
      (error: unknown) => {
        submit.disabled = false;
        showMessage(status, context.failed(error), 'error');
      },
    );
  });
}
