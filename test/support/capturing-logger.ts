/**
 * A pino logger at debug level whose JSON lines the test can read back, for
 * asserting what an operator would see in the logs (fields, levels, messages).
 */
import { Writable } from 'node:stream';
import pino, { type Logger } from 'pino';

export interface CapturedLog {
  readonly logger: Logger;
  readonly lines: Array<Record<string, unknown>>;
  /** The `msg` of every line, or of the lines at one pino level (e.g. 40 for warn). */
  messages(level?: number): string[];
}

export function capturingLogger(): CapturedLog {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
      done();
    },
  });
  return {
    logger: pino({ level: 'debug' }, stream),
    lines,
    messages: (level?: number) => lines.filter((line) => level === undefined || line['level'] === level).map((line) => String(line['msg'])),
  };
}
