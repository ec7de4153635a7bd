/**
 * The monthly 调度表 of a special campaign, after the attachment of seed 004
 * (进贤县重大事故隐患专项排查整治进展情况调度表), as pure functions: due date,
 * fields from the ledger summary; dispatch-sheet.ts lays them out as the
 * attachment does (CSV and HTML).
 *
 * Seed 004, 附件 注1: "调度表于每月 23 日前报送县安委办，遇节假日顺延；统计专项整治
 * 开展以来的累计数据". So:
 *   - due: the 23rd, or the next working day when the 23rd is a weekend or
 *     statutory holiday (official calendar with 调休);
 *   - counts: cumulative from the campaign start, up to the start of the due
 *     day. A table handed in by the due day cannot count what happens after
 *     it, and a cut-off in the past makes a re-run give the same table.
 *
 * Labels are copied verbatim from the attachment (including its unbalanced
 * parenthesis in 部门精准严格执法情况 8). Items the ledger does not record have
 * no value here: the reporting unit enters them, and nothing is estimated.
 */
import type { IsoDate, WorkingDayCalendar } from '../deadline/calendar.ts';
import type { LedgerSummary } from '../ledger/index.ts';

/** A day's deadline means its close of business in China. */
export const DISPATCH_DUE_TIME_OF_DAY = '18:00:00+08:00';
export const CHINA_OFFSET = '+08:00';

export const DISPATCH_SECTIONS = ['总体情况', '对企业自查自改进行抽查检查情况', '部门精准严格执法情况', '党委政府组织领导情况'] as const;
export type DispatchSection = (typeof DISPATCH_SECTIONS)[number];

/** One number of the table; an item like 行政处罚(次, 万元) has two. */
export interface DispatchPart {
  readonly key: string;
  /** What the number counts, as the attachment words it: 个, 家, 次, 万元, 其中危险作业罪案例(个)… */
  readonly measure: string;
  /** The number from the ledger summary; absent when the ledger does not record it. */
  readonly fromLedger?: (summary: LedgerSummary) => number;
  /** Where the number comes from (台账 table and filter), or why it must be filled in by hand. */
  readonly source: string;
}

export interface DispatchItem {
  readonly section: DispatchSection;
  /** 序号 within the section, as in the attachment. */
  readonly number: number;
  /** The attachment's wording, verbatim. */
  readonly label: string;
  readonly parts: readonly DispatchPart[];
}

const MANUAL = '台账未记录，由填报单位填报';

function fenToWanYuan(yuan: number): number {
  const fen = Math.round(yuan * 100);
  return Number((fen / 1_000_000).toFixed(6));
}

function item(section: DispatchSection, number: number, label: string, ...parts: DispatchPart[]): DispatchItem {
  return { section, number, label, parts };
}

function manual(key: string, measure: string, why = MANUAL): DispatchPart {
  return { key, measure, source: why };
}

