/**
 * What is deployed from each file under processes/, read from the engine
 * itself: the latest resource of the same name among the deployments of this
 * project's deployment stream (one deployment name and source, the scope in
 * which the engine's deploy-changed-only compares resources), its content
 * hash, when and by whom it was deployed, and what the engine registered from
 * it. The modeler UI shows this as the deployed version and "differs from
 * deployed"; deploy/deploy.ts reports a deployment with it.
 *
 * Read from the engine rather than from a record file kept beside the code:
 * deployments made from another checkout, another machine or Cockpit count,
 * and a reset engine database shows as "not deployed" instead of a stale
 * record. Deployments and their resources never change once created, so
 * their lists and content hashes are cached by id and a refresh costs one
 * request plus the deployments made since.
 */
import { createHash } from 'node:crypto';
import type { EngineRestClient } from '../workers/engine/rest-client.ts';
import type { Deployment, DeploymentResource, ProcessDefinition } from '../workers/engine/rest-types.ts';
import { parseForm } from './project-files.ts';
import { mapLimit } from '../workers/engine/map-limit.ts';

/**
 * `deployment-name` and `deployment-source` of every deployment of this
 * project. The engine compares each resource only against earlier
 * deployments with the same name and source, so both stay the same for
 * `npm run deploy`, `npm start` and the modeler UI alike.
 */
export const DEPLOYMENT_NAME = 'anquan-xuncha';
export const DEPLOYMENT_SOURCE = 'anquan-xuncha';

export interface DeploymentStream {
  readonly name: string;
  readonly source: string;
}

export const DEFAULT_DEPLOYMENT_STREAM: DeploymentStream = { name: DEPLOYMENT_NAME, source: DEPLOYMENT_SOURCE };

/** What the engine registered from one file. */
export interface DeployedDefinition {
  readonly kind: 'process' | 'form';
  /** Process id (the engine's process definition key) or form id. */
  readonly id: string;
  /**
   * The process definition version; for a form, the number of deployments
   * of this stream that carried the file, which is the engine's form
   * version as long as only this project deploys forms of that id (the
   * REST API has no form definition query).
   */
  readonly version: number;
  /** Process definition id, e.g. `safety-patrol:3:…`; absent for forms. */
  readonly definitionId?: string;
}

export interface DeployedFile {
  /** The resource name: the path below processes/, e.g. `safety-patrol.bpmn`, `forms/patrol-plan.form`. */
  readonly resourceName: string;
  /** SHA-256 (hex) of the deployed bytes; null when the engine did not return them as text. */
  readonly sha256: string | null;
  readonly deploymentId: string;
  /** ISO 8601, as the engine reports it. */
  readonly deployedAt: string;
  /** The engine account that created the deployment, from the user operation log; null when that log is not readable. */
  readonly deployedBy: string | null;
  readonly definitions: readonly DeployedDefinition[];
}

/** The deployed state of files by resource name. */
export type DeployedFiles = ReadonlyMap<string, DeployedFile>;

export type EngineReadClient = Pick<EngineRestClient, 'request'>;

