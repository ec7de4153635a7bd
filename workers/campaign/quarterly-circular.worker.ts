/**
 * anquan.campaign.quarterly-circular: the 季通报 of a special campaign (seed 004 四(三) “月调度、季通报、年总结”;
 * 对工作推进落实不力地区和单位，将适时进行约谈、问责; 二(二)5 县安委会办公室将视情况对有关单位进行约谈，并在全县通报):
 *
 *   compile  the quarter from the ledger: per reporting unit the quarter's 调度表 submitted on time, late or
 *            missing (dispatch_submissions of this campaign, kind 填报单位), the units falling behind, and the
 *            quarter's totals; `accountabilityDecisions` lists the lagging units for the 安委办's form.
 *   issue    the 安委办's 文号 and decisions (约谈, 问责, or neither with a reason) checked against the lagging
 *            units, each recorded once in the ledger (campaign_accountability, keyed by campaign, quarter and unit),
 *            and the text of the 季通报 for anquan.notify.send (template campaign-quarterly-circular).
 */
import { JobType } from '../contract.ts';
import { ACCOUNTABILITY_DECISIONS } from '../ledger/index.ts';
import { InvalidVariablesError, choiceField, dateField, instantField, listField, maybeField, objectField, parseVariables, textField } from '../variables.ts';
import { type JobContext, type JsonObject, defineWorker, describeInputs } from '../worker-definition.ts';
import { campaignIdField, monthField, reportingUnitField } from './campaign-fields.ts';
import { MAX_REPORTING_UNITS } from './dispatch-table.worker.ts';
import { type DecidedUnit, type QuarterCompilation, compileQuarter, decisionsText } from './quarterly-circular.ts';

export const jobType = JobType.campaignQuarterlyCircular;

export const QUARTERLY_CIRCULAR_ACTIONS = ['compile', 'issue'] as const;
export type QuarterlyCircularAction = (typeof QUARTERLY_CIRCULAR_ACTIONS)[number];

const MAX_TEXT = 200;
const MAX_REASON = 2000;
const MAX_LONG_TEXT = 50_000;

const quarterField = objectField({
  quarter: textField({ maxLength: 7 }),
  label: textField({ maxLength: MAX_TEXT }),
  months: listField(objectField({ month: monthField(), dueDate: dateField(), dueAt: instantField() }), { minItems: 1, maxItems: 3 }),
  circularDate: maybeField(dateField()),
  circularAt: maybeField(instantField()),
});

const decisionField = objectField({
  unitId: textField({ maxLength: MAX_TEXT }),
  unitName: maybeField(textField({ maxLength: MAX_TEXT })),
  situation: maybeField(textField({ maxLength: MAX_REASON })),
  decision: choiceField(ACCOUNTABILITY_DECISIONS),
  reason: maybeField(textField({ maxLength: MAX_REASON })),
});

const inputSchema = {
  action: choiceField(QUARTERLY_CIRCULAR_ACTIONS),
  campaignId: campaignIdField(),
  campaignName: textField({ maxLength: MAX_TEXT }),
  /** An entry of campaignSchedule.quarters (the multi-instance element). */
  quarter: quarterField,
  reportingUnits: listField(reportingUnitField, { minItems: 1, maxItems: MAX_REPORTING_UNITS }),
  /** `issue`: the compile action's result. */
  quarterlyCompilation: maybeField(
    objectField({
      laggingUnits: listField(objectField({ id: textField({ maxLength: MAX_TEXT }), name: textField({ maxLength: MAX_TEXT }), situation: textField({ maxLength: MAX_REASON }) }), {
        maxItems: MAX_REPORTING_UNITS,
      }),
      monthsText: textField({ maxLength: MAX_LONG_TEXT }),
      unitsText: textField({ maxLength: MAX_LONG_TEXT }),
      totalsText: textField({ maxLength: MAX_LONG_TEXT }),
    }),
  ),
  /** `issue`: 季通报文号. */
  circularNumber: maybeField(textField({ maxLength: MAX_TEXT })),
  /** `issue`: one decision per lagging unit. */
  accountabilityDecisions: maybeField(listField(decisionField, { maxItems: MAX_REPORTING_UNITS })),
  /** `issue`: when the 安委办 decided (the completed task's end); the job's activation otherwise. */
  decidedAt: maybeField(instantField()),
} as const;

const inputs = describeInputs(inputSchema, {
  action: { label: '操作', kind: 'text', description: 'compile 汇总本季度调度表报送情况；issue 记录约谈问责决定并生成季通报', choices: QUARTERLY_CIRCULAR_ACTIONS },
  campaignId: { label: '专项整治行动编号', kind: 'text', description: '只统计本行动报送的调度表', defaultValue: '${campaignId}' },
  campaignName: { label: '专项整治行动名称', kind: 'text', description: '印在季通报标题中', defaultValue: '${campaignName}' },
  quarter: { label: '季度', kind: 'expression', description: '专项整治日程中的季度 {quarter, label, months, circularAt}，多实例元素变量 ${quarter}', defaultValue: '${quarter}' },
  reportingUnits: { label: '填报单位', kind: 'expression', description: '[{id, name}]：${campaignSchedule.reportingUnits}', defaultValue: '${campaignSchedule.reportingUnits}' },
  quarterlyCompilation: { label: '季度汇总', kind: 'expression', description: 'issue 时必填：compile 的结果 ${quarterlyCompilation}' },
  circularNumber: { label: '季通报文号', kind: 'text', description: 'issue 时必填：安委办填写的文号，印在季通报上' },
  accountabilityDecisions: { label: '约谈问责决定', kind: 'expression', description: 'issue 时必填：每个未按时报送单位一项 [{unitId, decision: 约谈|问责|不约谈问责, reason}]，不约谈问责须写明理由' },
  decidedAt: { label: '决定时间', kind: 'text', description: '带时区 ISO-8601；留空为任务开始时间' },
});