/** Every item of the attachment, in its order. */
export const DISPATCH_ITEMS: readonly DispatchItem[] = [
  item('总体情况', 1, '企业自查发现的重大事故隐患(个)', {
    key: 'selfFoundMajorHazards',
    measure: '个',
    fromLedger: (s) => s.majorHazardsBySource['企业自查'].found,
    source: '问题隐患台账：重大事故隐患，发现来源“企业自查”',
  }),
  item('总体情况', 2, '企业自查发现重大事故隐患中已完成整改的(个)', {
    key: 'selfFoundMajorHazardsRectified',
    measure: '个',
    fromLedger: (s) => s.majorHazardsBySource['企业自查'].rectified,
    source: '同上，统计截止前已销号',
  }),
  item('总体情况', 3, '部门检查发现的重大事故隐患(个)', {
    key: 'departmentFoundMajorHazards',
    measure: '个',
    fromLedger: (s) => s.majorHazardsBySource['部门检查'].found,
    source: '问题隐患台账：重大事故隐患，发现来源“部门检查”',
  }),
  item('总体情况', 4, '部门检查发现重大事故隐患中已完成整改的(个)', {
    key: 'departmentFoundMajorHazardsRectified',
    measure: '个',
    fromLedger: (s) => s.majorHazardsBySource['部门检查'].rectified,
    source: '同上，统计截止前已销号',
  }),
  item('总体情况', 5, '政府挂牌督办的重大事故隐患(个)', {
    key: 'listedMajorHazards',
    measure: '个',
    fromLedger: (s) => s.listedMajorHazards.found,
    source: '问题隐患台账：统计时段内挂牌督办的重大事故隐患',
  }),
  item('总体情况', 6, '挂牌督办重大事故隐患中已完成整改的(个)', {
    key: 'listedMajorHazardsRectified',
    measure: '个',
    fromLedger: (s) => s.listedMajorHazards.rectified,
    source: '同上，统计截止前已销号',
  }),
  item('对企业自查自改进行抽查检查情况', 1, '部门抽查检查的企业总数(家)', {
    key: 'enterprisesSpotChecked',
    measure: '家',
    fromLedger: (s) => s.enterprisesByInspectionKind['抽查检查'],
    source: '检查记录台账：“抽查检查”的企业（按统一社会信用代码去重）',
  }),
  item('对企业自查自改进行抽查检查情况', 2, '企业主要负责人未按要求亲自研究排查整治工作(家)', manual('principalNotStudying', '家')),
  item('对企业自查自改进行抽查检查情况', 3, '企业主要负责人未带队检查(家)', manual('principalNotLeadingInspection', '家')),
  item('对企业自查自改进行抽查检查情况', 4, '企业未制定分管负责人职责清单(家)', manual('noDeputyResponsibilityList', '家')),
  item('对企业自查自改进行抽查检查情况', 5, '企业未依法建立安全管理机构和配足安全管理人员(家)', manual('noSafetyOrganOrStaff', '家')),
  item('对企业自查自改进行抽查检查情况', 6, '电气焊等特种作业岗位人员无证上岗作业(家)', manual('uncertifiedSpecialOperations', '家')),
  item('对企业自查自改进行抽查检查情况', 7, '外包外租安全管理混乱(家)', manual('outsourcingMismanaged', '家')),
  item('对企业自查自改进行抽查检查情况', 8, '未按规定开展应急演练、员工不熟悉逃生出口(家)', manual('noEmergencyDrill', '家')),
  item(
    '部门精准严格执法情况',
    1,
    '帮扶指导重点乡镇(个次)',
    manual('assistedKeyTownships', '个次', '台账只记录帮扶指导的企业，不记录乡镇，由填报单位填报'),
  ),
  item(
    '部门精准严格执法情况',
    2,
    '帮扶指导重点企业(家次)',
    manual('assistedKeyEnterprises', '家次', '台账汇总只有帮扶指导的企业家数（去重），没有家次，由填报单位填报'),
  ),
  item(
    '部门精准严格执法情况',
    3,
    '行政处罚(次, 万元)',
    {
      key: 'administrativePenalties',
      measure: '次',
      fromLedger: (s) => s.enforcementByKind['行政处罚'].count,
      source: '执法台账：“行政处罚”决定数',
    },
    {
      key: 'administrativePenaltyFinesWanYuan',
      measure: '万元',
      fromLedger: (s) => fenToWanYuan(s.enforcementByKind['行政处罚'].fineYuan),
      source: '执法台账：“行政处罚”罚款合计',
    },
  ),
  item('部门精准严格执法情况', 4, '企业和企业主要负责人“一案双罚”(次)', {
    key: 'doublePenaltyCases',
    measure: '次',
    fromLedger: (s) => s.enforcementByKind['一案双罚'].count,
    source: '执法台账：“一案双罚”决定数',
  }),
  item('部门精准严格执法情况', 5, '移送司法机关(人)', {
    key: 'transferredToJudiciaryPersons',
    measure: '人',
    fromLedger: (s) => s.enforcementByKind['移送司法机关'].personCount,
    source: '执法台账：“移送司法机关”涉及人数',
  }),
  item('部门精准严格执法情况', 6, '责令停产整顿(家)', {
    key: 'orderedToSuspend',
    measure: '家',
    fromLedger: (s) => s.enforcementByKind['责令停产整顿'].units,
    source: '执法台账：“责令停产整顿”的企业（去重）',
  }),
  item(
    '部门精准严格执法情况',
    7,
    '曝光、约谈、联合惩戒企业(家)',
    manual('exposedInterviewedOrSanctionedEnterprises', '家', '台账汇总按措施分别去重，不能得出三项合计的企业家数，由填报单位填报'),
  ),
  item(
    '部门精准严格执法情况',
    8,
    '公布典型执法案例(个, 其中危险作业罪案例(个)',
    manual('typicalCasesPublished', '个', '台账汇总只有信息公开总数，不分类型，由填报单位填报'),
    manual('dangerousOperationCrimeCases', '其中危险作业罪案例(个)', '台账不记录罪名，由填报单位填报'),
  ),
  item('部门精准严格执法情况', 9, '责任倒查追责问责(人)', {
    key: 'accountabilityPersons',
    measure: '人',
    fromLedger: (s) => s.enforcementByKind['责任追究'].personCount,
    source: '执法台账：“责任追究”涉及人数',
  }),
  item(
    '部门精准严格执法情况',
    10,
    '约谈通报有关地区及部门(次)',
    manual('interviewsAndCircularsOnRegions', '次', '台账的约谈、通报不区分对象是企业还是地区、部门，由填报单位填报'),
  ),
  item('党委政府组织领导情况', 1, '党委政府分别组织专题学习安全生产十五条硬措施(次)', manual('fifteenMeasuresStudySessions', '次')),
  item('党委政府组织领导情况', 2, '党委政府主要负责同志分别专题研究(次)', manual('principalLeaderStudySessions', '次')),
  item('党委政府组织领导情况', 3, '政府负责同志分别现场督导检查(次)', manual('onSiteSupervisionVisits', '次')),
  item('党委政府组织领导情况', 4, '县安委会成员单位负责同志分别到企业宣讲(次)', manual('enterpriseBriefingsByMembers', '次')),
  item(
    '党委政府组织领导情况',
    5,
    '举报奖励(万元), 其中匿名举报查实奖励(万元)',
    manual('reportRewardsWanYuan', '万元'),
    manual('anonymousReportRewardsWanYuan', '其中匿名举报查实奖励(万元)'),
  ),
  item('党委政府组织领导情况', 6, '是否在主流媒体设置安全生产专题栏目', manual('mediaSafetyColumn', '是/否')),
  item('党委政府组织领导情况', 7, '配备专兼职技术检查员数量(人)', manual('technicalInspectorsStaffed', '人')),
  item('党委政府组织领导情况', 8, '组织开展考核巡查督导检查(次)', manual('assessmentPatrolInspections', '次')),
];

