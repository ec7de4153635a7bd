/** What every screen gets from the app shell (main.ts). */
import type { SessionInfo } from '../../api-types.ts';

export interface AppContext {
  readonly session: SessionInfo;
  /** Goes to an address of the app (`#/task/…`). */
  navigate(hash: string): void;
  /** Shows a message at the top of the next screen (e.g. after a task was completed). */
  flash(message: string): void;
  /** A 401 means the session ran out: back to the login. Everything else is shown where it happened. */
  failed(error: unknown): string;
  /** Called by a screen that changed tasks, so the tab counts are fetched again. */
  tasksChanged(): void;
}

/** The cleanup a screen leaves for when the next one replaces it. */
export type Teardown = () => void;
