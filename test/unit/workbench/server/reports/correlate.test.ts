import { describe, expect, it } from 'vitest';
import { MAX_CONCURRENT_UPDATE_ATTEMPTS } from '../../../../../workbench/server/concurrent-update.ts';
import { correlateOnSite, onSiteMessageBody, type OnSiteMessageKind } from '../../../../../workbench/server/reports/correlate.ts';
import { MessageName } from '../../../../../workers/contract.ts';
import { EngineRestError } from '../../../../../workers/engine/rest-client.ts';

function engineError(status: number, type: string, message: string): EngineRestError {
  return new EngineRestError({ status, method: 'POST', path: '/message', username: 'xuncha-zu', body: { type, message } });
}

const noSubscription = () => engineError(400, 'MismatchingMessageCorrelationException', 'Cannot correlate message anquan.patrol.report-received: No process definition or execution matches the parameters');
const concurrent = () => engineError(500, 'OptimisticLockingException', "ENGINE-03005 Execution of 'UPDATE ExecutionEntity[…]' failed. Entity was updated by another transaction concurrently.");

const correlateReport = (patrolId: string, send: () => Promise<unknown>) => correlateOnSite('report', patrolId, send);

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

async function refusal(kind: OnSiteMessageKind, patrolId: string): Promise<{ status: number; code: string; zh: string; en: string }> {
  const error = (await correlateOnSite(kind, patrolId, sender([noSubscription()]).send).catch((caught: unknown) => caught)) as {
    status: number;
    code: string;
    details: { zh: string; en: string };
  };
  return { status: error.status, code: error.code, ...error.details };
}

describe('correlateOnSite for a 来信来电举报', () => {
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

describe('the on-site messages', () => {
  it('are the messages patrol-entry subscribes to, correlated by patrolId with the payload as process variables', () => {
    expect(onSiteMessageBody('major-issue', '湘安巡〔2026〕22号', { majorIssue: { description: '联锁未投用', responsibleUnit: '清江化工有限公司' } })).toEqual({
      messageName: MessageName.patrolMajorIssueRaised,
      correlationKeys: { patrolId: { value: '湘安巡〔2026〕22号', type: 'String' } },
      processVariables: {
        majorIssue: { value: JSON.stringify({ description: '联锁未投用', responsibleUnit: '清江化工有限公司' }), type: 'Json' },
      },
      resultEnabled: true,
    });
    const obstruction = onSiteMessageBody('obstruction', '盐安巡〔2026〕23号', { obstruction: { description: '拒不提供执法台账' } });
    expect(obstruction).toMatchObject({ messageName: MessageName.patrolObstructionReported, correlationKeys: { patrolId: { value: '盐安巡〔2026〕23号' } } });
    expect(JSON.parse((obstruction['processVariables'] as { obstruction: { value: string } }).obstruction.value)).toEqual({ description: '拒不提供执法台账' });
    expect(onSiteMessageBody('report', '盐安巡〔2026〕1号', {})['messageName']).toBe(MessageName.patrolReportReceived);
  });

  it('say in the 404 which span each is accepted in: the report window, or the whole on-site phase', async () => {
    const report = await refusal('report', '盐安巡〔2026〕1号');
    const majorIssue = await refusal('major-issue', '盐安巡〔2026〕1号');
    const obstruction = await refusal('obstruction', '盐安巡〔2026〕1号');
    for (const answer of [report, majorIssue, obstruction]) {
      expect(answer).toMatchObject({ status: 404, code: 'no-patrol-on-site' });
      expect(answer.zh).toMatch(/^没有正在现场巡查、巡查编号为“盐安巡〔2026〕1号”的巡查：/);
      expect(answer.en).toMatch(/^no patrol numbered "盐安巡〔2026〕1号" is on site: /);
    }
    expect(majorIssue.zh).toContain('重大问题只在现场巡查阶段');
    expect(majorIssue.en).toContain('major issues are raised only during the on-site phase');
    expect(obstruction.zh).toContain('不配合、干扰巡查的情形只在现场巡查阶段');
    expect(obstruction.en).toContain('obstruction is recorded only during the on-site phase');
    expect(report.zh).toContain('来信来电举报只在现场巡查期间');
  });

  it('retry a concurrent update and pass other refusals on, as for a report', async () => {
    const once = sender([concurrent()]);
    await correlateOnSite('obstruction', '盐安巡〔2026〕23号', once.send);
    expect(once.calls()).toBe(2);
    const forbidden = sender([engineError(403, 'AuthorizationException', 'no UPDATE permission')]);
    await expect(correlateOnSite('major-issue', '盐安巡〔2026〕23号', forbidden.send)).rejects.toBeInstanceOf(EngineRestError);
  });
});
