/**
 * The header on every screen: the app's name, 待办, the 发起 menu (the
 * procedures this user may start, none for other roles), for the 巡查组 the
 * three things it sends to its patrol on site (登记举报, 上报重大问题,
 * 记录阻挠巡查), who is logged in with their groups, and 退出登录.
 *
 * The 发起 menu is a <details> disclosure: Enter and Space open it, its
 * entries are plain links in Tab order, Escape closes it.
 */
import type { SessionInfo } from '../../api-types.ts';
import { h } from './dom.ts';

export function renderHeader(session: SessionInfo, onLogout: () => void): HTMLElement {
  const { user, startable } = session;
  const startMenu =
    startable.length === 0
      ? null
      : h(
          'details',
          { class: 'start-menu' },
          h('summary', { class: 'nav-button', 'aria-label': '发起流程' }, '发起'),
          h(
            'ul',
            { class: 'start-menu-list', role: 'list' },
            ...startable.map((process) =>
              h('li', {}, h('a', { href: `#/start/${encodeURIComponent(process.key)}`, 'data-process': process.key }, process.name)),
            ),
          ),
        );
  if (startMenu) {
    const close = (): void => startMenu.removeAttribute('open');
    startMenu.addEventListener('click', (event) => {
      if ((event.target as Element).closest('a')) close();
    });
    startMenu.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && startMenu.open) {
        close();
        startMenu.querySelector('summary')?.focus();
      }
    });
    document.addEventListener('click', (event) => {
      if (!startMenu.contains(event.target as Node)) close();
    });
  }
  // A demo login is named after its one group (安委办 / 安委办): the group is said once.
  const groups = user.groups
    .map((group) => group.name)
    .filter((name) => name !== user.name)
    .join('、');
  return h(
    'header',
    { class: 'app-header' },
    h('a', { class: 'skip-link', href: '#content', onclick: skipToContent }, '跳到主要内容'),
    h('a', { class: 'app-title', href: '#/' }, '安全生产待办工作台'),
    h(
      'nav',
      { class: 'app-nav', 'aria-label': '主导航' },
      h('a', { class: 'nav-button', href: '#/list' }, '待办'),
      startMenu,
      ...(user.canLogReports
        ? [
            h('a', { class: 'nav-button', href: '#/report' }, '登记举报'),
            h('a', { class: 'nav-button', href: '#/major-issue' }, '上报重大问题'),
            h('a', { class: 'nav-button', href: '#/obstruction' }, '记录阻挠巡查'),
          ]
        : []),
    ),
    h(
      'div',
      { class: 'app-user' },
      h('span', { class: 'user-name', title: user.id }, user.name),
      groups ? h('span', { class: 'user-groups' }, groups) : null,
      h('button', { type: 'button', class: 'logout', onclick: onLogout }, '退出登录'),
    ),
  );
}

/** The skip link must not change the hash (that is the router's). */
function skipToContent(event: Event): void {
  event.preventDefault();
  document.getElementById('content')?.focus();
}
