/**
 * Entry of the modeler's browser app: find out who is logged in (or show the
 * login), load the workers' element templates, then show the workspace.
 */
import { ApiError, type User, api } from './api/client.ts';
import { showLogin } from './login/login.ts';
import { h, replaceChildren } from './ui/dom.ts';
import { Workspace } from './workspace/workspace.ts';

const root = document.getElementById('app') as HTMLElement;

async function currentUserOrLogin(): Promise<User> {
  try {
    return await api.currentUser();
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return showLogin(root);
    throw error;
  }
}

async function run(): Promise<void> {
  const user = await currentUserOrLogin();
  const templates = await api.elementTemplates();
  await new Workspace(root, user, templates, () => void run()).start();
}

run().catch((error: unknown) => {
  replaceChildren(root, h('div', { class: 'fatal', role: 'alert' }, h('h1', {}, '建模界面无法启动'), h('p', {}, (error as Error).message)));
});
