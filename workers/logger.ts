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

/** The fields of a job that identify it in Operate. */
export interface JobIdentity {
  readonly type: string;
  readonly key: string;
  readonly processInstanceKey: string;
  readonly elementId: string;
  readonly bpmnProcessId?: string;
}

/** A child logger whose every line names the job, so a log line leads straight to the instance in Operate. */
export function jobLogger(logger: Logger, job: JobIdentity): Logger {
  return logger.child({
    jobType: job.type,
    jobKey: job.key,
    processInstanceKey: job.processInstanceKey,
    elementId: job.elementId,
    ...(job.bpmnProcessId ? { bpmnProcessId: job.bpmnProcessId } : {}),
  });
}

/** While the gateway is unreachable the SDK reports the same error several times a second. */
export const SDK_REPEAT_WINDOW_MS = 30_000;

/**
 * The SDK's gRPC worker writes JSON-stringified messages to a `stdout`-shaped
 * object; this routes them into our logger instead of the console, without
 * the SDK's call-site stack, and lets an identical message through once per
 * {@link SDK_REPEAT_WINDOW_MS} with the count of those held back.
 */
export function sdkLogSink(
  logger: Logger,
  now: () => number = Date.now,
): { debug(message: string): void; info(message: string): void; error(message: string): void } {
  const lastSeen = new Map<string, { at: number; heldBack: number }>();
  const forward = (level: 'debug' | 'info' | 'error') => (message: string) => {
    let text = message;
    let fields: Record<string, unknown> = {};
    try {
      const parsed: unknown = JSON.parse(message);
      if (parsed !== null && typeof parsed === 'object') {
        const { message: inner, context: _callSite, timestamp: _timestamp, ...rest } = parsed as Record<string, unknown>;
        text = typeof inner === 'string' ? inner : JSON.stringify(inner);
        fields = rest;
      }
    } catch {
      // Not JSON: the raw text is the message.
    }
    const previous = lastSeen.get(text);
    const at = now();
    if (previous && at - previous.at < SDK_REPEAT_WINDOW_MS) {
      previous.heldBack += 1;
      return;
    }
    lastSeen.set(text, { at, heldBack: 0 });
    logger[level]({ sdk: fields, ...(previous?.heldBack ? { repeatedSinceLastLine: previous.heldBack } : {}) }, text);
  };
  return { debug: forward('debug'), info: forward('info'), error: forward('error') };
}
