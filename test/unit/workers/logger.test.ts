import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { SDK_REPEAT_WINDOW_MS, jobLogger, sdkLogSink } from '../../../workers/logger.ts';

function capturingLogger() {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ level: 'debug' }, stream), lines };
}

describe('jobLogger', () => {
  it('names the job on every line', () => {
    const { logger, lines } = capturingLogger();
    jobLogger(logger, { type: 'anquan.deadline.add-working-days', key: '11', processInstanceKey: '22', elementId: 'Task' }).info('done');
    expect(lines[0]).toMatchObject({ jobType: 'anquan.deadline.add-working-days', jobKey: '11', processInstanceKey: '22', elementId: 'Task', msg: 'done' });
  });
});

describe('sdkLogSink', () => {
  it('drops the call-site stack and holds back repeats within the window', () => {
    const { logger, lines } = capturingLogger();
    let clock = 0;
    const sink = sdkLogSink(logger, () => clock);
    const unavailable = JSON.stringify({ message: '14 UNAVAILABLE', context: '["stack"]', timestamp: 'now', taskType: 'x' });
    sink.error(unavailable);
    clock += 300;
    sink.error(unavailable);
    sink.error(unavailable);
    clock += SDK_REPEAT_WINDOW_MS;
    sink.error(unavailable);
    sink.info('plain text');
    expect(lines.map((line) => line['msg'])).toEqual(['14 UNAVAILABLE', '14 UNAVAILABLE', 'plain text']);
    expect(lines[0]).toMatchObject({ level: 50, sdk: { taskType: 'x' } });
    expect(lines[0]?.['sdk']).not.toHaveProperty('context');
    expect(lines[1]).toMatchObject({ repeatedSinceLastLine: 2 });
  });
});
