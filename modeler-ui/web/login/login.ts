/**
 * The login screen (POST /api/session). Behind the organisation's SSO the
 * server already knows the user and this screen never shows.
 */
import { ApiError, type User, api } from '../api/client.ts';
import { h, replaceChildren } from '../ui/dom.ts';

export function showLogin(root: HTMLElement): Promise<User> {
  return new Promise((resolve) => {
    const username = h('input', { name: 'username', autocomplete: 'username', required: true });
    const password = h('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true });
    const message = h('p', { class: 'login-error', role: 'alert' });
    const submit = h('button', { type: 'submit', class: 'primary' }, '登录');
    const form = h(
      'form',
      { class: 'login-form' },
      h('h1', {}, '安全生产流程建模'),
      h('p', { class: 'login-hint' }, '流程负责人登录后可修改巡查、督查、检查流程及其表单；安委办成员可部署。'),
      h('label', {}, '用户名', username),
      h('label', {}, '密码', password),
      message,
      submit,
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      submit.disabled = true;
      message.textContent = '';
      api.login(username.value.trim(), password.value).then(
        (user) => resolve(user),
        (error: unknown) => {
          submit.disabled = false;
          message.textContent =
            error instanceof ApiError && error.status === 401 ? '用户名或密码不正确 / wrong user name or password' : (error as Error).message;
          password.select();
        },
      );
    });
    replaceChildren(root, h('div', { class: 'login-screen' }, form));
    username.focus();
  });
}
