/**
 * A task: what and for whom, its case, claim / unclaim, the form pre-filled
 * with the case's variables and 提交 (complete), then the case's documents,
 * attachments, comments and history.
 *
 * On a wide screen the form takes the main column and the case the side;
 * on a phone they follow each other.
 */
import type { TaskDetail, TaskSummary } from '../../api-types.ts';
import { ApiError, api } from '../api/client.ts';
import { renderFormPanel } from '../forms/form-panel.ts';
import { caseNumberOf, dueWording } from '../lists/list-logic.ts';
import type { AppContext, Teardown } from '../ui/context.ts';
import { h, replaceChildren, showMessage } from '../ui/dom.ts';
import { renderAttachments } from './attachments.ts';
import { renderComments } from './comments.ts';
import { renderDocuments } from './documents.ts';
import { renderHistory } from './history.ts';

function facts(task: TaskSummary): HTMLElement {
  const due = dueWording(task, new Date());
  const rows: Array<[string, Node | string]> = [
    ['流程', task.procedure],
    ['环节', task.name],
    ['被查单位/对象', task.targetUnit ?? '—'],
    ['编号', caseNumberOf(task)],
    ['截止时间', h('span', {}, due.date, due.relative ? h('span', { class: `due-relative due-${due.tone}` }, due.relative) : '')],
  ];
  if (task.stage) rows.push(['阶段', task.stage]);
  return h('dl', { class: 'task-facts' }, ...rows.flatMap(([term, value]) => [h('dt', {}, term), h('dd', {}, value)]));
}

function claimBar(context: AppContext, initial: TaskSummary, onChange: (task: TaskSummary) => void): HTMLElement {
  const userId = context.session.user.id;
  const bar = h('div', { class: 'claim-bar' });
  const status = h('p', { class: 'status', role: 'status', hidden: true });
  const draw = (task: TaskSummary): void => {
    onChange(task);
    const act = (label: string, call: (id: string) => Promise<TaskSummary>, done: string): HTMLButtonElement => {
      const button = h('button', { type: 'button', name: label === '签收' ? 'claim' : 'unclaim' }, label);
      button.addEventListener('click', () => {
        button.disabled = true;
        call(task.id).then(
          (updated) => {
            draw(updated);
            showMessage(status, done, 'ok');
            context.tasksChanged();
            bar.querySelector('button')?.focus();
          },
          (error: unknown) => {
            button.disabled = false;
            showMessage(status, context.failed(error), 'error');
          },
        );
      });
      return button;
    };
    const who =
      task.assignee === null
        ? h('span', { class: 'assignee' }, '尚未签收：本岗位人员均可办理')
        : h('span', { class: 'assignee' }, task.assignee === userId ? '已由您签收' : `由 ${task.assignee} 签收办理`);
    replaceChildren(
      bar,
      who,
      task.assignee === null ? act('签收', api.claim, '已签收，此事项移入“我的待办”') : null,
      task.assignee === userId ? act('退回本组', api.unclaim, '已退回本组待办') : null,
      status,
    );
  };
  draw(initial);
  return bar;
}

export function renderTaskView(context: AppContext, container: HTMLElement, taskId: string): Teardown {
  let destroyed = false;
  let teardown: Teardown = () => undefined;
  replaceChildren(container, h('p', { class: 'loading' }, '正在载入…'));
  api.task(taskId).then(
    (detail: TaskDetail) => {
      if (destroyed) return;
      const { task } = detail;
      let current = task;
      const panel = renderFormPanel(context, {
        schema: detail.formSchema,
        data: detail.variables,
        submitLabel: '提交',
        noFormText: '此事项没有需要填写的表单，确认后点击“提交”即办结。',
        // An unclaimed task is claimed first, as Tasklist does: the engine then records who completed it
        // (the case history's 办理人, and the task in this user's 已办).
        send: async (variables) => {
          if (current.assignee === null) current = await api.claim(task.id);
          await api.complete(task.id, variables);
          context.tasksChanged();
          context.flash(`已提交：${task.title || task.name}`);
          context.navigate('#/list');
        },
      });
      teardown = () => panel.destroy();
      const documents = renderDocuments(detail.documents);
      replaceChildren(
        container,
        h('p', { class: 'back' }, h('a', { href: '#/list' }, '← 返回待办列表')),
        h(
          'div',
          { class: 'task-page' },
          h(
            'div',
            { class: 'task-main' },
            h('h1', { class: 'task-title' }, task.title || task.name),
            facts(task),
            claimBar(context, task, (updated) => {
              current = updated;
            }),
            h('section', { class: 'panel form-section', 'aria-labelledby': 'form-title' }, h('h2', { id: 'form-title', class: 'visually-hidden' }, `填写：${task.name}`), panel.element),
          ),
          h(
            'aside',
            { class: 'task-side', 'aria-label': '案卷' },
            documents,
            renderAttachments(context, task.id, detail.attachments, detail.expectedAttachments),
            renderComments(context, task.id, detail.comments),
            renderHistory(detail.history),
          ),
        ),
      );
      void panel.ready;
    },
    (error: unknown) => {
      if (destroyed) return;
      const message =
        error instanceof ApiError && error.status === 404 ? '此事项不存在、已办结，或您无权查看。/ the task does not exist, is completed, or you may not see it.' : context.failed(error);
      replaceChildren(container, h('p', { class: 'back' }, h('a', { href: '#/list' }, '← 返回待办列表')), h('p', { class: 'error', role: 'alert' }, message));
    },
  );
  return () => {
    destroyed = true;
    teardown();
  };
}
