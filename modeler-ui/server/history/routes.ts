/**
 * GET /api/history/*file                              → {file, versions: HistoryEntry[]} (newest first)
 * GET /api/history/*file/versions/:version            → {file, version: HistoryEntry, content}
 * POST /api/history/*file/versions/:version/restore   {baseEtag, comment?} → {file, etag, changed, version?}
 *
 * A restore is a save of the old content (new version, `restoredFrom` set),
 * with the same conflict check as PUT /api/files: 409 when the file changed
 * since baseEtag.
 */
import { Router } from 'express';
import { currentUser } from '../auth/authenticate.ts';
import { HttpError } from '../errors.ts';
import { assertAcceptableContent } from '../files/content-check.ts';
import type { FileStore } from '../files/file-store.ts';
import { assertInside, resourcePath } from '../files/resource-path.ts';
import { baseEtagOf, commentOf } from '../files/routes.ts';
import type { HistoryStore } from './store.ts';

export interface HistoryRouteOptions {
  readonly processesDir: string;
  readonly maxUploadBytes: number;
  readonly files: FileStore;
  readonly history: HistoryStore;
}

function versionNumber(value: unknown): number {
  const text = String(value);
  if (!/^[1-9]\d{0,8}$/.test(text)) {
    throw new HttpError(400, 'invalid-version', `版本号须为正整数，收到 "${text}"`, `the version must be a positive integer, got "${text}"`);
  }
  return Number(text);
}

export function historyRoutes(options: HistoryRouteOptions): Router {
  const router = Router();
  const { processesDir, history } = options;

  router.get('/*file/versions/:version', async (req, res) => {
    const params = req.params as unknown as { file: string[]; version: string };
    const resource = resourcePath(processesDir, params.file);
    const { entry, content } = await history.get(resource, versionNumber(params.version));
    res.json({ file: resource.relative, version: entry, content });
  });

  router.post('/*file/versions/:version/restore', async (req, res) => {
    const params = req.params as unknown as { file: string[]; version: string };
    const resource = resourcePath(processesDir, params.file);
    await assertInside(processesDir, resource);
    const version = versionNumber(params.version);
    const body = (req.body ?? {}) as { baseEtag?: unknown; comment?: unknown };
    const baseEtag = baseEtagOf(req, body.baseEtag);
    if (baseEtag === undefined) {
      throw new HttpError(428, 'base-etag-required', '请提供当前所见版本的 etag（baseEtag 或 If-Match）', 'send the etag of the version you are looking at (baseEtag or If-Match)');
    }
    const { content } = await history.get(resource, version);
    // Checked again: the limits or rules may have tightened since it was saved.
    await assertAcceptableContent(resource, content, options.maxUploadBytes);
    const comment = commentOf(body.comment, `恢复第 ${version} 版 / restored version ${version}`);
    const result = await options.files.save(resource, { content, baseEtag, author: currentUser(res), comment, restoredFrom: version });
    res.setHeader('ETag', `"${result.etag}"`);
    res.json({ file: resource.relative, etag: result.etag, changed: result.changed, ...(result.version ? { version: result.version } : {}) });
  });

  router.get('/*file', async (req, res) => {
    const resource = resourcePath(processesDir, (req.params as { file: string[] }).file);
    res.json({ file: resource.relative, versions: await history.list(resource) });
  });

  return router;
}
