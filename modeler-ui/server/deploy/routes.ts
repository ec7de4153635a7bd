/**
 * POST /api/deploy {} → {deploymentId, created, resources, files, warnings}
 *
 * The code path of `npm run deploy`: every diagram and form saved under
 * processes/ is checked (deploy/check-resources.ts) and, only when nothing
 * blocks, deployed in one deployment with deploy-changed-only
 * (deploy/deploy.ts): `resources` lists every process and form at the
 * version the engine now runs, `changed` marking those this deployment
 * brought. Refused with 422 and the problems when a check fails (nothing is
 * deployed), 403 for users outside the process-owner group, 502 when the
 * engine rejects the deployment or cannot be reached. One deployment at a time.
 */
import { Router } from 'express';
import { type DeploymentResult, deployFailureAdvice } from '../../../deploy/deploy.ts';
import type { ParsedDiagram, ParsedForm } from '../../../deploy/project-files.ts';
import { currentUser } from '../auth/authenticate.ts';
import { HttpError } from '../errors.ts';
import { checkProject, fileBelowProcesses, problemView } from '../lint/project-check.ts';

/** Deploys checked resources: `deployResources` of deploy/deploy.ts bound to the engine's REST client. */
export type DeployFunction = (diagrams: readonly ParsedDiagram[], forms: readonly ParsedForm[]) => Promise<DeploymentResult>;

export interface DeployRouteOptions {
  readonly processesDir: string;
  readonly deploy: DeployFunction;
  readonly registeredJobTypes?: ReadonlySet<string>;
  /** Engine address and account, named in the advice of a refused deployment. */
  readonly engine?: { readonly restUrl: string; readonly username: string };
}

export function deployRoutes(options: DeployRouteOptions): Router {
  const router = Router();
  let running: Promise<unknown> = Promise.resolve();

  router.post('/', async (req, res) => {
    const user = currentUser(res);
    const turn = running.then(async () => {
      const check = await checkProject({
        processesDir: options.processesDir,
        ...(options.registeredJobTypes ? { registeredJobTypes: options.registeredJobTypes } : {}),
      });
      const problems = check.problems.map((problem) => problemView(options.processesDir, problem));
      if (!check.deployable) {
        const errors = problems.filter((problem) => problem.severity === 'error');
        throw new HttpError(
          422,
          'checks-failed',
          `检查未通过（${errors.length} 个错误），未部署`,
          `checks failed (${errors.length} errors); nothing deployed`,
          { problems },
        );
      }
      // Resource names as `npm run deploy` gives them (the path below processes/), wherever the folder is.
      const asInProcesses = <T extends { file: string }>(resource: T): T => ({
        ...resource,
        file: `processes/${fileBelowProcesses(options.processesDir, resource.file)}`,
      });
      const diagrams = check.diagrams.map(asInProcesses);
      const forms = check.forms.map(asInProcesses);
      let result: DeploymentResult;
      try {
        result = await options.deploy(diagrams, forms);
      } catch (error) {
        req.log.error({ err: error }, '部署失败 / deployment failed');
        const message = (error as Error).message;
        const advice = options.engine ? deployFailureAdvice(error, options.engine) : undefined;
        throw new HttpError(
          502,
          'deploy-failed',
          `部署失败，引擎拒绝了部署或无法连接${advice ? `：${advice.zh}` : ''}`,
          `deployment failed, the engine rejected it or cannot be reached${advice ? `: ${advice.en}` : ''}. ${message}`,
        );
      }
      const changed = result.resources.filter((resource) => resource.changed).map((resource) => `${resource.id}@${resource.version}`);
      req.log.info({ deploymentId: result.deploymentId, created: result.created, changed, user: user.username }, '已部署 / deployed');
      return { result, warnings: problems };
    });
    running = turn.catch(() => undefined);
    const { result, warnings } = await turn;
    const files = new Map<string, Array<{ kind: string; id: string; version: number; changed: boolean }>>();
    for (const resource of result.resources) {
      const list = files.get(resource.resourceName) ?? [];
      list.push({ kind: resource.kind, id: resource.id, version: resource.version, changed: resource.changed });
      files.set(resource.resourceName, list);
    }
    res.json({
      deploymentId: result.deploymentId,
      deployedAt: result.deployedAt,
      created: result.created,
      resources: result.resources,
      files: [...files].map(([file, resources]) => ({ file, resources })),
      warnings,
    });
  });

  return router;
}
