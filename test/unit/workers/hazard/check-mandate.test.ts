import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { CandidateGroup, JobType } from '../../../../workers/contract.ts';
import { HazardDisposal, checkMandateWorker } from '../../../../workers/hazard/check-mandate.worker.ts';
import { completedWith, fakeJob, incidentMessage } from '../support/job.ts';
import { testServices } from '../support/services.ts';

const logger = pino({ level: 'silent' });
const finding = { category: '一般问题隐患', description: '仓库消防通道堵塞', responsibleUnit: '某物流有限公司' };

async function run(variables: Record<string, unknown>) {
  const job = fakeJob({ type: checkMandateWorker.jobType, variables });
  const { outcome } = await checkMandateWorker.run(job, { logger, services: testServices() });
  return { job, outcome };
}

describe(JobType.checkHazardMandate, () => {
  it('gives 安委办 only 移交督办 by default: 限期整改 or 移交, never 停产停业整顿', async () => {
    const { job, outcome } = await run({ finding });
    expect(outcome).toBe('completed');
    const output = completedWith(job);
    expect(output).toMatchObject({
      actingGroup: CandidateGroup.safetyCommitteeOffice,
      reviewingGroup: CandidateGroup.safetyCommitteeOffice,
      powers: 'transfer-only',
      actingOrganName: '安委办',
      responsibleParty: { name: '某物流有限公司', kind: 'unit', receiver: CandidateGroup.responsibleUnit },
      rectifyingGroup: CandidateGroup.responsibleUnit,
      listed: false,
    });
    expect(output['allowedDisposals']).toEqual([HazardDisposal.deadline, HazardDisposal.transfer]);
    expect(output['allowedDisposals']).not.toContain(HazardDisposal.suspension);
    expect((output['disposalOptions'] as Array<{ value: string }>).map((option) => option.value)).toEqual(output['allowedDisposals']);
    expect(output['powersNote']).toContain('第五、六条');
  });

  it('gives the department enforcement powers, 停产停业整顿 included, for an enterprise', async () => {
    const { job } = await run({
      finding,
      actingGroup: CandidateGroup.regulatoryDepartment,
      actingOrganName: '测试县应急管理局',
      responsibleParty: { name: '某物流有限公司', kind: 'enterprise', creditCode: '91360000MA000000X1' },
    });
    expect(completedWith(job)).toMatchObject({
      actingGroup: CandidateGroup.regulatoryDepartment,
      reviewingGroup: CandidateGroup.regulatoryDepartment,
      powers: 'enforcement',
      actingOrganName: '测试县应急管理局',
      responsibleParty: { name: '某物流有限公司', kind: 'enterprise', receiver: CandidateGroup.enterprise, creditCode: '91360000MA000000X1' },
      // The enterprise reports its own 整改落实 (五落实), not a 责任单位 on its behalf.
      rectifyingGroup: CandidateGroup.enterprise,
      allowedDisposals: [HazardDisposal.deadline, HazardDisposal.suspension, HazardDisposal.transfer],
    });
  });

  it('raises an incident naming 第五、六条 when a caller gives 安委办 enforcement powers', async () => {
    const { job, outcome } = await run({ finding, actingGroup: CandidateGroup.safetyCommitteeOffice, powers: 'enforcement' });
    expect(outcome).toBe('invalid-input');
    expect(incidentMessage(job)).toContain('江西办法第五、六条');
    expect(incidentMessage(job)).toContain('variable powers');
  });

  it('refuses an organ that may not diagnose, a party of unknown kind and a listing without its deadline', async () => {
    const { job, outcome } = await run({
      finding,
      actingGroup: CandidateGroup.patrolTeam,
      responsibleParty: { name: '某公司', kind: 'person' },
      listing: { authority: '安委会', documentNumber: '赣安督〔2026〕1号', listedAt: '2026-12-01T01:00:00.000Z' },
    });
    expect(outcome).toBe('invalid-input');
    const message = incidentMessage(job);
    expect(message).toContain('variable actingGroup');
    expect(message).toContain('responsibleParty.kind');
  });

  it('marks a listed hazard, whose listing and deadline come together', async () => {
    const listing = { authority: '安委会', documentNumber: '赣安督〔2026〕1号', listedAt: '2026-12-01T01:00:00.000Z' };
    const alone = await run({ finding, listing });
    expect(alone.outcome).toBe('invalid-input');
    expect(incidentMessage(alone.job)).toContain('listedDeadline');
    const listedDeadline = { due: '2027-06-01', dueAt: '2027-06-01T18:00:00+08:00', remindAt: '2027-05-27T09:00:00+08:00' };
    const both = await run({ finding, listing, listedDeadline });
    expect(completedWith(both.job)['listed']).toBe(true);
  });
});
