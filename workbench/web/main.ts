/**
 * Entry of the staff workbench (待办工作台) at /tasks/: find out who is
 * logged in (or show the login), then the header and the screen the address
 * names:
 *
 *   #/list/<list>   the task lists (lists/list-view.ts); `#/` and `#/list` the first tab
 *   #/task/<id>     a task (task/task-view.ts)
 *   #/case/<id>     a case read-only, e.g. a 移交来件 (case/case-view.ts)
 *   #/start/<key>   starting a procedure (start/start-view.ts)
 *   #/report        登记来信来电举报, 巡查组 only (reports/report-view.ts)
 *   #/major-issue   上报重大问题, 巡查组 only (reports/major-issue-view.ts)
 *   #/obstruction   记录阻挠巡查, 巡查组 only (reports/obstruction-view.ts)
 *
 * The address is a fragment, so the page itself is always /tasks/ and Back
 * and Forward move between screens without a request.
 */
import type { SessionInfo } from '../api-types.ts';
import { ApiError, api } from './api/client.ts';
import { renderCaseView } from './case/case-view.ts';
import { renderListView } from './lists/list-view.ts';
import { showLogin } from './login/login.ts';
import { renderMajorIssueView } from './reports/major-issue-view.ts';
import { renderObstructionView } from './reports/obstruction-view.ts';
import { renderReportView } from './reports/report-view.ts';
import { renderStartView } from './start/start-view.ts';
import { renderTaskView } from './task/task-view.ts';
import type { AppContext, Teardown } from './ui/context.ts';
import { h, replaceChildren } from './ui/dom.ts';
import { renderHeader } from './ui/header.ts';

const root = document.getElementById('app') as HTMLElement;

async function sessionOrLogin(notice?: string): Promise<SessionInfo> {
  if (notice === undefined) {
    try {
      return await api.session();
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 401)) throw error;
    }
  }
  return showLogin(root, notice);
}

class App implements AppContext {
  readonly session: SessionInfo;
  private readonly content: HTMLElement;
  private readonly flashBar: HTMLElement;
  private pendingFlash = '';
  private teardown: Teardown = () => undefined;
  private readonly onHashChange = (): void => this.route();
  private ended = false;

  constructor(session: SessionInfo) {
    this.session = session;
    this.content = h('main', { id: 'content', class: 'content', tabindex: '-1' });
    this.flashBar = h('div', { class: 'flash', role: 'status', hidden: true });
    replaceChildren(
      root,
      renderHeader(session, () => void this.logout()),
      this.flashBar,
      this.content,
    );
    window.addEventListener('hashchange', this.onHashChange);
    this.route();
  }

  navigate(hash: string): void {
    if (location.hash === hash) this.route();
    else location.hash = hash;
  }

  flash(message: string): void {
    this.pendingFlash = message;
  }

  failed(error: unknown): string {
    if (error instanceof ApiError && error.status === 401) {
      void this.end('登录已过期，请重新登录。/ the session has expired; please log in again.');
      return '登录已过期 / the session has expired';
    }
    return (error as Error).message;
  }

  tasksChanged(): void {
    // Every list screen fetches its lists and counts afresh, so nothing is cached to drop.
  }

  private route(): void {
    if (this.ended) return;
    this.teardown();
    this.teardown = () => undefined;
    this.flashBar.textContent = this.pendingFlash;
    this.flashBar.hidden = this.pendingFlash === '';
    this.pendingFlash = '';
    const [screen = '', argument] = location.hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
    const previousFocusInContent = this.content.contains(document.activeElement);
    switch (screen) {
      case 'task':
        if (argument) this.teardown = renderTaskView(this, this.content, argument);
        else renderListView(this, this.content, undefined);
        break;
      case 'case':
        if (argument) this.teardown = renderCaseView(this, this.content, argument);
        else renderListView(this, this.content, 'transfers');
        break;
      case 'start':
        this.teardown = renderStartView(this, this.content, argument ?? '');
        break;
      case 'report':
        renderReportView(this, this.content);
        break;
      case 'major-issue':
        renderMajorIssueView(this, this.content);
        break;
      case 'obstruction':
        renderObstructionView(this, this.content);
        break;
      default:
        renderListView(this, this.content, argument);
    }
    document.title = `${this.screenTitle(screen)} · 安全生产待办工作台`;
    // A new screen starts at its top for screen readers and keyboards, unless the tabs kept the focus.
    if (!this.content.contains(document.activeElement) && (previousFocusInContent || screen !== '')) this.content.focus({ preventScroll: false });
    window.scrollTo(0, 0);
  }

  private screenTitle(screen: string): string {
    return { task: '办理', case: '案卷', start: '发起', report: '登记举报', 'major-issue': '上报重大问题', obstruction: '记录阻挠巡查' }[screen] ?? '待办';
  }

  private async logout(): Promise<void> {
    try {
      await api.logout();
    } catch (error) {
      // The session cookie is HttpOnly: only the server can end it, so a failed logout is said, not hidden.
      this.flashBar.textContent = `退出登录失败 / logging out failed: ${this.failed(error)}`;
      this.flashBar.hidden = false;
      return;
    }
    await this.end('已退出登录。');
  }

  private async end(notice: string): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    this.teardown();
    window.removeEventListener('hashchange', this.onHashChange);
    location.hash = '';
    await run(notice);
  }
}

async function run(notice?: string): Promise<void> {
  const session = await sessionOrLogin(notice);
  new App(session);
}

run().catch((error: unknown) => {
  replaceChildren(root, h('div', { class: 'fatal', role: 'alert' }, h('h1', {}, '待办工作台无法启动'), h('p', {}, (error as Error).message)));
});