/** Keys of the numbers the ledger cannot give; they stay null and are filled in by the reporting unit. */
export const MANUAL_FIELD_KEYS: readonly string[] = DISPATCH_ITEMS.flatMap((entry) =>
  entry.parts.filter((part) => part.fromLedger === undefined).map((part) => part.key),
);

export type DispatchFields = { [key: string]: number | null };

export function dispatchFields(summary: LedgerSummary): DispatchFields {
  const fields: DispatchFields = {};
  for (const entry of DISPATCH_ITEMS) {
    for (const part of entry.parts) fields[part.key] = part.fromLedger === undefined ? null : part.fromLedger(summary);
  }
  return fields;
}

export interface DispatchDue {
  readonly dueDate: IsoDate;
  readonly dueAt: string;
  /** The 23rd, when it was not a working day and the due date moved (遇节假日顺延). */
  readonly movedFrom?: IsoDate;
  readonly beyondKnownCalendar: boolean;
  readonly knownThroughYear: number;
}

export const MONTH_PATTERN = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** The nominal due day of `month`: its `dayOfMonth` (the profile's inspection.dispatchDayOfMonth, 23 in 进贤方案附件注1). */
export function nominalDueDate(month: string, dayOfMonth: number): IsoDate {
  if (!MONTH_PATTERN.test(month)) {
    throw new RangeError(`月份应为 YYYY-MM / month must be YYYY-MM, got ${JSON.stringify(month)}`);
  }
  if (!Number.isInteger(dayOfMonth) || dayOfMonth < 1 || dayOfMonth > 28) {
    throw new RangeError(`报送日应为 1 到 28 之间的整数 / the day of the month must be an integer from 1 to 28, got ${JSON.stringify(dayOfMonth)}`);
  }
  return `${month}-${String(dayOfMonth).padStart(2, '0')}`;
}

/**
 * The due date of the 调度表 of `month` (YYYY-MM): its `dayOfMonth` (from the jurisdiction profile,
 * inspection.dispatchDayOfMonth: 23 after 进贤方案附件注1), moved to the next working day when it is not one.
 */
export function dispatchDue(calendar: WorkingDayCalendar, month: string, dayOfMonth: number): DispatchDue {
  const nominal = nominalDueDate(month, dayOfMonth);
  const result = calendar.nextWorkingDayOnOrAfter(nominal);
  return {
    dueDate: result.date,
    dueAt: `${result.date}T${DISPATCH_DUE_TIME_OF_DAY}`,
    ...(result.date === nominal ? {} : { movedFrom: nominal }),
    beyondKnownCalendar: result.beyondKnownCalendar,
    knownThroughYear: result.knownThroughYear,
  };
}

/** The cumulative statistics period: from the campaign start up to (not including) the due day, China time. */
export function dispatchPeriod(campaignStart: IsoDate, dueDate: IsoDate): { readonly from: string; readonly before: string } {
  return { from: `${campaignStart}T00:00:00${CHINA_OFFSET}`, before: `${dueDate}T00:00:00${CHINA_OFFSET}` };
}

/** 2026-05-25 → 2026年5月25日. */
export function chineseDate(date: IsoDate): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return `${year}年${month}月${day}日`;
}
