/**
 * The `procedures` section of the profiles (issue 11 decision 2): the shipped
 * approval chains and recipients of 江西, 盐城 and 湖南 as their seeds set them,
 * validation with messages naming the file and the field, and inheritance.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CandidateGroup, Receiver, knownCandidateGroups } from '../../../../workers/contract.ts';
import { ProfileStore } from '../../../../workers/profile/profile.ts';
import { PROCEDURE_FIELDS, SUPERVISED_GROUPS, patrolProcedureGroups } from '../../../../workers/profile/procedures.ts';
import { SHIPPED_PROFILES as SHIPPED, useProfileCopies } from './support.ts';
const groupsOf = (steps: readonly { group: string }[]) => steps.map((step) => step.group);

describe('shipped procedures', () => {
  const store = new ProfileStore(SHIPPED);

  it('盐城: 领导小组研究 → 市委市政府批准, feedback after that approval, 整改方案 to 市委市政府 with a copy to the 领导小组办公室, major issues reported first', async () => {
    const { procedures, sources } = await store.resolve('yancheng');
    const patrol = procedures.patrol;
    expect(groupsOf(patrol.planApproval)).toEqual([CandidateGroup.leadingGroup, CandidateGroup.partyGovernment]);
    expect(groupsOf(patrol.reportApproval)).toEqual([CandidateGroup.leadingGroup, CandidateGroup.partyGovernment]);
    expect(patrol.planApproval.map((step) => step.source)).toEqual([expect.stringContaining('盐城方案四(一)'), expect.stringContaining('盐城方案四(一)')]);
    expect(patrol.reportApproval.map((step) => step.source)).toEqual([expect.stringContaining('盐城方案四(四)'), expect.stringContaining('盐城方案四(五)')]);
    expect(patrol.planApproval[1]!.title).toContain('市委、市政府');
    expect(patrol.feedbackAfter).toBe('reportApproval');
    expect(patrol.reportCopyTo).toEqual([]);
    expect(patrol.rectificationPlanTo).toMatchObject({ to: [CandidateGroup.partyGovernment], copy: [CandidateGroup.safetyCommitteeOffice], origin: 'seed' });
    expect(patrol.rectificationPlanTo.source).toContain('盐城方案四(七)');
    expect(patrol.rectificationPlanTo.source).toContain('领导小组办公室');
    expect(patrol.majorIssueHandling).toBe('report-to-leading-group-first');
    expect(patrol.revisitBy).toBe(CandidateGroup.leadingGroup);
    // 四(六): the results go to the 市委组织部; 纪检 matters go as clues, not as a copy.
    expect(patrol.resultCopyTo).toMatchObject({ to: [Receiver.organizationDepartment], origin: 'seed', source: expect.stringContaining('盐城方案四(六)') });
    for (const field of PROCEDURE_FIELDS.patrol.filter((name) => name !== 'reportCopyTo')) {
      expect(sources.procedures.patrol[field], field).toMatchObject({ definedIn: 'yancheng', inherited: false, origin: 'seed' });
    }
    // 盐城方案 sends the report to nobody else: an empty list has no article.
    expect(sources.procedures.patrol.reportCopyTo).toMatchObject({ definedIn: 'yancheng', origin: 'administrative-default', source: expect.stringContaining('the seed sets none') });
    expect(sources.procedures.patrol.majorIssueHandling.source).toContain('盐城方案五(四)');
  });

  it('湖南: 安委办审核 → 安委会审定, the report copied to the 省委巡视办 on request, major issues assigned at once', async () => {
    const { procedures, sources } = await store.resolve('hunan');
    const patrol = procedures.patrol;
    expect(groupsOf(patrol.planApproval)).toEqual([CandidateGroup.safetyCommitteeOffice, CandidateGroup.safetyCommittee]);
    expect(groupsOf(patrol.reportApproval)).toEqual([CandidateGroup.safetyCommitteeOffice, CandidateGroup.safetyCommittee]);
    expect(patrol.reportApproval.map((step) => step.source)).toEqual([expect.stringContaining('湖南制度三(三)4'), expect.stringContaining('湖南制度三(三)5')]);
    expect(patrol.reportCopyTo).toEqual([
      { receiver: Receiver.inspectionOffice, when: 'on-request', origin: 'seed', source: expect.stringContaining('湖南制度三(三)4') },
    ]);
    expect(patrol.majorIssueHandling).toBe('assign-at-once');
    expect(sources.procedures.patrol.majorIssueHandling.source).toContain('湖南制度三(三)3');
    expect(patrol.resultCopyTo.to).toEqual([Receiver.organizationDepartment, Receiver.inspectionOffice]);
    expect(patrol.resultCopyTo.source).toContain('湖南制度四(二)5');
    expect(patrol.rectificationPlanTo.to).toEqual([CandidateGroup.safetyCommitteeOffice]);
    // 湖南 has no 领导小组: nothing in its procedures goes to one.
    expect(patrolProcedureGroups(procedures)).not.toContain(CandidateGroup.leadingGroup);
    // The 安委办 审核 of its own plan is not in the seed, and says so.
    expect(patrol.planApproval[0]!.origin).toBe('administrative-default');
    expect(sources.procedures.patrol.planApproval.origin).toBe('administrative-default');
    expect(sources.procedures.patrol.reportApproval.origin).toBe('seed');
  });

  it('江西 (default): 领导小组审定 as before, every choice the 办法 leaves open marked as an administrative default', async () => {
    const { procedures, sources } = await store.resolve('jiangxi');
    const patrol = procedures.patrol;
    expect(groupsOf(patrol.planApproval)).toEqual([CandidateGroup.leadingGroup]);
    expect(groupsOf(patrol.reportApproval)).toEqual([CandidateGroup.leadingGroup]);
    for (const step of [...patrol.planApproval, ...patrol.reportApproval]) {
      expect(step.origin).toBe('administrative-default');
      expect(step.source).toContain('江西办法未规定');
    }
    expect(patrol.majorIssueHandling).toBe('assign-at-once');
    expect(patrol.resultCopyTo).toMatchObject({ to: [Receiver.organizationDepartment, Receiver.disciplineInspection], origin: 'seed' });
    for (const field of ['planApproval', 'reportApproval', 'rectificationPlanTo', 'majorIssueHandling', 'revisitBy'] as const) {
      expect(sources.procedures.patrol[field].origin, field).toBe('administrative-default');
    }
    // Feedback after the approval is what 第九条(三) says.
    expect(sources.procedures.patrol.feedbackAfter).toMatchObject({ origin: 'seed', source: expect.stringContaining('江西办法第九条(三)') });
  });

  it('names only known roles, never a supervised party as an approver', async () => {
    for (const profile of await store.resolveAll()) {
      for (const group of patrolProcedureGroups(profile.procedures)) {
        expect(knownCandidateGroups.has(group), `${profile.id} ${group}`).toBe(true);
        expect(SUPERVISED_GROUPS.has(group), `${profile.id} ${group}`).toBe(false);
      }
      for (const step of [...profile.procedures.patrol.planApproval, ...profile.procedures.patrol.reportApproval]) {
        expect(step.title.trim().length, `${profile.id} ${step.group}`).toBeGreaterThan(0);
      }
    }
  });
});

describe('procedures validation and inheritance', () => {
  const copies = useProfileCopies('anquan-procedures-');
  const { edit, problemsOf } = copies;

  it('names the file and every bad field at once, in Chinese and English', async () => {
    await edit('yancheng', (profile) => {
      const patrol = profile.procedures.patrol;
      patrol.planApproval[0].group = 'shiwei';
      patrol.planApproval[1].title = '';
      delete patrol.planApproval[1].source;
      patrol.reportApproval = [patrol.reportApproval[0], { ...patrol.reportApproval[0] }];
      patrol.reportCopyTo = [{ receiver: 'xunshiban', when: 'sometimes', origin: 'seed', source: '测试' }];
      patrol.rectificationPlanTo = { to: ['bei-xuncha-danwei'], copy: ['nobody'], origin: 'seed', source: '测试' };
      patrol.majorIssueHandling = { value: 'ignore', origin: 'guess', source: '测试' };
      patrol.revisitBy = 'lingdao-xiaozu';
      patrol.resultCopyTo = { to: ['anwei-ban'], origin: 'seed', source: '测试' };
      patrol.publishBy = { value: 'anwei-ban', origin: 'seed', source: '测试' };
      profile.procedures.supervision = {};
    });
    const error = await problemsOf('yancheng');
    const file = path.join(copies.folder, 'yancheng.json');
    expect(error.file).toBe(file);
    expect(error.message).toContain(file);
    for (const expected of [
      '字段 procedures.patrol.planApproval[0].group 应为已知候选组',
      'field procedures.patrol.planApproval[0].group must be a known candidate group',
      '(one of xuncha-zu, anwei-ban',
      'got "shiwei"',
      'field procedures.patrol.planApproval[1].title must be a non-empty string',
      'field procedures.patrol.planApproval[1].source must name the article',
      'field procedures.patrol.reportApproval[1].group "lingdao-xiaozu" appears twice in the chain',
      'field procedures.patrol.reportCopyTo[0].receiver must be a known receiver',
      'field procedures.patrol.reportCopyTo[0].when must be always or on-request',
      'field procedures.patrol.rectificationPlanTo.to[0] names bei-xuncha-danwei, a supervised party',
      'field procedures.patrol.rectificationPlanTo.copy[0] must be a known candidate group or receiver (got "nobody")',
      'field procedures.patrol.majorIssueHandling.value must be one of assign-at-once, report-to-leading-group-first (got "ignore")',
      'field procedures.patrol.majorIssueHandling.origin must be seed or administrative-default',
      'field procedures.patrol.revisitBy must be an object { value, origin, source }',
      'field procedures.patrol.resultCopyTo.to[0] must be a known receiver',
      'unknown field procedures.patrol.publishBy',
      'unknown field procedures.supervision',
    ]) {
      expect(error.message).toContain(expected);
    }
  });

  it('rejects an empty approval chain and a copy that is also a recipient', async () => {
    await edit('hunan', (profile) => {
      profile.procedures.patrol.planApproval = [];
      profile.procedures.patrol.rectificationPlanTo.copy = ['anwei-ban'];
    });
    const error = await problemsOf('hunan');
    expect(error.message).toContain('field procedures.patrol.planApproval must be an array of 1 to 6 approval steps');
    expect(error.message).toContain('field procedures.patrol.rectificationPlanTo.copy[0] "anwei-ban" is already in to');
  });

  it('requires the root profile to define every procedure field', async () => {
    await edit('jiangxi', (profile) => {
      delete profile.procedures.patrol.revisitBy;
    });
    const error = await problemsOf('jiangxi');
    expect(error.message).toContain('jiangxi.json');
    expect(error.message).toContain('field procedures.patrol.revisitBy is missing (a profile without extends must define every figure and procedure)');
  });

  it('inherits a field a profile leaves out, whole, and marks it as an inherited administrative default', async () => {
    await edit('yancheng', (profile) => {
      delete profile.procedures.patrol.reportApproval;
      delete profile.procedures.patrol.majorIssueHandling;
    });
    const yancheng = await new ProfileStore(copies.folder).resolve('yancheng');
    const jiangxi = await new ProfileStore(copies.folder).resolve('jiangxi');
    expect(yancheng.procedures.patrol.reportApproval).toEqual(jiangxi.procedures.patrol.reportApproval);
    expect(yancheng.procedures.patrol.majorIssueHandling).toBe('assign-at-once');
    expect(yancheng.sources.procedures.patrol.reportApproval).toMatchObject({ definedIn: 'jiangxi', inherited: true, origin: 'administrative-default' });
    expect(yancheng.sources.procedures.patrol.reportApproval.source).toContain('inherited from jiangxi');
    // What it still defines stays its own.
    expect(groupsOf(yancheng.procedures.patrol.planApproval)).toEqual([CandidateGroup.leadingGroup, CandidateGroup.partyGovernment]);
    expect(yancheng.sources.procedures.patrol.planApproval).toMatchObject({ definedIn: 'yancheng', inherited: false });

    await edit('hunan', (profile) => {
      delete profile.procedures;
    });
    const hunan = await new ProfileStore(copies.folder).resolve('hunan');
    expect(hunan.procedures).toEqual(jiangxi.procedures);
    for (const field of PROCEDURE_FIELDS.patrol) expect(hunan.sources.procedures.patrol[field].inherited, field).toBe(true);
  });
});
