/**
 * The task lists as tabs (我的待办, 本组待办, 即将到期, 已逾期, 已办, 移交来件
 * for those the engine lets read the clue transfers, and 全部在办 for
 * 安委办), each with its count, and the chosen list as a table sorted by due
 * date (移交来件 newest first, each row opening its case page). On a phone the table's rows become cards
 * (styles/app.css), each cell keeping its column name.
 *
 * The tabs follow the WAI-ARIA tabs pattern: one Tab stop, arrow keys move
 * between tabs, and the address (`#/list/overdue`) names the tab so Back works.
 */
import type { CaseSummary, CompletedTaskSummary, TaskListName, TaskSummary } from '../../api-types.ts';
import { api } from '../api/client.ts';
import type { AppContext } from '../ui/context.ts';
import { h, replaceChildren } from '../ui/dom.ts';
import {
  LIST_LABELS,
  type ListView,
  caseHash,
  caseNumberOf,
  caseStateLabel,
  dueWording,
  formatDateTime,
  listTabs,
  sortByDue,
  tabFromRoute,
} from './list-logic.ts';

type Loaded =
  | { readonly kind: 'open'; readonly tasks: TaskSummary[] }
  | { readonly kind: 'completed'; readonly tasks: CompletedTaskSummary[] }
  | { readonly kind: 'cases'; readonly tasks: CaseSummary[] };

function load(view: ListView): Promise<Loaded> {
  if (view === 'completed') return api.completed().then((tasks) => ({ kind: 'completed', tasks }));
  if (view === 'transfers') return api.cases('transfers').then((tasks) => ({ kind: 'cases', tasks }));
  return api.tasks(view as TaskListName).then((tasks) => ({ kind: 'open', tasks: sortByDue(tasks) }));
}

const COLUMNS = ['事项', '流程', '被查单位/对象', '编号', '截止时间', '阶段'] as const;
const COMPLETED_COLUMNS = ['事项', '流程', '编号', '办结时间'] as const;
const CASE_COLUMNS = ['案卷', '流程', '文号/编号', '状态', '发起时间', '办结时间'] as const;

function cell(column: string, ...content: Array<Node | string | null>): HTMLTableCellElement {
  return h('td', { 'data-label': column }, ...content);
}

function openTable(tasks: readonly TaskSummary[], userId: string, caption: string): HTMLElement {
  const now = new Date();
  return h(
    'table',
    { class: 'task-table' },
    h('caption', { class: 'visually-hidden' }, caption),
    h('thead', {}, h('tr', {}, ...COLUMNS.map((column) => h('th', { scope: 'col' }, column)))),
    h(
      'tbody',
      {},
      ...tasks.map((task) => {
        const due = dueWording(task, now);
        const link = h('a', { href: `#/task/${encodeURIComponent(task.id)}`, class: 'task-link' }, task.title || task.name);
        const row = h(
          'tr',
          { 'data-task-id': task.id, 'data-tone': due.tone },
          cell(
            COLUMNS[0],
            link,
            task.assignee === userId ? h('span', { class: 'tag tag-mine' }, '我已签收') : null,
            task.assignee && task.assignee !== userId ? h('span', { class: 'tag' }, `${task.assignee} 办理中`) : null,
          ),
          cell(COLUMNS[1], task.procedure),
          cell(COLUMNS[2], task.targetUnit ?? '—'),
          cell(COLUMNS[3], caseNumberOf(task)),
          cell(
            COLUMNS[4],
            h(
              'span',
              { class: 'due' },
              h('span', { class: 'due-date' }, due.date),
              due.relative ? h('span', { class: `due-relative due-${due.tone}` }, due.relative) : null,
            ),
          ),
          cell(COLUMNS[5], task.stage ?? task.name),
        );
        // The whole row (or card) opens the task; the link stays the keyboard's way in.
        row.addEventListener('click', (event) => {
          if (!(event.target as Element).closest('a')) link.click();
        });
        return row;
      }),
    ),
  );
}

function completedTable(tasks: readonly CompletedTaskSummary[], caption: string): HTMLElement {
  return h(
    'table',
    { class: 'task-table completed' },
    h('caption', { class: 'visually-hidden' }, caption),
    h('thead', {}, h('tr', {}, ...COMPLETED_COLUMNS.map((column) => h('th', { scope: 'col' }, column)))),
    h(
      'tbody',
      {},
      ...tasks.map((task) =>
        h(
          'tr',
          { 'data-task-id': task.id },
          cell(COMPLETED_COLUMNS[0], h('span', { class: 'task-title' }, task.title || task.name)),
          cell(COMPLETED_COLUMNS[1], task.procedure),
          cell(COMPLETED_COLUMNS[2], task.businessKey ?? '—'),
          cell(COMPLETED_COLUMNS[3], formatDateTime(task.endTime)),
        ),
      ),
    ),
  );
}

