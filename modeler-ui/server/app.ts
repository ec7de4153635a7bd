/**
 * The modeler UI's HTTP API as an express app built from its dependencies
 * (folders, user setup, deploy function, logger), so tests run it on
 * temporary copies of processes/ and main.ts runs it on the real one.
 *
 * /api/health            anyone
 * /api/session           login / current user / logout (auth/routes.ts)
 * /api/files             list, read, save with conflict check (files/routes.ts)
 * /api/history           versions of a file, restore (history/routes.ts)
 * /api/lint              the deploy checks on one (unsaved) file (lint/routes.ts)
 * /api/deploy            process owners only (deploy/routes.ts)
 * /api/element-templates  the workers' element templates (element-templates/routes.ts)
 * /tasks/api              the staff workbench's API (workbench/server), when configured
 * /tasks                  the workbench's browser app (workbench/build/routes.ts)
 * /                       the browser app, when a built bundle is given (web/routes.ts)
 *
 * Everything below /api except health and session needs a logged-in user.
 * Requests that change something must be JSON (application/json), which a
 * cross-site form cannot send; with the SameSite=Strict session cookie that
 * keeps other sites from acting in a user's name.
 */
import { createHmac } from 'node:crypto';
import express, { type Express, type RequestHandler } from 'express';
import { pinoHttp } from 'pino-http';
import type { Logger } from 'pino';
import { CandidateGroup } from '../../workers/contract.ts';
import { allWorkers } from '../../workers/registry.ts';
import { type AuthContext, type AuthSetup, requireOwner, requireUser } from './auth/authenticate.ts';
import { sessionRoutes } from './auth/routes.ts';
import type { SessionKeys } from './auth/session.ts';
import { type DeployFunction, deployRoutes } from './deploy/routes.ts';
import { elementTemplateRoutes } from './element-templates/routes.ts';
import { type ElementTemplate, workerElementTemplates } from './element-templates/templates.ts';
import { HttpError, errorHandler, notFound } from './errors.ts';
import { FileStore } from './files/file-store.ts';
import { type DeployStateReader, fileRoutes } from './files/routes.ts';
import { historyRoutes } from './history/routes.ts';
import { HistoryStore } from './history/store.ts';
import { lintRoutes } from './lint/routes.ts';
import { webAppRoutes } from './web/routes.ts';
import type { WorkingDayCalendar } from '../../workers/deadline/calendar.ts';
import { workbenchWebRoutes } from '../../workbench/build/routes.ts';
import { type WorkbenchAuth, workbenchBodyLimit, workbenchRoutes } from '../../workbench/server/index.ts';

/** The staff workbench (待办) served beside the modeler at /tasks. */
export interface WorkbenchSetup {
  /** The engine's REST API and the secret it accepts user tokens signed with (config.engine.userTokenSecret). */
  readonly engine: { readonly baseUrl: string; readonly userTokenSecret: string };
  /** WORKBENCH_MAX_ATTACHMENT_BYTES. */
  readonly maxAttachmentBytes: number;
  readonly calendar: WorkingDayCalendar;
  /** The built browser app (workbench/build/bundle.ts); without it /tasks answers that it is not built. */
  readonly bundleDir?: string;
}

export interface ModelerDeps {
  /** The folder holding the diagrams (any depth) and forms/ (processes/ in production). */
  readonly processesDir: string;
  /** Where saved versions are kept (MODELER_HISTORY_DIR). */
  readonly historyDir: string;
  /**
   * What the engine runs from each file (deploy/deploy-records.ts's
   * EngineDeployState); without it the file list shows no deploy state.
   */
  readonly deployState?: DeployStateReader;
  /** Largest request body and file, in bytes. */
  readonly maxUploadBytes: number;
  readonly auth: AuthSetup;
  readonly sessions: SessionKeys;
  /** deploy/deploy.ts's deployResources bound to the engine's REST client. */
  readonly deploy: DeployFunction;
  /** The engine deployed to, named in the advice of a failed deployment. */
  readonly engine?: { readonly restUrl: string; readonly username: string };
  readonly logger: Logger;
  /** Members of this group may deploy; the contract's 安委办 by default. */
  readonly ownerGroup?: string;
  /** Job types with a worker; workers/registry.ts by default. */
  readonly registeredJobTypes?: ReadonlySet<string>;
  /** Element templates offered in the modeler; those of workers/registry.ts by default. */
  readonly elementTemplates?: readonly ElementTemplate[];
  /** The built browser app (web/bundle.ts), served at `/`; without it only the API is served. */
  readonly webBundleDir?: string;
  /** The staff workbench at /tasks; without it there is none. */
  readonly workbench?: WorkbenchSetup;
  readonly now?: () => Date;
}