export function sha256Hex(content: string | Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

const PAGE_SIZE = 100;
const PARALLEL_REQUESTS = 6;


interface ResourceContent {
  readonly sha256: string | null;
  readonly formId?: string;
}

/**
 * The deployed state of this project's files in one engine. Keep one per
 * engine client: its caches only ever hold immutable engine data.
 */
export class EngineDeployState {
  private readonly resourcesByDeployment = new Map<string, Promise<readonly DeploymentResource[]>>();
  private readonly contentByResource = new Map<string, Promise<ResourceContent>>();
  private readonly definitionsByDeployment = new Map<string, Promise<readonly ProcessDefinition[]>>();
  private readonly deployerByDeployment = new Map<string, Promise<string | null>>();

  constructor(
    private readonly client: EngineReadClient,
    private readonly stream: DeploymentStream = DEFAULT_DEPLOYMENT_STREAM,
  ) {}

  /** Deployments of the stream, newest first. */
  async deployments(signal?: AbortSignal): Promise<Deployment[]> {
    const all: Deployment[] = [];
    for (let firstResult = 0; ; firstResult += PAGE_SIZE) {
      const page = await this.client.request<Deployment[]>('GET', '/deployment', undefined, {
        ...(signal ? { signal } : {}),
        query: { name: this.stream.name, source: this.stream.source, sortBy: 'deploymentTime', sortOrder: 'desc', firstResult, maxResults: PAGE_SIZE },
      });
      all.push(...page);
      if (page.length < PAGE_SIZE) return all;
    }
  }

  /** The newest deployment of the stream, if any. */
  async latestDeployment(signal?: AbortSignal): Promise<Deployment | undefined> {
    const [latest] = await this.client.request<Deployment[]>('GET', '/deployment', undefined, {
      ...(signal ? { signal } : {}),
      query: { name: this.stream.name, source: this.stream.source, sortBy: 'deploymentTime', sortOrder: 'desc', firstResult: 0, maxResults: 1 },
    });
    return latest;
  }

  /**
   * The latest deployed version of each file of the stream (of `names` only,
   * when given). A file never deployed is absent from the map.
   */
  async files(names?: readonly string[], signal?: AbortSignal): Promise<Map<string, DeployedFile>> {
    const init = signal ? { signal } : {};
    const deployments = await this.deployments(signal);
    const resourceLists = await mapLimit(deployments, PARALLEL_REQUESTS, (deployment) => this.resourcesOf(deployment.id, init));

    const wanted = names ? new Set(names) : undefined;
    const latest = new Map<string, { deployment: Deployment; resource: DeploymentResource }>();
    const deploymentsCarrying = new Map<string, number>();
    deployments.forEach((deployment, index) => {
      for (const resource of resourceLists[index] ?? []) {
        if (wanted && !wanted.has(resource.name)) continue;
        deploymentsCarrying.set(resource.name, (deploymentsCarrying.get(resource.name) ?? 0) + 1);
        if (!latest.has(resource.name)) latest.set(resource.name, { deployment, resource });
      }
    });

    const entries = await mapLimit([...latest], PARALLEL_REQUESTS, async ([name, { deployment, resource }]): Promise<[string, DeployedFile]> => {
      const [content, deployedBy, definitions] = await Promise.all([
        this.contentOf(deployment.id, resource, init),
        this.deployerOf(deployment.id, init),
        name.endsWith('.bpmn') ? this.processDefinitionsOf(deployment.id, init) : Promise.resolve([]),
      ]);
      const registered: DeployedDefinition[] = definitions
        .filter((definition) => definition.resource === name)
        .map((definition) => ({ kind: 'process', id: definition.key, version: definition.version, definitionId: definition.id }));
      if (content.formId !== undefined) registered.push({ kind: 'form', id: content.formId, version: deploymentsCarrying.get(name) ?? 1 });
      return [
        name,
        {
          resourceName: name,
          sha256: content.sha256,
          deploymentId: deployment.id,
          deployedAt: deployment.deploymentTime,
          deployedBy,
          definitions: registered.sort((a, b) => a.id.localeCompare(b.id)),
        },
      ];
    });
    return new Map(entries);
  }

  private resourcesOf(deploymentId: string, init: { signal?: AbortSignal }): Promise<readonly DeploymentResource[]> {
    return this.cached(this.resourcesByDeployment, deploymentId, () =>
      this.client.request<DeploymentResource[]>('GET', `/deployment/${encodeURIComponent(deploymentId)}/resources`, undefined, init),
    );
  }

  private contentOf(deploymentId: string, resource: DeploymentResource, init: { signal?: AbortSignal }): Promise<ResourceContent> {
    return this.cached(this.contentByResource, resource.id, async () => {
      const data = await this.client.request<unknown>(
        'GET',
        `/deployment/${encodeURIComponent(deploymentId)}/resources/${encodeURIComponent(resource.id)}/data`,
        undefined,
        init,
      );
      // The engine answers XML and octet-stream, which the client hands over as text.
      if (typeof data !== 'string') return { sha256: null };
      const formId = resource.name.endsWith('.form') ? parseForm(resource.name, data).formId : undefined;
      return { sha256: sha256Hex(data), ...(formId !== undefined ? { formId } : {}) };
    });
  }

  private processDefinitionsOf(deploymentId: string, init: { signal?: AbortSignal }): Promise<readonly ProcessDefinition[]> {
    return this.cached(this.definitionsByDeployment, deploymentId, () =>
      this.client.request<ProcessDefinition[]>('GET', '/process-definition', undefined, { ...init, query: { deploymentId } }),
    );
  }

  /** The creating account from the user operation log, which needs its own read permission: without it, null. */
  private deployerOf(deploymentId: string, init: { signal?: AbortSignal }): Promise<string | null> {
    return this.cached(this.deployerByDeployment, deploymentId, async () => {
      try {
        const entries = await this.client.request<Array<{ userId: string | null }>>('GET', '/history/user-operation', undefined, {
          ...init,
          query: { deploymentId, entityType: 'Deployment', operationType: 'Create', maxResults: 1 },
        });
        return entries[0]?.userId ?? null;
      } catch (error) {
        if ((error as { status?: number }).status === 403) return null;
        throw error;
      }
    });
  }

  /** Memoises `load` by key; a failed load is forgotten, so the next call tries again. */
  private cached<T>(cache: Map<string, Promise<T>>, key: string, load: () => Promise<T>): Promise<T> {
    const known = cache.get(key);
    if (known) return known;
    const loading = load();
    cache.set(key, loading);
    loading.catch(() => cache.delete(key));
    return loading;
  }
}
