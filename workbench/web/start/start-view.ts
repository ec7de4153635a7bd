/**
 * Starting a procedure from the 发起 menu: its start form (or none), 发起,
 * then the new case's first task when it is this user's (the patrol's
 * 摸底分析 for 安委办), else a note that the next step is another role's.
 */
import type { TaskSummary } from '../../api-types.ts';
import { api } from '../api/client.ts';
import { renderFormPanel } from '../forms/form-panel.ts';
import type { AppContext, Teardown } from '../ui/context.ts';
import { h, replaceChildren } from '../ui/dom.ts';

/** The first task of the new instance among this user's lists; the engine creates it within the start call, so one look usually finds it. */
async function firstTask(processInstanceId: string): Promise<TaskSummary | undefined> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const lists = await Promise.all([api.tasks('mine'), api.tasks('group')]);
    const found = lists.flat().find((task) => task.processInstanceId === processInstanceId);
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 400));
  }
  return undefined;
}

export function renderStartView(context: AppContext, container: HTMLElement, key: string): Teardown {
  let destroyed = false;
  let teardown: Teardown = () => undefined;
  const process = context.session.startable.find((candidate) => candidate.key === key);
  const back = h('p', { class: 'back' }, h('a', { href: '#/list' }, '← 返回待办列表'));
  if (!process) {
    replaceChildren(container, back, h('p', { class: 'error', role: 'alert' }, '您无权发起此流程，或流程不存在。/ you may not start this procedure, or it does not exist.'));
    return () => undefined;
  }
  replaceChildren(container, back, h('p', { class: 'loading' }, '正在载入…'));
  api.startForm(key).then(
    (startForm) => {
      if (destroyed) return;
      const result = h('div', { class: 'start-result', role: 'status' });
      const panel = renderFormPanel(context, {
        schema: startForm.formSchema,
        data: {},
        submitLabel: '发起',
        noFormText: '此流程发起时无需填写表单，点击“发起”即开始，随后在第一个环节填写。',
        send: async (variables) => {
          const started = await api.start(key, variables);
          context.tasksChanged();
          const task = await firstTask(started.processInstanceId);
          if (task) {
            context.flash(`已发起${startForm.name || process.name}，请办理第一个环节`);
            context.navigate(`#/task/${encodeURIComponent(task.id)}`);
            return;
          }
          replaceChildren(
            result,
            h('p', {}, `已发起${startForm.name || process.name}${started.businessKey ? `（编号 ${started.businessKey}）` : ''}。下一步由其他岗位办理。`),
            h('p', {}, h('a', { href: '#/list' }, '返回待办列表')),
          );
          panel.element.hidden = true;
        },
      });
      teardown = () => panel.destroy();
      replaceChildren(
        container,
        back,
        h('section', { class: 'panel start-page', 'aria-labelledby': 'start-title' }, h('h1', { id: 'start-title' }, `发起：${startForm.name || process.name}`), panel.element, result),
      );
    },
    (error: unknown) => {
      if (!destroyed) replaceChildren(container, back, h('p', { class: 'error', role: 'alert' }, context.failed(error)));
    },
  );
  return () => {
    destroyed = true;
    teardown();
  };
}
