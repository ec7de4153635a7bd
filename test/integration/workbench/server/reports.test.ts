/**
 * 来信来电举报 logged through the workbench (POST /tasks/api/reports) on the
 * real modeler server app, against the test engine with the real workers:
 * the 巡查组 logs a phoned-in report for a patrol on site, and it reaches the
 * running patrol through the same message as the REST path
 * (anquan.patrol.report-received): the patrol's 举报登记为问题线索 step
 * (anquan.ledger.record-clues) runs and the ledger holds the clue. A report
 * for a patrol not on site gets a bilingual 404; a login of another role is
 * refused and nothing reaches the patrol.
 */
import type { Express } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CandidateGroup } from '../../../../workers/contract.ts';
import { eventually } from '../../support/engine-client.ts';
import { useEngineHarness } from '../../support/harness.ts';
import { patrolAtPlanReview, patrolOnSite } from '../../support/patrol.ts';
import { login, type WorkbenchApp, workbenchApp } from '../../support/workbench-app.ts';

const h = useEngineHarness();
const ON_SITE_ID = '举报测安巡〔2026〕1号';
const NOT_ON_SITE_ID = '举报测安巡〔2026〕2号';

let app: Express;
let workbench: WorkbenchApp | undefined;
let onSite: { patrol: string; entry: string };
let notOnSite: string;

beforeAll(async () => {
  await h.clock.pin('2026-09-01T09:00:00+08:00');
  workbench = await workbenchApp(h);
  app = workbench.app;
  onSite = await patrolOnSite(h, { patrolId: ON_SITE_ID, target: '举报测试县委、县人民政府' });
  // Numbered, but its plan is not approved yet: the team is not on site.
  notOnSite = await patrolAtPlanReview(h, { patrolId: NOT_ON_SITE_ID, target: '未进驻县委、县人民政府' });
});

afterAll(async () => {
  for (const id of [onSite?.patrol, notOnSite]) if (id) await h.engine.cancelProcessInstance(id).catch(() => undefined);
  await workbench?.close();
});

async function cluesOf(processInstanceId: string) {
  return (await h.ledger.listClues()).filter((clue) => clue.processInstanceKey === processInstanceId);
}

describe('来信来电举报 through the workbench', () => {
  it('lets the 巡查组 log a phoned-in report that reaches the patrol on site and becomes a clue', async () => {
    const { agent, session } = await login(app, CandidateGroup.patrolTeam);
    expect(session.user).toMatchObject({ id: CandidateGroup.patrolTeam, canLogReports: true });
    const report = { patrolId: ON_SITE_ID, source: '来电', content: '群众来电反映某化工企业夜间违规装卸液氯', reporterContact: '138****0000', receivedAt: '2026-09-03T10:30+08:00' };
    const response = await agent.post('/tasks/api/reports').send(report);
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    expect(response.body).toEqual({ correlated: true });

    // The patrol's own step recorded it, as for a report that came in over REST.
    await h.engine.waitForCompletedElements(onSite.entry, ['RecordPublicReportClue']);
    const recorded = await eventually('the report in the ledger', async () => (await cluesOf(onSite.entry)).find((clue) => clue.content === report.content));
    expect(recorded).toMatchObject({ source: '来电', reporterContact: '138****0000' });
    expect(new Date(recorded.receivedAt ?? '').toISOString()).toBe('2026-09-03T02:30:00.000Z');
  });

  it('answers a report for a patrol that is not on site with a bilingual 404', async () => {
    const { agent } = await login(app, CandidateGroup.patrolTeam);
    for (const patrolId of [NOT_ON_SITE_ID, '没有这个巡〔2026〕99号']) {
      const response = await agent.post('/tasks/api/reports').send({ patrolId, source: '来信', content: '举报某矿超层越界开采' });
      expect(response.status, JSON.stringify(response.body)).toBe(404);
      expect(response.body.error).toMatchObject({
        code: 'no-patrol-on-site',
        zh: expect.stringContaining(`“${patrolId}”`),
        en: expect.stringContaining('is on site'),
      });
      expect(response.body.error.zh).toContain('现场巡查');
      expect(response.body.error.message).toBe(`${response.body.error.zh} / ${response.body.error.en}`);
    }
    expect((await cluesOf(notOnSite)).map((clue) => clue.content)).not.toContain('举报某矿超层越界开采');
  });

  it('checks the fields before it asks the engine', async () => {
    const { agent } = await login(app, CandidateGroup.patrolTeam);
    const response = await agent.post('/tasks/api/reports').send({ patrolId: ON_SITE_ID, source: '微信', content: '' });
    expect(response.status).toBe(400);
    expect(response.body.error.fields.map((field: { field: string }) => field.field).sort()).toEqual(['content', 'source']);
  });

  it('refuses another role, and nothing reaches the patrol', async () => {
    const before = (await cluesOf(onSite.entry)).length;
    for (const role of [CandidateGroup.safetyCommitteeOffice, CandidateGroup.patrolledUnit]) {
      const { agent, session } = await login(app, role);
      expect(session.user.canLogReports).toBe(false);
      const response = await agent.post('/tasks/api/reports').send({ patrolId: ON_SITE_ID, source: '来访', content: `${role} 冒名登记的举报` });
      expect(response.status, `${role}: ${JSON.stringify(response.body)}`).toBe(403);
      expect(response.body.error).toMatchObject({ code: 'forbidden', zh: expect.stringContaining('无权'), en: expect.stringContaining('not allowed') });
    }
    // The 巡查组's own report above is the only one.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect((await cluesOf(onSite.entry)).length).toBe(before);
  });
});
