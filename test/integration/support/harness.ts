/**
 * The setup every process test shares, once: an SMTP sink that really receives
 * the notices, the test engine's client and clock, the real workers (all of
 * them unless a test leaves one out), and the ledger the workers write.
 * `useEngineHarness()` registers the beforeAll/afterAll hooks and hands back
 * what the tests use, including the `complete()` step a person does at a task.
 */
import { afterAll, beforeAll } from 'vitest';
import type { AppConfig } from '../../../workers/config.ts';
import { type Ledger, openLedger } from '../../../workers/ledger/index.ts';
import { createLogger, type Logger } from '../../../workers/logger.ts';
import { allWorkers, startWorkers, type RunningWorkers } from '../../../workers/registry.ts';
import type { RegisteredWorker } from '../../../workers/worker-definition.ts';
import { startSmtpServer, type TestSmtpServer } from '../../support/smtp-server.ts';
import { EngineClient, EngineClock, eventually, type UserTask } from './engine-client.ts';
import { testEngineClient, testEngineConfig, workerClient } from './test-engine.ts';

export interface HarnessOptions {
  /** Send notices through a real SMTP server (the tests then read `smtp.received`); otherwise to the mailbox folder. */
  readonly smtp?: boolean;
  /** Which workers run; all of them by default. */
  readonly workers?: (worker: RegisteredWorker) => boolean;
  /** Extra environment for the configuration, e.g. NOTIFY_* overrides. */
  readonly environment?: Record<string, string>;
}

export interface EngineHarness {
  readonly config: AppConfig;
  readonly engine: EngineClient;
  readonly clock: EngineClock;
  readonly workers: RunningWorkers;
  readonly ledger: Ledger;
  readonly smtp: TestSmtpServer;
  readonly logger: Logger;
  /** Subjects of every mail the SMTP sink received, in order. */
  subjects(): string[];
  /** Waits until a received mail's subject matches. */
  waitForMail(description: string, matches: (subject: string) => boolean): Promise<void>;
  /**
   * Waits for the task at `elementId`, completes it as its candidate group's
   * login would through the form, waits until the engine moved on, and returns the task.
   */
  complete(processInstanceId: string, elementId: string, variables: Record<string, unknown>): Promise<UserTask>;
}

export function useEngineHarness(options: HarnessOptions = {}): EngineHarness {
  let state: Omit<EngineHarness, 'subjects' | 'waitForMail' | 'complete'> | undefined;
  const ready = () => {
    if (!state) throw new Error('the engine harness is used before its beforeAll ran');
    return state;
  };

  beforeAll(async () => {
    const smtp = await startSmtpServer();
    const config = testEngineConfig({
      ...(options.smtp ? { NOTIFY_CHANNEL: 'smtp', SMTP_URL: smtp.url } : {}),
      ...options.environment,
    });
    const logger = createLogger(config);
    const engine = testEngineClient(config);
    const workers = await startWorkers({
      client: workerClient(config),
      logger,
      config,
      workers: options.workers ? allWorkers.filter(options.workers) : allWorkers,
    });
    const ledger = await openLedger(config.ledger, logger);
    state = { config, engine, clock: new EngineClock(engine), workers, ledger, smtp, logger };
  });

  afterAll(async () => {
    if (!state) return;
    await state.workers.stop(state.config.workerShutdownTimeoutMs);
    await state.ledger.close();
    await state.clock.reset();
    await state.smtp.close();
  });

  const harness: EngineHarness = {
    get config() {
      return ready().config;
    },
    get engine() {
      return ready().engine;
    },
    get clock() {
      return ready().clock;
    },
    get workers() {
      return ready().workers;
    },
    get ledger() {
      return ready().ledger;
    },
    get smtp() {
      return ready().smtp;
    },
    get logger() {
      return ready().logger;
    },
    subjects() {
      return ready().smtp.received.map((mail) => mail.parsed.subject ?? '');
    },
    async waitForMail(description, matches) {
      await eventually(description, async () => (harness.subjects().some(matches) ? true : undefined));
    },
    async complete(processInstanceId, elementId, variables) {
      const { engine } = ready();
      const task = await engine.waitForUserTask(processInstanceId, elementId);
      await engine.completeUserTask(task, variables);
      await eventually(`user task ${elementId} (${task.id}) to close`, async () => {
        const open = await engine.openUserTasks(processInstanceId, elementId);
        return open.some((other) => other.id === task.id) ? undefined : true;
      });
      return task;
    },
  };
  return harness;
}
