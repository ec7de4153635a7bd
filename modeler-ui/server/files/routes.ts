/**
 * GET /api/files         → {files: FileSummary[], deployState}: every diagram and form
 *                          with its etag, what it defines, what the engine runs from
 *                          it (the latest resource of the same name this project
 *                          deployed) and whether the file differs from that, and the
 *                          last save; deployState says whether the engine answered
 * GET /api/files/*file   → {file, kind, content, etag}; also the ETag header
 * PUT /api/files/*file   {content, baseEtag, comment?} (baseEtag may instead come
 *                          as If-Match; null creates a new file) → {file, etag, changed, version?}
 *                          409 when the file changed since baseEtag, 428 without a base
 */
import path from 'node:path';
import type { ModdleElement } from 'bpmn-moddle';
import { type Request, Router } from 'express';
import type { DeployedFile, DeployedFiles } from '../../../deploy/deploy-records.ts';
import { findDiagramFiles, findFormFiles, parseDiagram, parseForm } from '../../../deploy/project-files.ts';
import { currentUser } from '../auth/authenticate.ts';
import { HttpError } from '../errors.ts';
import type { HistoryStore } from '../history/store.ts';
import { assertAcceptableContent } from './content-check.ts';
import { type FileStore, notFound, readStoredFile } from './file-store.ts';
import { type ResourcePath, assertInside, resourcePath } from './resource-path.ts';

/** The deployed state of files by resource name; deploy/deploy-records.ts's EngineDeployState. */
export interface DeployStateReader {
  files(names?: readonly string[], signal?: AbortSignal): Promise<DeployedFiles>;
}

export interface FileRouteOptions {
  readonly processesDir: string;
  /** Without it, no deploy state is shown. */
  readonly deployState?: DeployStateReader;
  readonly maxUploadBytes: number;
  readonly files: FileStore;
  readonly history: HistoryStore;
}

const MAX_COMMENT_LENGTH = 500;

/** How long the file list waits for the engine before it shows the files without their deploy state. */
const DEPLOY_STATE_TIMEOUT_MS = 5_000;

/** What one diagram or form defines: process ids and names, or the form id. */
async function definedIds(resource: ResourcePath, content: string): Promise<Array<{ id: string; name?: string }>> {
  if (resource.kind === 'form') {
    const form = parseForm(resource.relative, content);
    return form.formId ? [{ id: form.formId }] : [];
  }
  const diagram = await parseDiagram(resource.relative, content);
  const roots = (diagram.definitions?.get('rootElements') as ModdleElement[] | undefined) ?? [];
  return roots
    .filter((root) => root.$type === 'bpmn:Process' && root.id)
    .map((root) => ({ id: root.id as string, ...(typeof root.name === 'string' && root.name ? { name: root.name } : {}) }));
}

function deployedView(deployed: DeployedFile | undefined) {
  if (!deployed) return null;
  return {
    deployedAt: deployed.deployedAt,
    deployedBy: deployed.deployedBy,
    deploymentId: deployed.deploymentId,
    sha256: deployed.sha256,
    resources: deployed.definitions,
  };
}

