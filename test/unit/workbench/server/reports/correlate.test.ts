import { describe, expect, it } from 'vitest';
import { MAX_CONCURRENT_UPDATE_ATTEMPTS } from '../../../../../workbench/server/concurrent-update.ts';
import { correlateReport } from '../../../../../workbench/server/reports/correlate.ts';
import { EngineRestError } from '../../../../../workers/engine/rest-client.ts';

function engineError(status: number, type: string, message: string): EngineRestError {
  return new EngineRestError({ status, method: 'POST', path: '/message', username: 'xuncha-zu', body: { type, message } });
}

const noSubscription = () => engineError(400, 'MismatchingMessageCorrelationException', 'Cannot correlate message anquan.patrol.report-received: No process definition or execution matches the parameters');
const concurrent = () => engineError(500, 'OptimisticLockingException', "ENGINE-03005 Execution of 'UPDATE ExecutionEntity[…]' failed. Entity was updated by another transaction concurrently.");

function sender(failures: readonly EngineRestError[]) {
  let calls = 0;
  const send = async () => {
    const failure = failures[calls];
    calls += 1;
    if (failure) throw failure;
    return [];
  };
  return { send, calls: () => calls };
}

describe('correlateReport', () => {
  it('sends the report once when the patrol is on site', async () => {
    const { send, calls } = sender([]);
    await correlateReport('盐安巡〔2026〕1号', send);
    expect(calls()).toBe(1);
  });

  it('answers a patrol outside its report window with a bilingual 404 naming the patrol', async () => {
    const { send, calls } = sender([noSubscription()]);
    const error = await correlateReport('盐安巡〔2026〕1号', send).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ status: 404, code: 'no-patrol-on-site' });
    const { zh, en } = (error as { details: { zh: string; en: string } }).details;
    expect(zh).toContain('“盐安巡〔2026〕1号”');
    expect(zh).toContain('现场巡查期间');
    expect(en).toContain('is on site');
    expect(en).toContain('only during the on-site period');
    expect(calls()).toBe(1);
  });

  it('sends again after the engine rolled it back for a concurrent update, but not for ever', async () => {
    const once = sender([concurrent()]);
    await correlateReport('盐安巡〔2026〕1号', once.send);
    expect(once.calls()).toBe(2);

    const always = sender(Array.from({ length: MAX_CONCURRENT_UPDATE_ATTEMPTS }, concurrent));
    await expect(correlateReport('盐安巡〔2026〕1号', always.send)).rejects.toMatchObject({ status: 500, type: 'OptimisticLockingException' });
    expect(always.calls()).toBe(MAX_CONCURRENT_UPDATE_ATTEMPTS);
  });

  it('passes any other refusal on, e.g. a role that may not correlate', async () => {
    const { send, calls } = sender([engineError(403, 'AuthorizationException', 'The user with id bei-xuncha-danwei does not have UPDATE permission')]);
    await expect(correlateReport('盐安巡〔2026〕1号', send)).rejects.toMatchObject({ status: 403 });
    expect(calls()).toBe(1);
  });
});
