/**
 * 即将到期 and 已逾期 through the workbench API, as the role that owns the
 * task, on the engine's test clock: a patrol's 撰写巡查报告 (xuncha-zu) is
 * due 2026-10-08 18:00 with its reminder (followUp) 09-29 09:00, the 盐城
 * profile's lead in working days. Before the reminder it is in neither list; once the
 * reminder has passed it is in 即将到期 with its working days left across
 * 国庆; after the due time it is in 已逾期 with negative working days.
 *
 * The workbench server reads its clock from `now`, which here follows the
 * pinned engine clock, as in production both are the wall clock.
 */
import type { Express } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CandidateGroup, ProcessId } from '../../../../workers/contract.ts';
import type { UserTask } from '../../support/engine-client.ts';
import { useEngineHarness } from '../../support/harness.ts';
import { finishOnSite, patrolOnSite } from '../../support/patrol.ts';
import { login, taskList, type WorkbenchApp, workbenchApp } from '../../support/workbench-app.ts';

const h = useEngineHarness();
const PATROL_ID = '期限测安巡〔2026〕1号';
const TARGET = '期限测试县委、县人民政府';

let app: Express;
let workbench: WorkbenchApp | undefined;
let patrol: string;
let report: UserTask;
/** The time the engine's clock is pinned at, which the workbench reads too. */
let clockAt = Date.parse('2026-09-01T09:00:00+08:00');

async function pin(at: string): Promise<void> {
  clockAt = Date.parse(at);
  await h.clock.pin(new Date(clockAt));
}

/** The lists of the 巡查组 at the pinned time (a fresh login: the session's hour is counted on that clock too). */
async function listsNow() {
  const { agent } = await login(app, CandidateGroup.patrolTeam);
  const find = async (list: 'due-soon' | 'overdue' | 'group') => (await taskList(agent, list)).find((task) => task.id === report.id);
  return { dueSoon: await find('due-soon'), overdue: await find('overdue'), group: await find('group') };
}

beforeAll(async () => {
  await pin('2026-09-01T09:00:00+08:00');
  workbench = await workbenchApp(h, { now: () => new Date(clockAt) });
  app = workbench.app;
  // Plan approved, 回避 declared, 进驻通知 out, the clock on the entry date 2026-09-07 (patrolOnSite).
  const onSite = await patrolOnSite(h, { patrolId: PATROL_ID, target: TARGET });
  patrol = onSite.patrol;
  // Ten days on site end 2026-09-17 (finishOnSite moves the clock there); the patrol goes on to its report.
  await finishOnSite(h, onSite.entry);
  await pin('2026-09-19T09:00:00+08:00');
  report = await h.engine.waitForUserTask(patrol, 'WritePatrolReport');
});

afterAll(async () => {
  if (patrol) await h.engine.cancelProcessInstance(patrol).catch(() => undefined);
  await workbench?.close();
});

describe('即将到期 and 已逾期 on the test clock', () => {
  it('has the report due 2026-10-08 18:00 with its reminder on 09-29 09:00 (the 盐城 lead: two working days before)', () => {
    expect(new Date(report.dueDate ?? '').toISOString()).toBe('2026-10-08T10:00:00.000Z');
    expect(new Date(report.followUpDate ?? '').toISOString()).toBe('2026-09-29T01:00:00.000Z');
  });

  it('before the reminder: in 本组待办 only, with the working days to the due day', async () => {
    const { dueSoon, overdue, group } = await listsNow();
    expect(dueSoon).toBeUndefined();
    expect(overdue).toBeUndefined();
    // 2026-09-19 (Sat) → 10-08: 09-20 (make-up day), 21…24, 28…30, 10-08 (09-25 is 中秋).
    expect(group).toMatchObject({ processDefinitionKey: ProcessId.safetyPatrol, workingDaysLeft: 9, overdue: false, title: `撰写巡查报告 · ${TARGET}` });
  });

  it('once the reminder has passed: in 即将到期 with the working days left across 国庆', async () => {
    await pin('2026-09-29T10:00:00+08:00');
    const { dueSoon, overdue } = await listsNow();
    expect(overdue).toBeUndefined();
    // 09-30 and 10-08 (10-01…07 are the National Day holiday).
    expect(dueSoon).toMatchObject({ workingDaysLeft: 2, overdue: false });
    expect(new Date(dueSoon?.due ?? '').toISOString()).toBe('2026-10-08T10:00:00.000Z');
    expect(new Date(dueSoon?.followUp ?? '').toISOString()).toBe('2026-09-29T01:00:00.000Z');
  });

  it('on the due day before 18:00: still 即将到期, 0 working days left', async () => {
    await pin('2026-10-08T09:00:00+08:00');
    const { dueSoon, overdue } = await listsNow();
    expect(overdue).toBeUndefined();
    expect(dueSoon).toMatchObject({ workingDaysLeft: 0, overdue: false });
  });

  it('after the due time: in 已逾期 with negative working days, no longer 即将到期', async () => {
    await pin('2026-10-12T10:00:00+08:00');
    const { dueSoon, overdue } = await listsNow();
    expect(dueSoon).toBeUndefined();
    // 10-09, 10-10 (make-up day) and 10-12 since the due day.
    expect(overdue).toMatchObject({ workingDaysLeft: -3, overdue: true, title: `撰写巡查报告 · ${TARGET}` });
  });
});
