/**
 * POST /api/lint {file, content?} → {file, passes, deployable, problems, otherProblems}
 *
 * Lints one diagram or form (the unsaved `content` when given, the saved
 * file otherwise) together with the saved rest of processes/, exactly as
 * `npm run deploy` would: `problems` are those of this file (with element
 * ids), `otherProblems` those of other files; `passes` is true when this
 * file has no error, `deployable` when nothing at all blocks a deployment.
 */
import { Router } from 'express';
import { HttpError } from '../errors.ts';
import { assertAcceptableContent } from '../files/content-check.ts';
import { notFound, readStoredFile } from '../files/file-store.ts';
import { assertInside, resourcePath } from '../files/resource-path.ts';
import { checkProject, problemView } from './project-check.ts';

export interface LintRouteOptions {
  readonly processesDir: string;
  readonly maxUploadBytes: number;
  readonly registeredJobTypes?: ReadonlySet<string>;
}

export function lintRoutes(options: LintRouteOptions): Router {
  const router = Router();
  router.post('/', async (req, res) => {
    const body = (req.body ?? {}) as { file?: unknown; content?: unknown };
    if (typeof body.file !== 'string') {
      throw new HttpError(400, 'invalid-request', '请提供 "file"（processes/ 下的路径）', 'send "file" (a path below processes/)');
    }
    const resource = resourcePath(options.processesDir, body.file);
    await assertInside(options.processesDir, resource);
    const overrides = new Map<string, string>();
    if (body.content !== undefined) {
      overrides.set(resource.absolute, await assertAcceptableContent(resource, body.content, options.maxUploadBytes));
    } else if (!(await readStoredFile(resource))) {
      throw notFound(resource);
    }
    const check = await checkProject({
      processesDir: options.processesDir,
      contentOverrides: overrides,
      ...(options.registeredJobTypes ? { registeredJobTypes: options.registeredJobTypes } : {}),
    });
    const problems = check.problems.map((problem) => problemView(options.processesDir, problem));
    const own = problems.filter((problem) => problem.file === resource.relative);
    res.json({
      file: resource.relative,
      passes: own.every((problem) => problem.severity !== 'error'),
      deployable: check.deployable,
      problems: own,
      otherProblems: problems.filter((problem) => problem.file !== resource.relative),
    });
  });
  return router;
}
