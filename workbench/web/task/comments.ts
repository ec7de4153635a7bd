/** The task's comments (意见) in time order, and a box to add one (Ctrl+Enter sends it). */
import type { TaskComment } from '../../api-types.ts';
import { api } from '../api/client.ts';
import { formatDateTime } from '../lists/list-logic.ts';
import type { AppContext } from '../ui/context.ts';
import { h, replaceChildren, showMessage } from '../ui/dom.ts';
import { checkRequired, field } from '../ui/fields.ts';

function commentItem(comment: TaskComment): HTMLElement {
  return h(
    'li',
    { class: 'comment' },
    h('div', { class: 'comment-meta' }, h('span', { class: 'comment-user' }, comment.userId), ' ', h('time', { datetime: comment.time }, formatDateTime(comment.time))),
    h('p', { class: 'comment-message' }, comment.message),
  );
}

export function renderComments(context: AppContext, taskId: string, initial: readonly TaskComment[]): HTMLElement {
  const comments = [...initial];
  const list = h('ol', { class: 'comment-list', 'aria-live': 'polite' });
  const draw = (): void => {
    replaceChildren(list, ...(comments.length === 0 ? [h('li', { class: 'empty' }, '暂无意见')] : comments.map(commentItem)));
  };
  draw();
  const message = h('textarea', { name: 'comment', rows: '3', maxlength: '5000', required: true });
  const status = h('p', { class: 'status', role: 'status', hidden: true });
  const submit = h('button', { type: 'submit' }, '添加意见');
  const form = h('form', { class: 'comment-form', novalidate: true }, field('意见', message, 'Ctrl+Enter 发送'), h('div', { class: 'actions' }, submit), status);
  message.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && !event.isComposing) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!checkRequired([message])) return;
    submit.disabled = true;
    api.comment(taskId, message.value.trim()).then(
      (comment) => {
        comments.push(comment);
        draw();
        message.value = '';
        submit.disabled = false;
        showMessage(status, '意见已添加', 'ok');
      },
      (error: unknown) => {
        submit.disabled = false;
        showMessage(status, context.failed(error), 'error');
      },
    );
  });
  return h('section', { class: 'panel comments', 'aria-labelledby': 'comments-title' }, h('h2', { id: 'comments-title' }, '意见'), list, form);
}
