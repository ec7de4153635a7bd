/**
 * The staff workbench's HTTP API (待办), an express Router the modeler UI's
 * server mounts at `/tasks/api` (modeler-ui/server/app.ts), which also
 * parses JSON and refuses changes not sent as JSON.
 *
 * /session      login / current user / logout (session/routes.ts)
 * /tasks, /completed, /tasks/:id/…   lists and one task (tasks/routes.ts)
 * /cases       移交来件 and one case read-only (cases/routes.ts)
 * /attachments  downloads (attachments/routes.ts)
 * /processes    startable procedures, start forms, start (processes/routes.ts)
 * /reports, /major-issues, /obstructions   来信来电举报, 重大问题 and 阻挠巡查
 *               from the 巡查组 to its patrol on site (reports/routes.ts)
 *
 * Every engine call is made as the logged-in person (engine.ts); the
 * engine's authorizations decide what they see and may do.
 */
import { Router } from 'express';
import { attachmentRoutes } from './attachments/routes.ts';
import { caseRoutes } from './cases/routes.ts';
import type { WorkbenchContext, WorkbenchDeps } from './context.ts';
import { workbenchEngine } from './engine.ts';
import { engineErrorHandler } from './errors.ts';
import { processRoutes } from './processes/routes.ts';
import { majorIssueRoutes, obstructionRoutes, reportRoutes } from './reports/routes.ts';
import { requireWorkbenchUser, sessionRoutes } from './session/routes.ts';
import { DiagramIndex } from './tasks/stage.ts';
import { taskRoutes } from './tasks/routes.ts';

export type { WorkbenchDeps } from './context.ts';
export type { WorkbenchAuth } from './session/session.ts';

/** JSON bodies must hold an attachment in base64 (4/3 of its size) with its envelope. */
export function workbenchBodyLimit(maxAttachmentBytes: number): number {
  return Math.ceil((maxAttachmentBytes * 4) / 3) + 64 * 1024;
}

export function workbenchRoutes(deps: WorkbenchDeps): Router {
  const context: WorkbenchContext = {
    auth: deps.auth,
    sessions: deps.sessions,
    now: deps.now ?? (() => new Date()),
    engine: workbenchEngine(deps.engine),
    logger: deps.logger,
    maxAttachmentBytes: deps.maxAttachmentBytes,
    calendar: deps.calendar,
    diagrams: new DiagramIndex(),
    startForms: new Map(),
  };
  const router = Router();
  router.use('/session', sessionRoutes(context));
  router.use(requireWorkbenchUser(context));
  router.use(taskRoutes(context));
  router.use('/cases', caseRoutes(context));
  router.use('/attachments', attachmentRoutes(context));
  router.use('/processes', processRoutes(context));
  router.use('/reports', reportRoutes(context));
  router.use('/major-issues', majorIssueRoutes(context));
  router.use('/obstructions', obstructionRoutes(context));
  router.use(engineErrorHandler);
  return router;
}
