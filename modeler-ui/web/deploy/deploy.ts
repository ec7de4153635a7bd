/**
 * Deploying (POST /api/deploy, process owners only): every saved diagram and
 * form goes to the engine in one deployment, exactly as `npm run deploy`; the
 * engine takes only what changed. A refusal (422) lists the problems, nothing
 * having been deployed; success lists every process and form with the
 * version the engine now runs, marking the new ones.
 */
import { ApiError, type DeployResult, type Problem, api } from '../api/client.ts';
import { openDialog, showMessage } from '../ui/dialog.ts';
import { h } from '../ui/dom.ts';

function problemList(problems: readonly Problem[], select: (problem: Problem) => void): HTMLElement {
  return h(
    'ul',
    { class: 'deploy-problems' },
    ...problems.map((problem) =>
      h(
        'li',
        { class: `lint-problem ${problem.severity}`, 'data-element-id': problem.elementId },
        h(
          'button',
          { type: 'button', onclick: () => select(problem) },
          h('span', { class: 'severity' }, problem.severity === 'error' ? '错误' : '警告'),
          h('span', { class: 'element' }, `${problem.file}${problem.elementId ? ` · ${problem.elementId}` : ''}`),
          h('span', { class: 'message' }, problem.message),
        ),
      ),
    ),
  );
}

function resultView(result: DeployResult): HTMLElement {
  const kinds: Record<string, string> = { process: '流程', form: '表单' };
  return h(
    'table',
    { class: 'deploy-result' },
    h('thead', {}, h('tr', {}, h('th', {}, '类型'), h('th', {}, '编号'), h('th', {}, '版本'), h('th', {}, '改动'), h('th', {}, '文件'))),
    h(
      'tbody',
      {},
      ...result.resources.map((resource) =>
        h(
          'tr',
          { 'data-resource-id': resource.id, 'data-changed': String(resource.changed) },
          h('td', {}, kinds[resource.kind] ?? resource.kind),
          h('td', {}, resource.id),
          h('td', { class: 'version' }, String(resource.version)),
          h('td', { class: 'change' }, resource.changed ? '新版本' : '未变'),
          h('td', {}, resource.resourceName),
        ),
      ),
    ),
  );
}

/** Resolves to the deployment, or undefined when cancelled or refused. */
export async function deployAll(hasUnsavedChanges: boolean, select: (problem: Problem) => void): Promise<DeployResult | undefined> {
  const go = await openDialog<boolean>({
    title: '部署到流程引擎',
    kind: 'deploy-confirm',
    body: [
      h('p', {}, '将 processes/ 下所有已保存的流程和表单作为一次部署发布到流程引擎，引擎只为有改动的文件建立新版本；此后新发起的流程实例使用新版本，运行中的实例不受影响。'),
      ...(hasUnsavedChanges ? [h('p', { class: 'warning' }, '当前编辑器中有未保存的修改，它们不会被部署。')] : []),
    ],
    actions: [
      { label: '取消', value: false, name: 'cancel' },
      { label: '部署', value: true, primary: true, name: 'deploy' },
    ],
    dismissValue: false,
  });
  if (!go) return undefined;
  try {
    const result = await api.deploy();
    const summary = result.created ? `部署编号 ${result.deploymentId}。` : '没有文件改动，引擎未建立新部署，各流程和表单的版本不变。';
    await showMessage('部署成功', [h('p', {}, summary), resultView(result)], 'deployed');
    return result;
  } catch (error) {
    if (error instanceof ApiError && error.status === 422) {
      const problems = (error.body['problems'] as Problem[] | undefined) ?? [];
      const errors = problems.filter((problem) => problem.severity === 'error');
      await openDialog<void>({
        title: '部署被拒绝：检查未通过',
        kind: 'deploy-refused',
        body: [h('p', {}, `${error.message}。请修正以下 ${errors.length} 个错误后保存，再部署：`), problemList(errors, select)],
        actions: [{ label: '关闭', value: undefined, name: 'close' }],
        dismissValue: undefined,
      });
      return undefined;
    }
    const why = error instanceof ApiError && error.status === 403 ? '只有安委办（流程负责人）可以部署。' : '';
    await showMessage('部署失败', [why, (error as Error).message], 'deploy-failed');
    return undefined;
  }
}
