/**
 * A case read-only (`#/case/<process instance>`), for those the engine lets
 * read a case they work no task in, such as 纪检监察联络 and the 移交函 of a
 * clue transfer: what and for whom, its documents as they were sent (in the
 * same sandboxed frames as on the task page), attachments and history. No
 * form, claim or comment: there is no task of the user's to act on.
 *
 * On a wide screen the documents take the main column and the attachments
 * and history the side; on a phone they follow each other.
 */
import type { CaseDetail, CaseSummary } from '../../api-types.ts';
import { ApiError, api } from '../api/client.ts';
import { caseStateLabel, formatDateTime } from '../lists/list-logic.ts';
import type { AppContext, Teardown } from '../ui/context.ts';
import { h, replaceChildren } from '../ui/dom.ts';
import { renderAttachmentList } from '../task/attachments.ts';
import { renderDocuments } from '../task/documents.ts';
import { renderHistory } from '../task/history.ts';

const BACK = '#/list/transfers';

function facts(summary: CaseSummary): HTMLElement {
  const rows: Array<[string, string]> = [
    ['流程', summary.procedure],
    ['文号/编号', summary.caseNumber ?? summary.businessKey ?? '—'],
    ['状态', caseStateLabel(summary.state)],
    ['发起时间', formatDateTime(summary.startTime)],
  ];
  if (summary.endTime) rows.push(['办结时间', formatDateTime(summary.endTime)]);
  return h('dl', { class: 'task-facts case-facts' }, ...rows.flatMap(([term, value]) => [h('dt', {}, term), h('dd', {}, value)]));
}

function backLink(): HTMLElement {
  return h('p', { class: 'back' }, h('a', { href: BACK }, '← 返回移交来件'));
}

export function renderCaseView(context: AppContext, container: HTMLElement, processInstanceId: string): Teardown {
  let destroyed = false;
  replaceChildren(container, h('p', { class: 'loading' }, '正在载入…'));
  api.case(processInstanceId).then(
    (detail: CaseDetail) => {
      if (destroyed) return;
      const { summary } = detail;
      replaceChildren(
        container,
        backLink(),
        h(
          'div',
          { class: 'task-page case-page', 'data-case-id': summary.processInstanceId },
          h(
            'div',
            { class: 'task-main' },
            h('h1', { class: 'task-title' }, summary.title),
            facts(summary),
            renderDocuments(detail.documents) ??
              h(
                'section',
                { class: 'panel documents', 'aria-labelledby': 'documents-title' },
                h('h2', { id: 'documents-title' }, '案卷文书'),
                h('p', { class: 'empty' }, '此案卷尚无文书。'),
              ),
          ),
          h('aside', { class: 'task-side', 'aria-label': '案卷' }, renderAttachmentList(detail.attachments), renderHistory(detail.history)),
        ),
      );
    },
    (error: unknown) => {
      if (destroyed) return;
      const message =
        error instanceof ApiError && error.status === 404 ? '此案卷不存在，或您无权查看。/ the case does not exist, or you may not see it.' : context.failed(error);
      replaceChildren(container, backLink(), h('p', { class: 'error', role: 'alert' }, message));
    },
  );
  return () => {
    destroyed = true;
  };
}
