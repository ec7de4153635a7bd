/**
 * anquan.ledger.record-finding: 建立清单, one finding (问题隐患) per
 * multi-instance branch, so every later step (整改, 挂牌督办, 移交) can refer
 * to it by `findingId`.
 *
 * A finding that is already in the ledger (a 重大问题 交办 during the on-site
 * patrol, patrol-entry) comes back in the report's list with its `findingId`;
 * it is taken as it is, so the same problem is never listed twice.
 */
import { FindingCategory, JobType, ProcessId } from '../contract.ts';
import { FINDING_CATEGORIES, FINDING_SOURCES, type FindingSource, type LedgerScope } from '../ledger/index.ts';
import {
  InvalidVariablesError,
  choiceField,
  dateField,
  instantField,
  maybeField,
  objectField,
  parseVariables,
  textField,
} from '../variables.ts';
import { type JobContext, defineWorker, describeInputs } from '../worker-definition.ts';
import { CAMPAIGN_SCOPE_FIELDS, CAMPAIGN_SCOPE_INPUTS, campaignScope } from './campaign-scope.ts';
import type { IsoDate } from '../deadline/calendar.ts';

export const jobType = JobType.recordFinding;

/** Names, places and ids; the description is free text. */
const MAX_SHORT_TEXT_LENGTH = 500;

const inputSchema = {
  finding: objectField({
    category: choiceField(FINDING_CATEGORIES),
    description: textField(),
    /** 责任单位 (the 被检查单位 for an enterprise hazard). */
    responsibleUnit: textField({ maxLength: MAX_SHORT_TEXT_LENGTH }),
    source: maybeField(choiceField(FINDING_SOURCES)),
    /** 属地 or the place the problem was found; kept as the ledger's region. */
    location: maybeField(textField({ maxLength: MAX_SHORT_TEXT_LENGTH })),
    /** 统一社会信用代码, when the responsible unit is an enterprise. */
    unitCreditCode: maybeField(textField({ maxLength: MAX_SHORT_TEXT_LENGTH })),
    /** The clue (问题线索) the finding came from. */
    clueId: maybeField(textField({ maxLength: MAX_SHORT_TEXT_LENGTH })),
    rectificationDeadline: maybeField(dateField()),
    foundAt: maybeField(instantField()),
    /** Set when the finding is already in the ledger; nothing is recorded again. */
    findingId: maybeField(textField({ maxLength: MAX_SHORT_TEXT_LENGTH })),
  }),
  ...CAMPAIGN_SCOPE_FIELDS,
} as const;

const inputs = describeInputs(inputSchema, {
  finding: {
    label: '问题隐患',
    kind: 'expression',
    defaultValue: '${finding}',
    description:
      `一条问题隐患：{category, description, responsibleUnit, source?, location?, unitCreditCode?, clueId?, rectificationDeadline?, foundAt?, findingId?}；` +
      `category 为 ${FINDING_CATEGORIES.join('、')} 之一，source 为 ${FINDING_SOURCES.join('、')} 之一（巡查、督查、检查流程中可不填）；` +
      `已在台账中的问题（如巡查期间已交办的重大问题）带 findingId，不再重复登记`,
  },
  ...CAMPAIGN_SCOPE_INPUTS,
});

/**
 * Who found it when the variables do not say: the procedure itself. Findings
 * of other processes (e.g. a call activity) must name their source.
 */
const SOURCE_BY_PROCESS: Readonly<Record<string, FindingSource>> = {
  [ProcessId.safetyPatrol]: '巡查',
  [ProcessId.patrolEntry]: '巡查',
  [ProcessId.comprehensiveSupervision]: '督查',
  [ProcessId.specialInspection]: '部门检查',
  [ProcessId.dailyInspection]: '部门检查',
};

export interface RecordFindingInput extends LedgerScope {
  readonly category: FindingCategory;
  readonly description: string;
  readonly responsibleUnit: string;
  readonly source?: FindingSource;
  readonly location?: string;
  readonly unitCreditCode?: string;
  readonly clueId?: string;
  readonly rectificationDeadline?: IsoDate;
  readonly foundAt?: string;
  readonly findingId?: string;
}

export type RecordFindingOutput = { findingId: string };

export function parseRecordFindingInput(variables: Readonly<Record<string, unknown>>): RecordFindingInput {
  const { finding, ...scope } = parseVariables(variables, inputSchema);
  return { ...finding, ...campaignScope(scope) };
}

export async function handleRecordFinding(
  input: RecordFindingInput,
  context: Pick<JobContext, 'job' | 'services' | 'logger'>,
): Promise<RecordFindingOutput> {
  if (input.findingId !== undefined) return takeRecordedFinding(input, input.findingId, context);
  const source = input.source ?? SOURCE_BY_PROCESS[context.job.bpmnProcessId];
  if (source === undefined) {
    throw new InvalidVariablesError([
      `流程 ${context.job.bpmnProcessId} 中须填写变量 finding.source（${FINDING_SOURCES.join('、')}） / ` +
        `variable finding.source (${FINDING_SOURCES.join(', ')}) is required in process ${context.job.bpmnProcessId}`,
    ]);
  }
  const { record, isNew } = await context.services.ledger.recordFinding({
    // Each multi-instance branch runs the task as its own element instance, so this key is one finding per branch.
    idempotencyKey: `${context.job.elementInstanceKey}:finding`,
    category: input.category,
    source,
    unitName: input.responsibleUnit,
    description: input.description,
    processInstanceKey: context.job.processInstanceKey,
    ...(input.location === undefined ? {} : { region: input.location }),
    ...(input.unitCreditCode === undefined ? {} : { unitCreditCode: input.unitCreditCode }),
    ...(input.clueId === undefined ? {} : { clueId: input.clueId }),
    ...(input.rectificationDeadline === undefined ? {} : { rectificationDeadline: input.rectificationDeadline }),
    foundAt: input.foundAt ?? context.job.activatedAt,
    ...campaignScope(input),
  });
  context.logger.info({ findingId: record.id, category: record.category, isNew }, 'finding recorded in the ledger');
  return { findingId: record.id };
}

async function takeRecordedFinding(
  input: RecordFindingInput,
  findingId: string,
  context: Pick<JobContext, 'services' | 'logger'>,
): Promise<RecordFindingOutput> {
  const recorded = await context.services.ledger.getFinding(findingId);
  if (recorded === undefined) {
    throw new InvalidVariablesError([
      `变量 finding.findingId 的问题 ${findingId} 不在台账中；已登记的问题才带 findingId / ` +
        `finding.findingId ${findingId} is not in the ledger; only a recorded finding carries a findingId`,
    ]);
  }
  if (recorded.category !== input.category) {
    throw new InvalidVariablesError([
      `台账问题 ${findingId} 的类别为“${recorded.category}”，报告中为“${input.category}”；请在报告中改回原类别，或删去 findingId 另行登记 / ` +
        `finding ${findingId} is "${recorded.category}" in the ledger but "${input.category}" in the report; restore the category or drop the findingId to record a new finding`,
    ]);
  }
  context.logger.info({ findingId, category: recorded.category }, 'finding already in the ledger, taken as it is');
  return { findingId };
}

export const recordFindingWorker = defineWorker<RecordFindingInput, RecordFindingOutput>({
  jobType,
  title: '问题隐患建立清单',
  inputs,
  description: '问题隐患建立清单入台账 / records one finding in the ledger',
  parseInput: parseRecordFindingInput,
  handle: handleRecordFinding,
});
