import { describe, expect, it } from 'vitest';
import { WorkingDayCalendar } from '../../../../../workers/deadline/calendar.ts';
import { caseFacts, caseVariableNames } from '../../../../../workbench/server/tasks/case-variables.ts';
import { historyEntries } from '../../../../../workbench/server/tasks/history.ts';
import { diagramFacts, stagesOf } from '../../../../../workbench/server/tasks/stage.ts';
import { expectedAttachments } from '../../../../../workbench/server/tasks/service.ts';
import { attachmentKindOfDescription } from '../../../../../workers/contract.ts';
import { completedSummary, taskSummary, taskTitle, workingDaysLeft } from '../../../../../workbench/server/tasks/summary.ts';

const calendar = new WorkingDayCalendar();

describe('working days left', () => {
  it('counts working days on the official calendar, across 中秋/国庆 2026', () => {
    const now = new Date('2026-09-30T01:00:00.000Z'); // Wednesday, 09:00 in China
    expect(workingDaysLeft(calendar, now, '2026-09-30T18:00:00.000+0800')).toBe(0);
    // 10-01 … 10-07 are the 国庆 holiday; 10-08 is the next working day.
    expect(workingDaysLeft(calendar, now, '2026-10-08T18:00:00.000+0800')).toBe(1);
  });

  it('is negative once the due day is past', () => {
    const now = new Date('2026-09-09T01:00:00.000Z'); // Wednesday
    expect(workingDaysLeft(calendar, now, '2026-09-07T18:00:00.000+0800')).toBe(-2);
  });
});

describe('task summaries', () => {
  const task = {
    id: 't1',
    name: '撰写巡查报告',
    assignee: null,
    created: '2026-09-01T09:00:00.000+0800',
    due: '2026-09-10T18:00:00.000+0800',
    followUp: '2026-09-08T09:00:00.000+0800',
    processDefinitionId: 'safety-patrol:3:abc',
    processInstanceId: 'p1',
    executionId: 'e1',
    taskDefinitionKey: 'WritePatrolReport',
  };

  it('says what and for whom, with the procedure, the 巡查编号 and the due date', () => {
    const summary = taskSummary(task, {
      procedureNames: new Map([['safety-patrol:3:abc', '安全生产巡查']]),
      variables: { patrolTarget: { name: '某某县应急管理局', kind: 'county' }, patrolId: '盐安巡〔2026〕1号' },
      businessKey: null,
      stage: null,
      calendar,
      now: new Date('2026-09-09T01:00:00.000Z'),
    });
    expect(summary).toMatchObject({
      title: '撰写巡查报告 · 某某县应急管理局',
      procedure: '安全生产巡查',
      processDefinitionKey: 'safety-patrol',
      caseNumber: '盐安巡〔2026〕1号',
      targetUnit: '某某县应急管理局',
      due: '2026-09-10T18:00:00.000+08:00',
      workingDaysLeft: 1,
      overdue: false,
    });
  });

  it('falls back to the task name while the target is not known, and to the key without a readable definition', () => {
    const summary = taskSummary(task, { procedureNames: new Map(), variables: {}, businessKey: 'BK', stage: '问题分类处置', calendar, now: new Date('2026-09-11T01:00:00.000Z') });
    expect(summary).toMatchObject({ title: '撰写巡查报告', procedure: 'safety-patrol', businessKey: 'BK', stage: '问题分类处置', overdue: true, workingDaysLeft: -1 });
    expect(taskTitle('签发进驻通知', null)).toBe('签发进驻通知');
  });

  it('reads target units and case numbers where each procedure keeps them', () => {
    expect(caseFacts('daily-inspection', { planId: '日检〔2026〕3号', assignment: { targetName: '清江化工有限公司' } })).toEqual({
      caseNumber: '日检〔2026〕3号',
      targetUnit: '清江化工有限公司',
    });
    expect(caseFacts('hazard-rectification', { finding: { responsibleUnit: '测试县应急管理局' } }).targetUnit).toBe('测试县应急管理局');
    expect(caseFacts('comprehensive-supervision', { unit: { unitName: '市住建局' }, planNumber: '督〔2026〕1号' })).toEqual({ caseNumber: '督〔2026〕1号', targetUnit: '市住建局' });
    expect(caseFacts('unknown-process', { patrolId: 'x' })).toEqual({ caseNumber: null, targetUnit: null });
    expect(caseVariableNames('safety-patrol').sort()).toEqual(['patrolId', 'patrolTarget', 'patrolTargetName']);
  });

  it('summarises a finished task for 已办', () => {
    const done = completedSummary(
      { id: 'h1', name: '摸底分析与线索收集', processDefinitionKey: 'safety-patrol', processDefinitionId: 'safety-patrol:3:abc', processInstanceId: 'p1', assignee: 'anwei-ban', startTime: '2026-09-01T09:00:00.000+0800', endTime: '2026-09-01T10:00:00.000+0800', deleteReason: 'completed' },
      { procedureNames: new Map([['safety-patrol', '安全生产巡查']]), variables: { patrolTarget: { name: '测试县' } }, businessKey: null },
    );
    expect(done).toEqual({ id: 'h1', name: '摸底分析与线索收集', title: '摸底分析与线索收集 · 测试县', procedure: '安全生产巡查', businessKey: null, endTime: '2026-09-01T10:00:00.000+08:00', processInstanceId: 'p1' });
  });
});

