/**
 * GET /attachments/:taskId/:attachmentId: the file, as a download
 * (Content-Disposition: attachment), read from the engine as the user; 404
 * when the engine does not let them read it.
 */
import { Readable } from 'node:stream';
import { Router } from 'express';
import { type WorkbenchContext, engineFor, userIdOf } from '../context.ts';
import type { EngineAttachment } from '../engine-types.ts';
import { fromEngineError } from '../errors.ts';
import { taskPath } from '../cases/case-file.ts';
import { segment } from '../engine.ts';
import { contentDisposition, downloadContentType } from './checks.ts';

const ATTACHMENT: readonly [string, string] = ['附件', 'the attachment'];

export function attachmentRoutes(context: WorkbenchContext): Router {
  const router = Router();
  router.get('/:taskId/:attachmentId', async (req, res) => {
    const path = `${taskPath(req.params['taskId'] as string)}/attachment/${segment(req.params['attachmentId'] as string)}`;
    let meta: EngineAttachment;
    let data: Response;
    try {
      meta = await engineFor(context, res).request<EngineAttachment>('GET', path);
      data = await context.engine.download(userIdOf(res), `${path}/data`);
    } catch (error) {
      throw fromEngineError(error, { what: ATTACHMENT, forbiddenAsNotFound: true });
    }
    res.setHeader('Content-Type', downloadContentType(meta.type));
    res.setHeader('Content-Disposition', contentDisposition(meta.name ?? meta.id));
    if (!data.body) {
      res.end();
      return;
    }
    await new Promise<void>((resolve, reject) => {
      Readable.fromWeb(data.body as import('node:stream/web').ReadableStream).on('error', reject).pipe(res).on('finish', resolve).on('error', reject);
    });
  });
  return router;
}
