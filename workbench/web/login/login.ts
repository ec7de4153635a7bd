/**
 * The login (POST /tasks/api/session): the Operaton identity's user name and
 * password, checked by the server against the engine as that user. Behind
 * the organisation's SSO the server already knows the user and this screen
 * never shows.
 */
import type { SessionInfo } from '../../api-types.ts';
import { ApiError, api } from '../api/client.ts';
import { h, replaceChildren } from '../ui/dom.ts';
import { checkRequired, field } from '../ui/fields.ts';

export function showLogin(root: HTMLElement, notice?: string): Promise<SessionInfo> {
  return new Promise((resolve) => {
    const username = h('input', { name: 'username', autocomplete: 'username', required: true, autocapitalize: 'none', spellcheck: 'false' });
    const password = h('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true });
    const message = h('p', { class: 'login-error', role: 'alert' });
    const noticeLine = notice ? h('p', { class: 'login-notice', role: 'status' }, notice) : null;
    const submit = h('button', { type: 'submit', class: 'primary' }, '登录');
    const form = h(
      'form',
      { class: 'login-form', novalidate: true, 'aria-labelledby': 'login-title' },
      h('h1', { id: 'login-title' }, '安全生产待办工作台'),
      h('p', { class: 'login-hint' }, '使用本单位的流程平台账号登录，办理巡查、督查、检查中分派给本岗位的事项。'),
      noticeLine,
      field('用户名', username),
      field('密码', password),
      message,
      submit,
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      message.textContent = '';
      noticeLine?.remove();
      if (!checkRequired([username, password])) return;
      submit.disabled = true;
      submit.textContent = '正在登录…';
      api.login(username.value.trim(), password.value).then(resolve, (error: unknown) => {
        submit.disabled = false;
        submit.textContent = '登录';
        message.textContent =
          error instanceof ApiError && error.status === 401 ? '用户名或密码不正确 / wrong user name or password' : (error as Error).message;
        password.select();
      });
    });
    replaceChildren(root, h('main', { class: 'login-screen' }, form));
    username.focus();
  });
}