function casesTable(cases: readonly CaseSummary[], caption: string): HTMLElement {
  return h(
    'table',
    { class: 'task-table cases' },
    h('caption', { class: 'visually-hidden' }, caption),
    h('thead', {}, h('tr', {}, ...CASE_COLUMNS.map((column) => h('th', { scope: 'col' }, column)))),
    h(
      'tbody',
      {},
      ...cases.map((item) => {
        const link = h('a', { href: caseHash(item.processInstanceId), class: 'task-link case-link' }, item.title);
        const row = h(
          'tr',
          { 'data-case-id': item.processInstanceId, 'data-state': item.state },
          cell(CASE_COLUMNS[0], link),
          cell(CASE_COLUMNS[1], item.procedure),
          cell(CASE_COLUMNS[2], item.caseNumber ?? item.businessKey ?? '—'),
          cell(CASE_COLUMNS[3], h('span', { class: `tag case-state case-state-${item.state.toLowerCase()}` }, caseStateLabel(item.state))),
          cell(CASE_COLUMNS[4], formatDateTime(item.startTime)),
          cell(CASE_COLUMNS[5], item.endTime ? formatDateTime(item.endTime) : '—'),
        );
        // As in the task lists: the whole row opens the case, the link stays the keyboard's way in.
        row.addEventListener('click', (event) => {
          if (!(event.target as Element).closest('a')) link.click();
        });
        return row;
      }),
    ),
  );
}

const EMPTY: Readonly<Record<ListView, string>> = {
  mine: '没有分派给您的待办。可在“本组待办”中签收本岗位的事项。',
  group: '本组暂无待签收的事项。',
  'due-soon': '没有即将到期的事项。',
  overdue: '没有逾期的事项。',
  completed: '还没有已办事项。',
  transfers: '暂无移交来件。',
  'all-open': '当前没有在办事项。',
};

export function renderListView(context: AppContext, container: HTMLElement, routeTab: string | undefined): void {
  // Arrow keys on a tab re-render the view: the new current tab takes the focus over.
  const tabHadFocus = document.activeElement?.getAttribute('role') === 'tab' && container.contains(document.activeElement);
  const tabs = listTabs(context.session.user, { canReadTransfers: context.session.canReadTransfers });
  const current = tabFromRoute(routeTab, tabs);
  const loads = new Map<ListView, Promise<Loaded>>(tabs.map((tab) => [tab, load(tab)]));

  const tabButtons = tabs.map((tab) => {
    const count = h('span', { class: 'tab-count', 'aria-hidden': 'true' }, '…');
    const button = h(
      'button',
      {
        type: 'button',
        role: 'tab',
        id: `tab-${tab}`,
        class: 'tab',
        'data-list': tab,
        'aria-selected': String(tab === current),
        'aria-controls': 'task-panel',
        tabindex: tab === current ? '0' : '-1',
        onclick: () => context.navigate(`#/list/${tab}`),
      },
      h('span', { class: 'tab-label' }, LIST_LABELS[tab]),
      count,
    );
    void loads.get(tab)?.then(
      (loaded) => {
        count.textContent = String(loaded.tasks.length);
        count.dataset['count'] = String(loaded.tasks.length);
        button.setAttribute('aria-label', `${LIST_LABELS[tab]}，${loaded.tasks.length} 项`);
      },
      () => {
        count.textContent = '!';
      },
    );
    return button;
  });
  const tablist = h('div', { class: 'tabs', role: 'tablist', 'aria-label': '待办列表' }, ...tabButtons);
  tablist.addEventListener('keydown', (event) => {
    const index = tabButtons.findIndex((button) => button === document.activeElement);
    if (index < 0) return;
    const move: Record<string, number> = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: tabButtons.length - 1 };
    const target = move[event.key];
    if (target === undefined) return;
    event.preventDefault();
    const next = tabButtons[(target + tabButtons.length) % tabButtons.length];
    next?.click();
  });

  const panel = h('div', { id: 'task-panel', role: 'tabpanel', 'aria-labelledby': `tab-${current}`, class: 'task-panel', 'aria-busy': 'true' }, h('p', { class: 'loading' }, '正在载入…'));
  replaceChildren(container, h('h1', { class: 'visually-hidden' }, '待办'), tablist, panel);
  if (tabHadFocus) tabButtons[tabs.indexOf(current)]?.focus();

  loads.get(current)?.then(
    (loaded) => {
      panel.setAttribute('aria-busy', 'false');
      if (loaded.tasks.length === 0) {
        replaceChildren(panel, h('p', { class: 'empty' }, EMPTY[current]));
        return;
      }
      const caption = LIST_LABELS[current];
      replaceChildren(
        panel,
        loaded.kind === 'open'
          ? openTable(loaded.tasks, context.session.user.id, caption)
          : loaded.kind === 'completed'
            ? completedTable(loaded.tasks, caption)
            : casesTable(loaded.tasks, caption),
      );
    },
    (error: unknown) => {
      panel.setAttribute('aria-busy', 'false');
      replaceChildren(panel, h('p', { class: 'error', role: 'alert' }, context.failed(error)));
    },
  );
}
