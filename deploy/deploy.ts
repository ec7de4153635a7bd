/**
 * Deploys checked diagrams and forms in one atomic deployment
 * (`POST /engine-rest/deployment/create`), so a process never reaches the
 * engine without the form its user task links to. With deploy-changed-only
 * the engine keeps the resources that did not change since the stream's
 * previous deployment out of the new one: an unchanged process keeps its
 * version, and deploying twice in a row creates nothing.
 */
import path from 'node:path';
import { type EngineRestClient, EngineRestError, EngineUnreachableError } from '../workers/engine/rest-client.ts';
import {
  DEFAULT_DEPLOYMENT_STREAM,
  type DeployedDefinition,
  type DeploymentStream,
  EngineDeployState,
  type EngineReadClient,
} from './deploy-records.ts';
import type { ParsedDiagram, ParsedForm } from './project-files.ts';

export { DEPLOYMENT_NAME, DEPLOYMENT_SOURCE } from './deploy-records.ts';

/** One process or form as the engine holds it after the deployment. */
export interface DeployedResource extends DeployedDefinition {
  readonly resourceName: string;
  /** The deployment this version came from: the new one when `changed`, an earlier one otherwise. */
  readonly deploymentId: string;
  /** True when this deployment brought a new version; false when the file was unchanged. */
  readonly changed: boolean;
}

export interface DeploymentResult {
  /** The deployment the engine created, or the stream's latest one when nothing had changed. */
  readonly deploymentId: string;
  /** ISO 8601 time of that deployment. */
  readonly deployedAt: string;
  /** False when no file differed from what the stream had deployed: the engine created nothing. */
  readonly created: boolean;
  /** Every process and form of the files sent, at the version the engine now runs. */
  readonly resources: readonly DeployedResource[];
}

export type EngineDeployClient = Pick<EngineRestClient, 'createDeployment'> & EngineReadClient;

export interface DeployOptions extends Partial<DeploymentStream> {
  /** Reuses the caches of a long-lived state reader (the modeler UI's); one for this call otherwise. */
  readonly state?: EngineDeployState;
}

/**
 * Resource names keep the path below processes/ (e.g. forms/x.form), which
 * Cockpit shows and which keeps same-named files apart.
 */
export function resourceName(file: string): string {
  return file.replace(/^processes\//, '').split(path.sep).join('/');
}

export async function deployResources(
  client: EngineDeployClient,
  diagrams: readonly ParsedDiagram[],
  forms: readonly ParsedForm[],
  options: DeployOptions = {},
): Promise<DeploymentResult> {
  const stream: DeploymentStream = { name: options.name ?? DEFAULT_DEPLOYMENT_STREAM.name, source: options.source ?? DEFAULT_DEPLOYMENT_STREAM.source };
  const state = options.state ?? new EngineDeployState(client, stream);
  const files = [
    ...forms.map((form) => ({ name: resourceName(form.file), content: form.content })),
    ...diagrams.map((diagram) => ({ name: resourceName(diagram.file), content: diagram.xml })),
  ];

  const before = await state.latestDeployment();
  const deployment = await client.createDeployment({ name: stream.name, source: stream.source, deployChangedOnly: true, files });
  const created = deployment.id !== before?.id;

  const deployed = await state.files(files.map((file) => file.name));
  const resources: DeployedResource[] = [];
  for (const file of files) {
    const current = deployed.get(file.name);
    if (!current) {
      // The engine filters what an account may not read out of query results instead of refusing the query.
      throw new Error(
        `部署 ${deployment.id} 之后引擎中找不到资源 ${file.name}：账户可能缺少对 DEPLOYMENT 的 READ 授权 / ` +
          `after deployment ${deployment.id} the engine lists no resource ${file.name}: the account may lack READ on DEPLOYMENT`,
      );
    }
    for (const definition of current.definitions) {
      resources.push({
        ...definition,
        resourceName: file.name,
        deploymentId: current.deploymentId,
        changed: created && current.deploymentId === deployment.id,
      });
    }
  }
  return { deploymentId: deployment.id, deployedAt: deployment.deploymentTime, created, resources };
}

/** What an operator should do about a failed deployment, in Chinese and English; undefined when there is nothing specific to say. */
export function deployFailureAdvice(
  error: unknown,
  engine: { readonly restUrl: string; readonly username: string },
): { readonly zh: string; readonly en: string } | undefined {
  if (error instanceof EngineUnreachableError) {
    return {
      zh: `请确认引擎已启动（npm run engine）且 ENGINE_REST_URL=${engine.restUrl} 正确`,
      en: `check that the engine runs (npm run engine) and that ENGINE_REST_URL=${engine.restUrl} is right`,
    };
  }
  if (!(error instanceof EngineRestError)) return undefined;
  if (error.status === 401) {
    return {
      zh: `引擎不接受账户 ${engine.username} 的登录：请检查 ENGINE_DEPLOY_USER / ENGINE_DEPLOY_PASSWORD（本地为管理员 demo / demo）；密码输错后账户会被锁定片刻`,
      en: `the engine does not accept the login ${engine.username}: check ENGINE_DEPLOY_USER / ENGINE_DEPLOY_PASSWORD (locally the admin demo / demo); after a wrong password the account is locked for a moment`,
    };
  }
  if (error.status === 403) {
    return {
      zh:
        `账户 ${engine.username} 无部署权限：部署需要对 DEPLOYMENT 的 CREATE 和 READ、对 PROCESS_DEFINITION 的 READ 授权（Admin → 授权），` +
        '或改用有这些权限的账户，本地为 ENGINE_DEPLOY_USER=demo ENGINE_DEPLOY_PASSWORD=demo；作业处理器的服务账户 anquan-worker 不能部署',
      en:
        `the account ${engine.username} may not deploy: deploying needs CREATE and READ on DEPLOYMENT and READ on PROCESS_DEFINITION (Admin → Authorizations), ` +
        "or an account that has them, locally ENGINE_DEPLOY_USER=demo ENGINE_DEPLOY_PASSWORD=demo; the workers' service account anquan-worker cannot deploy",
    };
  }
  if (error.status === 400) {
    return { zh: '引擎拒绝了某个流程图或表单，原因见引擎的说明', en: "the engine refused a diagram or form; see the engine's explanation" };
  }
  return undefined;
}
