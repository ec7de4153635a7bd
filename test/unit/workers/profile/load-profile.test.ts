import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { JobType } from '../../../../workers/contract.ts';
import { jobType, loadProfileWorker } from '../../../../workers/profile/load-profile.worker.ts';
import { ProfileStore } from '../../../../workers/profile/profile.ts';
import { completedVariables, failure, fakeJob } from '../deadline/fake-job.ts';
import { testServices } from '../support/services.ts';

const runtime = { logger: pino({ level: 'silent' }), services: testServices() };

async function load(variables: Record<string, unknown>): Promise<Record<string, any>> {
  const job = fakeJob(jobType, variables);
  const { outcome } = await loadProfileWorker.run(job, runtime);
  expect(outcome).toBe('completed');
  const output = completedVariables(job.calls);
  expect(Object.keys(output)).toEqual(['profile', 'processInstanceKey']);
  expect(output['processInstanceKey']).toBe(job.processInstanceKey);
  return output['profile'] as Record<string, any>;
}

describe('anquan.profile.load', () => {
  it('is registered under its contract job type', () => {
    expect(jobType).toBe(JobType.loadProfile);
    expect(jobType).toBe('anquan.profile.load');
  });

  it('loads 江西 when no jurisdiction is given', async () => {
    for (const variables of [{}, { jurisdiction: null }]) {
      const profile = await load(variables);
      expect(profile['id']).toBe('jiangxi');
      expect(profile['name']).toBe('江西省');
      expect(profile['chain']).toEqual(['jiangxi']);
    }
  });

  it('loads 盐城 with flat figures a diagram can read, and their sources', async () => {
    const profile = await load({ jurisdiction: 'yancheng' });
    expect(profile['patrol']).toEqual({
      maxOnSiteDays: 30,
      maxOnSiteDaysTownOrZone: 10,
      entryNoticeWorkingDays: 3,
      reportWorkingDays: 10,
      feedbackWorkingDays: 10,
      rectificationPlanWorkingDays: 30,
      rectificationMonths: 6,
    });
    expect(profile['deadline']).toEqual({ reminderLeadWorkingDays: 2 });
    expect(profile['escalation']).toEqual({ letterAfterWorkingDays: 0, interviewAfterWorkingDays: 5, accountabilityAfterWorkingDays: 10, decisionWorkingDays: 3 });
    expect(profile['transfer']).toEqual({ receiptWorkingDays: 10, receiptReminderLeadWorkingDays: 2, outcomeWorkingDays: 30 });
    expect(profile['hazard']).toEqual({ generalRectificationMonths: 1, majorRectificationMonths: 3 });
    expect(profile['sources'].patrol.reportWorkingDays.source).toContain('盐城方案四(四)');
  });

  it('loads 盐城’s approval chain and recipients as plain values the patrol iterates over', async () => {
    const profile = await load({ jurisdiction: 'yancheng' });
    const patrol = profile['procedures'].patrol;
    expect(patrol.planApproval.map((step: { group: string }) => step.group)).toEqual(['lingdao-xiaozu', 'dangwei-zhengfu']);
    expect(patrol.reportApproval[1]).toMatchObject({ group: 'dangwei-zhengfu', title: '市委、市政府批准巡查报告', origin: 'seed' });
    expect(patrol.feedbackAfter).toBe('reportApproval');
    expect(patrol.majorIssueHandling).toBe('report-to-leading-group-first');
    expect(patrol.revisitBy).toBe('lingdao-xiaozu');
    expect(patrol.rectificationPlanTo).toMatchObject({ to: ['dangwei-zhengfu'], copy: ['anwei-ban'] });
    expect(profile['sources'].procedures.patrol.planApproval).toMatchObject({ origin: 'seed', definedIn: 'yancheng', inherited: false });
  });

  it('loads 湖南 with the inherited feedback period', async () => {
    const profile = await load({ jurisdiction: 'hunan' });
    expect(profile['patrol'].reportWorkingDays).toBe(5);
    expect(profile['patrol'].feedbackWorkingDays).toBe(10);
    expect(profile['sources'].patrol.feedbackWorkingDays.definedIn).toBe('jiangxi');
  });

  it.each([['nanchang'], [''], [7]])('rejects jurisdiction %o with retries 0 and the valid ids', async (jurisdiction) => {
    const job = fakeJob(jobType, { jurisdiction });
    const { outcome } = await loadProfileWorker.run(job, runtime);
    expect(outcome).toBe('invalid-input');
    const { errorMessage, retries } = failure(job.calls);
    expect(retries).toBe(0);
    expect(errorMessage).toContain('变量 jurisdiction 应为 jiangxi、yancheng、hunan 之一');
    expect(errorMessage).toContain('variable jurisdiction must be one of jiangxi, yancheng, hunan');
  });

  it('treats a missing profile file as transient, naming the file, so a retry works once it is restored', async () => {
    const folder = await mkdtemp(path.join(os.tmpdir(), 'anquan-no-profiles-'));
    try {
      const job = fakeJob(jobType, { jurisdiction: 'hunan' }, 3);
      const { outcome } = await loadProfileWorker.run(job, { ...runtime, services: testServices({ profiles: new ProfileStore(folder) }) });
      expect(outcome).toBe('transient-failure');
      const { errorMessage, retries } = failure(job.calls);
      expect(retries).toBe(2);
      expect(errorMessage).toContain(path.join(folder, 'hunan.json'));
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});