describe('stages', () => {
  it('names the innermost sub-process around each element', () => {
    const xml = `<?xml version="1.0"?><bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"><bpmn:process id="p">
      <bpmn:userTask id="Top" name="顶层" />
      <bpmn:subProcess id="Outer" name="问题分类处置"><bpmn:userTask id="InOuter" />
        <bpmn:subProcess id="Inner" name="逐条整改"><bpmn:userTask id="InInner"><bpmn:incoming>f</bpmn:incoming></bpmn:userTask></bpmn:subProcess>
        <bpmn:userTask id="AfterInner" />
      </bpmn:subProcess></bpmn:process></bpmn:definitions>`;
    const stages = stagesOf(xml);
    expect(stages.get('Top')).toBeUndefined();
    expect(stages.get('InOuter')).toBe('问题分类处置');
    expect(stages.get('InInner')).toBe('逐条整改');
    expect(stages.get('AfterInner')).toBe('问题分类处置');
  });

  it('reads the documents a user task expects and tells which the task holds', () => {
    const xml = `<?xml version="1.0"?><bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn"><bpmn:process id="p">
      <bpmn:userTask id="Record"><bpmn:extensionElements><camunda:properties>
        <camunda:property name="anquan.attachments.required" value="检查记录" /><camunda:property name="anquan.attachments.optional" value="现场照片、执法文书,检查记录" />
        <camunda:property name="other" value="x" /></camunda:properties></bpmn:extensionElements></bpmn:userTask>
      <bpmn:userTask id="Plain" /></bpmn:process></bpmn:definitions>`;
    const { attachments } = diagramFacts(xml);
    expect(attachments.get('Plain')).toBeUndefined();
    const expected = attachments.get('Record')!;
    expect(expected).toEqual({ required: ['检查记录'], optional: ['现场照片', '执法文书', '检查记录'] });
    const held = { id: 'a', name: 'p.jpg', description: '【现场照片】 东侧', kind: attachmentKindOfDescription('【现场照片】 东侧'), contentType: 'image/jpeg', taskId: 't', processInstanceId: 'p', userId: null, time: '', url: '' };
    expect(expectedAttachments(expected, [held])).toEqual([
      { kind: '检查记录', required: true, attached: false },
      { kind: '现场照片', required: false, attached: true },
      { kind: '执法文书', required: false, attached: false },
    ]);
    expect(attachmentKindOfDescription('  【执法文书】')).toBe('执法文书');
    expect(attachmentKindOfDescription('【会议纪要】 x')).toBeNull();
    expect(attachmentKindOfDescription('检查记录')).toBeNull();
  });

  it('keeps who did what, when, and leaves out gateways and unnamed steps', () => {
    const entries = historyEntries([
      { id: '1', activityId: 'Start', activityName: '启动安全生产巡查', activityType: 'startEvent', assignee: null, startTime: '2026-09-01T09:00:00.000+0800', endTime: '2026-09-01T09:00:00.000+0800' },
      { id: '2', activityId: 'G', activityName: '方案通过？', activityType: 'exclusiveGateway', assignee: null, startTime: '2026-09-01T09:01:00.000+0800', endTime: null },
      { id: '3', activityId: 'T', activityName: '摸底分析与线索收集', activityType: 'userTask', assignee: 'anwei-ban', startTime: '2026-09-01T09:02:00.000+0800', endTime: null },
      { id: '4', activityId: 'X', activityName: null, activityType: 'serviceTask', assignee: null, startTime: '2026-09-01T09:03:00.000+0800', endTime: null },
    ]);
    expect(entries).toEqual([
      { activity: '启动安全生产巡查', user: null, start: '2026-09-01T09:00:00.000+08:00', end: '2026-09-01T09:00:00.000+08:00' },
      { activity: '摸底分析与线索收集', user: 'anwei-ban', start: '2026-09-01T09:02:00.000+08:00', end: null },
    ]);
  });
});
