/** What every workbench route shares: the engine as the user, the calendar, the clock, the session keys. */
import type { Response } from 'express';
import type { Logger } from 'pino';
import type { SessionKeys } from '../../modeler-ui/server/auth/session.ts';
import type { WorkingDayCalendar } from '../../workers/deadline/calendar.ts';
import type { EngineRestClient } from '../../workers/engine/rest-client.ts';
import type { WorkbenchEngine } from './engine.ts';
import { unauthenticated } from './errors.ts';
import type { SessionContext, WorkbenchAuth } from './session/session.ts';
import { DiagramIndex } from './tasks/stage.ts';

export interface WorkbenchDeps {
  /** The engine's REST API and the secret the engine accepts user tokens signed with. */
  readonly engine: { readonly baseUrl: string; readonly userTokenSecret: string; readonly fetch?: typeof fetch };
  readonly logger: Logger;
  /** config.modeler.auth: users-file (password checked by the engine) or trusted-header (the SSO proxy names the user). */
  readonly auth: WorkbenchAuth;
  readonly sessions: SessionKeys;
  /** WORKBENCH_MAX_ATTACHMENT_BYTES. */
  readonly maxAttachmentBytes: number;
  /** The official working-day calendar (CALENDAR_OVERRIDE_FILE), for the working days left. */
  readonly calendar: WorkingDayCalendar;
  readonly now?: () => Date;
}

export interface WorkbenchContext extends SessionContext {
  readonly engine: WorkbenchEngine;
  readonly logger: Logger;
  readonly maxAttachmentBytes: number;
  readonly calendar: WorkingDayCalendar;
  readonly diagrams: DiagramIndex;
  /** Per definition id: whether it has a start form (a deployed definition never changes). */
  readonly startForms: Map<string, Promise<boolean>>;
}

/** The logged-in user of a request that passed requireWorkbenchUser. */
export function userIdOf(res: Response): string {
  const userId = res.locals['workbenchUserId'] as string | undefined;
  if (!userId) throw unauthenticated();
  return userId;
}

export function engineFor(context: WorkbenchContext, res: Response): EngineRestClient {
  return context.engine.asUser(userIdOf(res));
}

