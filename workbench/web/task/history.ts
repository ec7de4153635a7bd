/** The case history: who did what, when (oldest first, as the server lists it). */
import type { CaseHistoryEntry } from '../../api-types.ts';
import { formatDateTime } from '../lists/list-logic.ts';
import { h } from '../ui/dom.ts';

export function renderHistory(history: readonly CaseHistoryEntry[]): HTMLElement {
  return h(
    'section',
    { class: 'panel history', 'aria-labelledby': 'history-title' },
    h('h2', { id: 'history-title' }, '办理记录'),
    history.length === 0
      ? h('p', { class: 'empty' }, '暂无记录')
      : h(
          'ol',
          { class: 'history-list' },
          ...history.map((entry) =>
            h(
              'li',
              { class: entry.end ? 'done' : 'open' },
              h('span', { class: 'history-activity' }, entry.activity),
              h('span', { class: 'history-user' }, entry.user ?? (entry.end ? '系统' : '')),
              h(
                'span',
                { class: 'history-time' },
                h('time', { datetime: entry.start }, formatDateTime(entry.start)),
                entry.end ? ` 至 ${formatDateTime(entry.end)}` : '（办理中）',
              ),
            ),
          ),
        ),
  );
}
