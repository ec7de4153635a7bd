/**
 * anquan.ledger.release-supervision-plan: a yearly 综合督查计划 cancelled
 * before it runs — the 安委会 does not approve it, or the 安委办 withdraws it —
 * frees its year and jurisdiction in the 台账 (supervision_plans → 
 * supervision_plan_releases, migration 14), so that a new plan for that year
 * can be registered (000 第十一条 原则上每年组织1次: one a year, not none).
 *
 * Idempotent: a redelivered job finds the plan already released and reports
 * `already-released`; an instance that never registered (withdrawn at its first
 * draft) reports `not-registered`. Neither is an error.
 */
import { JobType } from '../contract.ts';
import {
  LedgerInputError,
  SUPERVISION_PLAN_RELEASE_REASONS,
  SUPERVISION_PLAN_RELEASE_REASON_LABELS,
  type SupervisionPlanReleaseReason,
} from '../ledger/index.ts';
import { InvalidVariablesError, choiceField, maybeField, parseVariables, textField } from '../variables.ts';
import { type JobContext, defineWorker, describeInputs } from '../worker-definition.ts';

export const jobType = JobType.releaseSupervisionPlan;

const inputSchema = {
  planReleaseReason: choiceField(SUPERVISION_PLAN_RELEASE_REASONS),
  planReleaseNote: maybeField(textField({ maxLength: 5_000 })),
} as const;

const inputs = describeInputs(inputSchema, {
  planReleaseReason: {
    label: '撤销原因',
    kind: 'text',
    description: `rejected（${SUPERVISION_PLAN_RELEASE_REASON_LABELS.rejected}）或 withdrawn（${SUPERVISION_PLAN_RELEASE_REASON_LABELS.withdrawn}）`,
    choices: SUPERVISION_PLAN_RELEASE_REASONS.map((reason) => `${reason}（${SUPERVISION_PLAN_RELEASE_REASON_LABELS[reason]}）`),
  },
  planReleaseNote: { label: '说明', kind: 'text', description: '安委会审定意见或安委办撤回理由（可不填）' },
});

export interface ReleaseSupervisionPlanInput {
  readonly planReleaseReason: SupervisionPlanReleaseReason;
  readonly planReleaseNote?: string;
}

export type ReleaseSupervisionPlanOutput = {
  supervisionPlanRelease: { outcome: 'released' | 'already-released' | 'not-registered'; reason: SupervisionPlanReleaseReason; year: number | null; jurisdiction: string | null; releasedAt: string | null };
  supervisionPlan: null;
};

export function parseReleaseSupervisionPlanInput(variables: Readonly<Record<string, unknown>>): ReleaseSupervisionPlanInput {
  const parsed = parseVariables(variables, inputSchema);
  return { planReleaseReason: parsed.planReleaseReason, ...(parsed.planReleaseNote === undefined ? {} : { planReleaseNote: parsed.planReleaseNote }) };
}

export async function handleReleaseSupervisionPlan(
  input: ReleaseSupervisionPlanInput,
  context: Pick<JobContext, 'job' | 'services' | 'logger'>,
): Promise<ReleaseSupervisionPlanOutput> {
  const result = await context.services.ledger
    .releaseSupervisionPlan({
      processInstanceKey: context.job.processInstanceKey,
      reason: input.planReleaseReason,
      ...(input.planReleaseNote === undefined ? {} : { note: input.planReleaseNote }),
    })
    .catch((error: unknown) => {
      if (error instanceof LedgerInputError) throw new InvalidVariablesError([`变量 planReleaseReason / planReleaseNote: ${error.message}`]);
      throw error;
    });
  if (result.outcome === 'not-registered') {
    context.logger.info({ reason: input.planReleaseReason }, 'supervision plan cancelled before it was registered: no year to release');
    return { supervisionPlanRelease: { outcome: 'not-registered', reason: input.planReleaseReason, year: null, jurisdiction: null, releasedAt: null }, supervisionPlan: null };
  }
  const { release } = result;
  context.logger.info({ planId: release.planId, year: release.year, jurisdiction: release.jurisdiction, outcome: result.outcome, reason: release.reason }, 'supervision plan year released');
  return {
    supervisionPlanRelease: { outcome: result.outcome, reason: release.reason, year: release.year, jurisdiction: release.jurisdiction, releasedAt: release.releasedAt },
    supervisionPlan: null,
  };
}

export const releaseSupervisionPlanWorker = defineWorker<ReleaseSupervisionPlanInput, ReleaseSupervisionPlanOutput>({
  jobType,
  title: '年度综合督查计划撤销（释放年度）',
  inputs,
  description: '计划未获安委会批准或被安委办撤回时，释放台账中该辖区该年度的综合督查登记 / frees the year and jurisdiction of a yearly comprehensive supervision plan that was rejected or withdrawn',
  parseInput: parseReleaseSupervisionPlanInput,
  handle: handleReleaseSupervisionPlan,
});