type Parsed = ReturnType<typeof parseVariables<typeof inputSchema>>;
export type QuarterlyCircularInput = Parsed;

export function parseQuarterlyCircularInput(variables: Readonly<Record<string, unknown>>): QuarterlyCircularInput {
  const parsed = parseVariables(variables, inputSchema);
  const problems: string[] = [];
  if (!/^\d{4}-Q[1-4]$/.test(parsed.quarter.quarter)) problems.push(`变量 quarter.quarter 应为 YYYY-Qn / variable quarter.quarter must be YYYY-Qn (got ${JSON.stringify(parsed.quarter.quarter)})`);
  if (parsed.action === 'issue') {
    for (const name of ['quarterlyCompilation', 'circularNumber', 'accountabilityDecisions'] as const) {
      if (parsed[name] === undefined) problems.push(`操作 issue 须给出变量 ${name} / action issue requires the variable ${name}`);
    }
  }
  if (problems.length > 0) throw new InvalidVariablesError(problems);
  return parsed;
}

type Context = Pick<JobContext, 'job' | 'logger' | 'services'>;

async function handleCompile(input: QuarterlyCircularInput, context: Context): Promise<JsonObject> {
  const submissions = await context.services.ledger.listDispatchSubmissions({ campaignId: input.campaignId, kind: '填报单位' });
  const compilation: QuarterCompilation = compileQuarter(input.quarter, input.reportingUnits, submissions);
  context.logger.info({ campaignId: input.campaignId, quarter: compilation.quarter, lagging: compilation.laggingUnits.map((unit) => unit.id) }, '季通报 compiled');
  return {
    quarterlyCompilation: compilation as unknown as JsonObject,
    accountabilityDecisions: compilation.laggingUnits.map((unit) => ({ unitId: unit.id, unitName: unit.name, situation: unit.situation, decision: null, reason: null })),
  };
}

async function handleIssue(input: QuarterlyCircularInput, context: Context): Promise<JsonObject> {
  const lagging = input.quarterlyCompilation!.laggingUnits;
  const decisions = input.accountabilityDecisions!;
  const problems: string[] = [];
  const byUnit = new Map<string, (typeof decisions)[number]>();
  for (const decision of decisions) {
    if (!lagging.some((unit) => unit.id === decision.unitId)) {
      problems.push(`${decision.unitId} 本季度已按时报送，不在约谈问责之列 / ${decision.unitId} reported on time this quarter and is not falling behind`);
    } else if (byUnit.has(decision.unitId)) {
      problems.push(`${decision.unitId} 有多项决定 / ${decision.unitId} has more than one decision`);
    }
    if (decision.decision === '不约谈问责' && (decision.reason ?? '').trim() === '') {
      problems.push(`${decision.unitId} 不约谈问责须写明理由 / a decision of neither 约谈 nor 问责 on ${decision.unitId} needs a reason`);
    }
    byUnit.set(decision.unitId, decision);
  }
  for (const unit of lagging) {
    if (!byUnit.has(unit.id)) problems.push(`未对未按时报送的 ${unit.name} 作出决定（约谈、问责或不约谈问责）/ no decision on ${unit.id}, which is falling behind`);
  }
  if (problems.length > 0) throw new InvalidVariablesError(problems);
  const decidedAt = input.decidedAt ?? context.job.activatedAt;
  const decided: DecidedUnit[] = [];
  for (const unit of lagging) {
    const choice = byUnit.get(unit.id)!;
    const { record, isNew } = await context.services.ledger.recordCampaignAccountability({
      campaignId: input.campaignId,
      quarter: input.quarter.quarter,
      reportingUnitId: unit.id,
      reportingUnitName: unit.name,
      decision: choice.decision,
      reason: choice.reason ?? unit.situation,
      circularNumber: input.circularNumber!,
      processInstanceKey: context.job.processInstanceKey,
      decidedAt,
    });
    context.logger.info({ campaignId: input.campaignId, quarter: input.quarter.quarter, unit: unit.id, decision: record.decision, isNew }, '季通报 约谈/问责 recorded');
    decided.push({ id: unit.id, name: unit.name, situation: unit.situation, decision: record.decision, reason: record.reason });
  }
  return {
    quarterlyCircular: {
      quarter: input.quarter.quarter,
      label: input.quarter.label,
      circularNumber: input.circularNumber!,
      monthsText: input.quarterlyCompilation!.monthsText,
      unitsText: input.quarterlyCompilation!.unitsText,
      totalsText: input.quarterlyCompilation!.totalsText,
      decisionsText: decisionsText(decided),
      decisions: decided,
    },
  };
}

export async function handleQuarterlyCircular(input: QuarterlyCircularInput, context: Context): Promise<JsonObject> {
  return input.action === 'compile' ? handleCompile(input, context) : handleIssue(input, context);
}

export const quarterlyCircularWorker = defineWorker<QuarterlyCircularInput, JsonObject>({
  jobType,
  title: '专项整治季通报',
  inputs,
  description:
    '专项整治季通报（进贤方案四(三)）：按台账汇总本季度各填报单位调度表的按时、逾期、未报送情况和本季度累计数，记录县安委办对落实不力单位的约谈、问责决定 / the quarterly circular of a campaign and the 约谈/问责 of units falling behind',
  parseInput: parseQuarterlyCircularInput,
  handle: handleQuarterlyCircular,
});
