/**
 * anquan.campaign.schedule: the calendar of a special campaign (seed 004 三、阶段安排 and 附件 注1), computed once
 * when its plan is issued: when each of the four phases begins, which monthly 调度表 it owes with each table's due
 * date (the profile's inspection.dispatchDayOfMonth, 遇节假日顺延) and the morning its reporting opens, and the
 * 填报单位 each table is asked of: the 牵头部门 and every member unit whose own plan was recorded (二(二)1).
 *
 * A 填报单位's id is its name, as the recording workers of special-inspection write it as reportingUnitId (the
 * 实施部门、牵头部门、决定机关), so each unit's table counts exactly the ledger rows written in its name.
 */
import { JobType } from '../contract.ts';
import { type IsoDate } from '../deadline/calendar.ts';
import { InvalidVariablesError, dateField, integerField, listField, maybeField, objectField, parseVariables, textField } from '../variables.ts';
import { type JobContext, defineWorker, describeInputs } from '../worker-definition.ts';
import { type CampaignDates, type CampaignSchedule, campaignDateProblems, campaignSchedule } from './campaign-schedule.ts';
import { campaignIdField, reportingUnitIdField } from './campaign-fields.ts';
import { MAX_REPORTING_UNITS } from './dispatch-table.worker.ts';

export const jobType = JobType.campaignSchedule;

const inputSchema = {
  campaignId: campaignIdField(),
  campaignName: textField({ maxLength: 200 }),
  /** First day of the campaign (动员部署 begins). */
  campaignStart: dateField(),
  selfCheckStart: dateField(),
  enforcementStart: dateField(),
  summaryStart: dateField(),
  campaignEnd: dateField(),
  /** The profile's inspection.dispatchReviewLeadWorkingDays. */
  reviewLeadWorkingDays: integerField({ min: 0, max: 20 }),
  /** The profile's inspection.dispatchDayOfMonth. */
  dispatchDayOfMonth: integerField({ min: 1, max: 28 }),
  /** 牵头部门: reports a table of its own. */
  leadDepartmentName: reportingUnitIdField(),
  /** The member units' own plans (二(二)1): each unit reports a table. */
  memberUnitPlans: maybeField(listField(objectField({ unitName: reportingUnitIdField() }), { maxItems: MAX_REPORTING_UNITS - 1 })),
} as const;

const inputs = describeInputs(inputSchema, {
  campaignId: { label: '专项行动编号', kind: 'text', description: '调度表文件夹名：字母、数字、点、短横线或下划线，如 jinxian-2023-major-hazards', defaultValue: '${campaignId}' },
  campaignName: { label: '专项行动名称', kind: 'text', description: '如 进贤县重大事故隐患专项排查整治2023行动', defaultValue: '${campaignName}' },
  campaignStart: { label: '行动开始日期', kind: 'text', description: 'YYYY-MM-DD，动员部署开始' },
  selfCheckStart: { label: '企业自查自改和部门帮扶开始日期', kind: 'text', description: 'YYYY-MM-DD' },
  enforcementStart: { label: '部门精准执法开始日期', kind: 'text', description: 'YYYY-MM-DD' },
  summaryStart: { label: '总结提高开始日期', kind: 'text', description: 'YYYY-MM-DD' },
  campaignEnd: { label: '行动结束日期', kind: 'text', description: 'YYYY-MM-DD；报送日（顺延前）在此日之前（含）的月份须报送调度表' },
  reviewLeadWorkingDays: {
    label: '填报提前量（工作日）',
    kind: 'expression',
    description: '报送日前第几个工作日上午 9 时开始填报，取自辖区配置 ${profile.inspection.dispatchReviewLeadWorkingDays}',
  },
  dispatchDayOfMonth: { label: '每月报送日', kind: 'expression', description: '调度表每月几号报送（遇节假日顺延），取自辖区配置 ${profile.inspection.dispatchDayOfMonth}' },
  leadDepartmentName: { label: '牵头部门', kind: 'text', description: '填报单位之一（名称即填报单位编号，与记台账的 reportingUnitId 一致）', defaultValue: '${leadDepartmentName}' },
  memberUnitPlans: { label: '各成员单位方案', kind: 'expression', description: '[{unitName, …}]：每个成员单位报送本单位调度表（名称即填报单位编号）', defaultValue: "${execution.getVariable('memberUnitPlans')}" },
});

export interface CampaignScheduleInput extends CampaignDates {
  readonly campaignId: string;
  readonly campaignName: string;
  readonly reviewLeadWorkingDays: number;
  readonly dispatchDayOfMonth: number;
  readonly leadDepartmentName: string;
  readonly memberUnitNames: readonly string[];
}

export type ReportingUnit = { id: string; name: string };

export type CampaignScheduleOutput = {
  campaignSchedule: CampaignSchedule & { campaignId: string; campaignName: string; reportingUnits: ReportingUnit[] };
};

export function parseCampaignScheduleInput(variables: Readonly<Record<string, unknown>>): CampaignScheduleInput {
  const parsed = parseVariables(variables, inputSchema);
  const dates: CampaignDates = {
    campaignStart: parsed.campaignStart as IsoDate,
    selfCheckStart: parsed.selfCheckStart as IsoDate,
    enforcementStart: parsed.enforcementStart as IsoDate,
    summaryStart: parsed.summaryStart as IsoDate,
    campaignEnd: parsed.campaignEnd as IsoDate,
  };
  const problems = campaignDateProblems(dates);
  if (problems.length > 0) throw new InvalidVariablesError(problems);
  return {
    campaignId: parsed.campaignId,
    campaignName: parsed.campaignName,
    reviewLeadWorkingDays: parsed.reviewLeadWorkingDays,
    dispatchDayOfMonth: parsed.dispatchDayOfMonth,
    leadDepartmentName: parsed.leadDepartmentName,
    memberUnitNames: (parsed.memberUnitPlans ?? []).map((plan) => plan.unitName),
    ...dates,
  };
}

/** The 牵头部门 first, then each member unit once, in the order the plan lists them. */
export function reportingUnitsOf(leadDepartmentName: string, memberUnitNames: readonly string[]): ReportingUnit[] {
  return [...new Set([leadDepartmentName, ...memberUnitNames])].map((name) => ({ id: name, name }));
}

export async function handleCampaignSchedule(input: CampaignScheduleInput, context: Pick<JobContext, 'logger' | 'services'>): Promise<CampaignScheduleOutput> {
  const schedule = campaignSchedule(context.services.calendar, input, input.reviewLeadWorkingDays, input.dispatchDayOfMonth);
  const reportingUnits = reportingUnitsOf(input.leadDepartmentName, input.memberUnitNames);
  context.logger.info(
    { campaignId: input.campaignId, months: schedule.months.map((month) => `${month.month}→${month.dueDate}`), reportingUnits: reportingUnits.length },
    '专项整治日程 computed',
  );
  return { campaignSchedule: { campaignId: input.campaignId, campaignName: input.campaignName, ...schedule, reportingUnits } };
}

export const campaignScheduleWorker = defineWorker<CampaignScheduleInput, CampaignScheduleOutput>({
  jobType,
  title: '专项整治日程',
  inputs,
  description:
    '专项整治日程（进贤方案三、附件注1）：四个阶段的开始时间，应报送的各月调度表及报送日（辖区配置，遇节假日顺延）和填报开始时间，各填报单位（牵头部门和各成员单位） / the campaign calendar and its reporting units',
  parseInput: parseCampaignScheduleInput,
  handle: handleCampaignSchedule,
});
