import pino, { type Logger } from 'pino';
import type { AppConfig } from './config.ts';

export type { Logger } from 'pino';

export interface LoggerOptions {
  /**
   * CLIs whose stdout is their result (a date, a deployment list) log to
   * stderr so that output stays machine-readable.
   */
  readonly stream?: 'stdout' | 'stderr';
  readonly name?: string;
}

/** JSON lines for machines; pino-pretty only when a person is watching the terminal. */
export function createLogger(config: Pick<AppConfig, 'logLevel'>, options: LoggerOptions = {}): Logger {
  const stream = options.stream ?? 'stdout';
  const destinationFd = stream === 'stdout' ? 1 : 2;
  const isTerminal = (stream === 'stdout' ? process.stdout : process.stderr).isTTY === true;
  const base = { level: config.logLevel, ...(options.name ? { name: options.name } : {}) };

  if (isTerminal) {
    return pino({
      ...base,
      transport: {
        target: 'pino-pretty',
        options: { destination: destinationFd, colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' },
      },
    });
  }
  return pino(base, pino.destination({ fd: destinationFd, sync: true }));
}

/** The fields of a job that identify it in Cockpit. */
export interface JobIdentity {
  /** External-task topic. */
  readonly type: string;
  /** External task id. */
  readonly key: string;
  readonly processInstanceKey: string;
  /** BPMN element id (activity id). */
  readonly elementId: string;
  /** Process definition key. */
  readonly bpmnProcessId?: string;
  /** Activity instance id: the same for every delivery of this task, so redeliveries can be told apart from new work. */
  readonly elementInstanceKey?: string;
}

/**
 * A child logger whose every line names the task in Cockpit's terms (topic,
 * task id, process instance id, activity id), so a log line leads straight to
 * the instance there.
 */
export function jobLogger(logger: Logger, job: JobIdentity): Logger {
  return logger.child({
    topic: job.type,
    taskId: job.key,
    processInstanceId: job.processInstanceKey,
    activityId: job.elementId,
    ...(job.bpmnProcessId ? { processDefinitionKey: job.bpmnProcessId } : {}),
    ...(job.elementInstanceKey ? { activityInstanceId: job.elementInstanceKey } : {}),
  });
}
