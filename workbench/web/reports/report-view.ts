/**
 * 登记来信来电举报 for the 巡查组: a report taken by letter, phone or in
 * person, sent to the running patrol with this 巡查编号 (the same message
 * as the REST path, anquan.patrol.report-received). The frame (巡查编号,
 * checks, the engine's refusal) is the on-site forms' (on-site-form.ts).
 */
import type { PatrolReportRequest } from '../../api-types.ts';
import { api } from '../api/client.ts';
import type { AppContext } from '../ui/context.ts';
import { h } from '../ui/dom.ts';
import { renderOnSiteForm } from './on-site-form.ts';
import { receivedAtOf, todayInBeijing as today } from './report-logic.ts';

const SOURCES = ['来信', '来电', '来访'] as const;

export function renderReportView(context: AppContext, container: HTMLElement): void {
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
  renderOnSiteForm(context, container, {
    title: '登记来信来电举报',
    hint: '巡查进驻期间受理的来信、来电、来访，登记后作为问题线索关联到该次巡查。反映人信息保密，不写入移交函。',
    refusal: '只有巡查组可以登记来信来电举报。/ only the patrol team logs reports.',
    submitLabel: '登记',
    fields: [
      sourceGroup,
      { label: '反映人及联系方式（可选）', control: reporter },
      { label: '举报内容', control: content },
      { label: '受理日期', control: receivedAt },
    ],
    required: [content, receivedAt],
    send: (patrolId) => {
      const source = (sourceGroup.querySelector<HTMLInputElement>('input[name="source"]:checked')?.value ?? '来电') as (typeof SOURCES)[number];
      const at = receivedAtOf(receivedAt.value, today());
      const report: PatrolReportRequest = {
        patrolId,
        source,
        content: content.value.trim(),
        ...(at ? { receivedAt: at } : {}),
        ...(reporter.value.trim() ? { reporterContact: reporter.value.trim() } : {}),
      };
      return api.report(report);
    },
    sent: (patrolId) => `已登记：举报已关联到巡查 ${patrolId}，并作为问题线索记入台账。`,
    reset: () => {
      content.value = '';
      reporter.value = '';
    },
  });
}
