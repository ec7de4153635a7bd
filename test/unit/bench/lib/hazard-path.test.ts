import { describe, expect, it } from 'vitest';
import { BpmnModdle } from 'bpmn-moddle';
import { JobType } from '../../../../workers/contract.ts';
import { HAZARD_PATH_TASKS, hazardPathProcessId, hazardPathVariables, hazardPathXml } from '../../../../bench/lib/hazard-path.ts';
import { REMINDER_LEAD_DAYS, openTaskDates, openTaskXml } from '../../../../bench/lib/open-tasks.ts';

describe('bench hazard path', () => {
  it('is one executable process of five external tasks in the order of hazard-rectification’s service path', async () => {
    const { rootElement, warnings } = await new BpmnModdle().fromXML(hazardPathXml('real-1-1'));
    expect(warnings).toEqual([]);
    const process = (rootElement as unknown as { rootElements: Array<{ id: string; flowElements: Array<{ $type: string; id: string; topic?: string }> }> }).rootElements[0]!;
    expect(process.id).toBe(hazardPathProcessId('real-1-1'));
    const tasks = process.flowElements.filter((element) => element.$type === 'bpmn:ServiceTask');
    expect(tasks).toHaveLength(HAZARD_PATH_TASKS);
    expect(tasks.map((task) => task.id)).toEqual(['RecordHazard', 'PlanRectificationDeadline', 'MarkRectifying', 'SendRectificationNotice', 'MarkPendingReview']);
    expect(hazardPathXml('x')).toContain(`camunda:topic="${JobType.recordFinding}"`);
  });

  it('reads earlier outputs with execution.getVariable, so trivial workers that set none run the same shape', () => {
    expect(hazardPathXml('x')).toContain(`<camunda:inputParameter name="findingId">\${execution.getVariable('findingId')}</camunda:inputParameter>`);
  });

  it('gives each instance one finding of an enterprise', () => {
    expect(hazardPathVariables(12_345)).toMatchObject({ finding: { responsibleUnit: '基准企业2345', unitCreditCode: '91360000BENCH02345' }, diagnosisDate: '2026-03-02' });
  });
});

describe('bench open tasks', () => {
  const now = new Date('2026-06-01T00:00:00Z');

  it('offers the task to one candidate group with the due and reminder dates of the instance', () => {
    expect(openTaskXml('xuncha-zu')).toContain('camunda:candidateGroups="xuncha-zu" camunda:dueDate="${due}" camunda:followUpDate="${remindAt}"');
  });

  it('puts a tenth of the tasks past due and about a tenth between reminder and due date', () => {
    const dates = Array.from({ length: 3000 }, (_, index) => openTaskDates(index, now));
    const overdue = dates.filter((date) => date.due < now).length;
    const dueSoon = dates.filter((date) => date.remindAt < now && date.due > now).length;
    expect(overdue).toBe(300);
    expect(dueSoon).toBeGreaterThan(240);
    expect(dueSoon).toBeLessThan(420);
    expect(dates.every((date) => date.due.getTime() - date.remindAt.getTime() === REMINDER_LEAD_DAYS * 86_400_000)).toBe(true);
  });
});