/**
 * The workbench's login: in users-file mode its own password check against
 * the engine, in trusted-header mode the same SSO proxy as the modeler.
 */
function workbenchAuth(auth: AuthSetup): WorkbenchAuth {
  return auth.mode === 'trusted-header' ? auth : { mode: 'users-file' };
}

/**
 * A key of its own for workbench sessions, so a modeler session cookie
 * (checked against the modeler's user file) never passes as a workbench one
 * (checked by the engine), and the other way round.
 */
function workbenchSessionSecret(secret: string): string {
  return createHmac('sha256', secret).update('anquan-workbench-session', 'utf8').digest('hex');
}

const requireJsonForChanges: RequestHandler = (req, _res, next) => {
  if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') {
    next();
    return;
  }
  const type = req.headers['content-type'] ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    next(
      new HttpError(
        415,
        'json-required',
        '修改类请求须以 JSON 发送（Content-Type: application/json）',
        'requests that change something must be sent as JSON (Content-Type: application/json)',
      ),
    );
    return;
  }
  next();
};

export function createApp(deps: ModelerDeps): Express {
  const now = deps.now ?? (() => new Date());
  const context: AuthContext = {
    setup: deps.auth,
    sessions: deps.sessions,
    ownerGroup: deps.ownerGroup ?? CandidateGroup.safetyCommitteeOffice,
    now,
  };
  const history = new HistoryStore(deps.historyDir);
  const files = new FileStore(history, now);
  const jobTypes = deps.registeredJobTypes ? { registeredJobTypes: deps.registeredJobTypes } : {};

  const app = express();
  app.disable('x-powered-by');
  app.set('json spaces', 0);
  app.use(
    pinoHttp({
      logger: deps.logger,
      // No headers in the log: they carry session cookies, Basic credentials and the proxy secret.
      serializers: {
        req: (req: { id: unknown; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      customProps: (_req, res) => {
        const user = (res as unknown as { locals?: { user?: { username: string } } }).locals?.user;
        return user ? { user: user.username } : {};
      },
    }),
  );
  app.use((_req, res, next) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  app.use('/api', requireJsonForChanges, express.json({ limit: deps.maxUploadBytes, strict: true }));

  app.get('/api/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.use('/api/session', sessionRoutes(context));
  app.use('/api', requireUser(context));
  app.use(
    '/api/files',
    fileRoutes({
      processesDir: deps.processesDir,
      ...(deps.deployState ? { deployState: deps.deployState } : {}),
      maxUploadBytes: deps.maxUploadBytes,
      files,
      history,
    }),
  );
  app.use('/api/history', historyRoutes({ processesDir: deps.processesDir, maxUploadBytes: deps.maxUploadBytes, files, history }));
  app.use('/api/lint', lintRoutes({ processesDir: deps.processesDir, maxUploadBytes: deps.maxUploadBytes, ...jobTypes }));
  app.use(
    '/api/deploy',
    requireOwner(context),
    deployRoutes({ processesDir: deps.processesDir, deploy: deps.deploy, ...(deps.engine ? { engine: deps.engine } : {}), ...jobTypes }),
  );
  app.use('/api/element-templates', elementTemplateRoutes(deps.elementTemplates ?? workerElementTemplates(allWorkers)));
  app.use('/api', notFound);
  if (deps.workbench) {
    const workbench = deps.workbench;
    app.use(
      '/tasks/api',
      requireJsonForChanges,
      express.json({ limit: workbenchBodyLimit(workbench.maxAttachmentBytes), strict: true }),
      workbenchRoutes({
        engine: workbench.engine,
        logger: deps.logger,
        auth: workbenchAuth(deps.auth),
        sessions: { secret: workbenchSessionSecret(deps.sessions.secret), ttlMinutes: deps.sessions.ttlMinutes },
        maxAttachmentBytes: workbench.maxAttachmentBytes,
        calendar: workbench.calendar,
        now,
      }),
    );
    app.use('/tasks/api', notFound);
    if (workbench.bundleDir) {
      app.use('/tasks', workbenchWebRoutes(workbench.bundleDir));
    } else {
      app.use('/tasks', (_req, _res, next) => {
        next(
          new HttpError(
            503,
            'workbench-not-built',
            '待办工作台网页尚未构建（workbench/web），请查看服务器日志',
            'the workbench web app is not built (workbench/web); see the server log',
          ),
        );
      });
    }
  }
  if (deps.webBundleDir) app.use(webAppRoutes(deps.webBundleDir));
  app.use(notFound);
  app.use(errorHandler);
  return app;
}