/** The etag the client edited: body.baseEtag, else If-Match (one strong or weak tag), else undefined. */
export function baseEtagOf(req: Request, bodyValue: unknown): string | null | undefined {
  if (bodyValue === null) return null;
  if (typeof bodyValue === 'string') return bodyValue.replace(/^W\//, '').replace(/^"|"$/g, '');
  if (bodyValue !== undefined) {
    throw new HttpError(400, 'invalid-request', '"baseEtag" 须为字符串或 null', '"baseEtag" must be a string or null');
  }
  const ifMatch = req.headers['if-match']?.trim();
  if (!ifMatch || ifMatch === '*') return undefined;
  return ifMatch.replace(/^W\//, '').replace(/^"|"$/g, '');
}

export function commentOf(value: unknown, fallback: string): string {
  if (value === undefined || value === null || value === '') return fallback;
  if (typeof value !== 'string' || value.length > MAX_COMMENT_LENGTH) {
    throw new HttpError(400, 'invalid-comment', `"comment" 须为不超过 ${MAX_COMMENT_LENGTH} 字的文本`, `"comment" must be text of at most ${MAX_COMMENT_LENGTH} characters`);
  }
  return value.trim() || fallback;
}

export function fileRoutes(options: FileRouteOptions): Router {
  const router = Router();
  const { processesDir } = options;

  router.get('/', async (req, res) => {
    const absolutes = [...(await findDiagramFiles(processesDir)), ...(await findFormFiles(path.join(processesDir, 'forms')))];
    let deployedFiles: DeployedFiles = new Map();
    let deployState: { available: boolean; message?: string };
    if (!options.deployState) {
      deployState = { available: false, message: '未连接流程引擎，不显示部署状态 / no engine connected, so no deploy state' };
    } else {
      try {
        deployedFiles = await options.deployState.files(undefined, AbortSignal.timeout(DEPLOY_STATE_TIMEOUT_MS));
        deployState = { available: true };
      } catch (error) {
        req.log.warn({ err: error }, '无法读取部署状态 / could not read the deploy state');
        deployState = {
          available: false,
          message: `无法从流程引擎读取部署状态 / could not read the deploy state from the engine: ${(error as Error).message}`,
        };
      }
    }
    const files = [];
    for (const absolute of absolutes) {
      const resource = resourcePath(processesDir, path.relative(processesDir, absolute).split(path.sep).join('/'));
      const stored = await readStoredFile(resource);
      if (!stored) continue;
      const deployed = deployedFiles.get(resource.relative);
      const latest = await options.history.latest(resource);
      files.push({
        file: resource.relative,
        kind: resource.kind,
        defines: await definedIds(resource, stored.content),
        etag: stored.etag,
        sizeBytes: stored.sizeBytes,
        modifiedAt: stored.modifiedAt,
        deployed: deployedView(deployed),
        differsFromDeployed: deployed?.sha256 ? deployed.sha256 !== stored.etag : null,
        lastSaved: latest ? { version: latest.version, savedAt: latest.savedAt, author: latest.author ?? null, comment: latest.comment } : null,
      });
    }
    res.json({ files, deployState });
  });

  router.get('/*file', async (req, res) => {
    const resource = resourcePath(processesDir, (req.params as { file: string[] }).file);
    await assertInside(processesDir, resource);
    const stored = await readStoredFile(resource);
    if (!stored) throw notFound(resource);
    res.setHeader('ETag', `"${stored.etag}"`);
    res.json({ file: resource.relative, kind: resource.kind, content: stored.content, etag: stored.etag });
  });

  router.put('/*file', async (req, res) => {
    const resource = resourcePath(processesDir, (req.params as { file: string[] }).file);
    await assertInside(processesDir, resource);
    const body = (req.body ?? {}) as { content?: unknown; baseEtag?: unknown; comment?: unknown };
    const baseEtag = baseEtagOf(req, body.baseEtag);
    if (baseEtag === undefined) {
      throw new HttpError(
        428,
        'base-etag-required',
        '请提供您所编辑版本的 etag（baseEtag 或 If-Match），新建文件时为 null',
        'send the etag of the version you edited (baseEtag or If-Match); null to create a new file',
      );
    }
    const content = await assertAcceptableContent(resource, body.content, options.maxUploadBytes);
    const comment = commentOf(body.comment, '（无说明）/ (no comment)');
    const result = await options.files.save(resource, { content, baseEtag, author: currentUser(res), comment });
    res.setHeader('ETag', `"${result.etag}"`);
    res.json({ file: resource.relative, etag: result.etag, changed: result.changed, ...(result.version ? { version: result.version } : {}) });
  });

  return router;
}
