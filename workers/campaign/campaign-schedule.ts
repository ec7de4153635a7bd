/**
 * The calendar of a special campaign (seed 004 三、阶段安排 and 附件 注1), as
 * pure functions: when each of the four phases begins, and which monthly
 * 调度表 the campaign owes, with each table's due date and the morning its
 * review opens. The diagram arms its timers from these values, so it holds
 * no date or time of its own.
 *
 * Which months: every month whose due day (the profile's
 * inspection.dispatchDayOfMonth, the 23rd in 江西) lies inside the campaign (after its
 * first day, on or before its last). A table due on the first day of the
 * campaign would count nothing, so it is not owed; a 23rd on the last day is
 * still owed, even when 遇节假日顺延 moves its due date past the end.
 *
 * When reporting opens: `reviewLeadWorkingDays` working days before the due
 * day, at 09:00 China time (never before the campaign's first day). Each month
 * runs in the called campaign-dispatch, which computes the same due date from
 * the same profile day and arms its own timers; this list says which months
 * are owed, so special-inspection calls campaign-dispatch once for each.
 */
import { type IsoDate, type WorkingDayCalendar, addCalendarDays, isIsoDate } from '../deadline/calendar.ts';
import { dispatchDue, nominalDueDate } from './dispatch-table.ts';

/** Reviews and phase notices go out at the start of the office day in China. */
export const CAMPAIGN_MORNING_TIME_OF_DAY = '09:00:00+08:00';

/** No campaign in the seeds runs longer than a year; a few years is a safe bound against typing errors. */
export const MAX_CAMPAIGN_MONTHS = 60;

export const CAMPAIGN_PHASE_KEYS = ['mobilization', 'selfCheck', 'enforcement', 'summary'] as const;
export type CampaignPhaseKey = (typeof CAMPAIGN_PHASE_KEYS)[number];

/** The four phases of seed 004 三、阶段安排, names and work verbatim. */
export const CAMPAIGN_PHASES: Readonly<Record<CampaignPhaseKey, { readonly name: string; readonly tasks: string }>> = {
  mobilization: {
    name: '动员部署',
    tasks: '制定印发专项整治实施方案，梳理明确安全生产重大事故隐患判定标准或重点检查事项等，召开专题会议动员部署。',
  },
  selfCheck: {
    name: '企业自查自改和部门帮扶',
    tasks:
      '企业认真开展自查自改，建立安全生产重大事故隐患台账。各乡镇、各有关部门对重点地区、重点企业开展帮扶；完成安全执法队伍专题培训并组织开展好“安全生产月”活动。',
  },
  enforcement: {
    name: '部门精准执法',
    tasks:
      '相关部门聚焦安全生产重大事故隐患和重点检查事项，聚焦第一责任人履职情况，深入企业、一线开展精准执法检查，严查各类非法违法和违规违章行为。',
  },
  summary: {
    name: '总结提高',
    tasks: '全面总结专项整治取得的成效，系统梳理好经验、好做法，积极推动互学互鉴，不断完善安全生产制度措施，健全完善长效工作机制。',
  },
};

export interface CampaignDates {
  /** 动员部署 begins: the campaign's first day. */
  readonly campaignStart: IsoDate;
  /** 企业自查自改和部门帮扶 begins. */
  readonly selfCheckStart: IsoDate;
  /** 部门精准执法 begins. */
  readonly enforcementStart: IsoDate;
  /** 总结提高 begins. */
  readonly summaryStart: IsoDate;
  /** The campaign's last day. */
  readonly campaignEnd: IsoDate;
}

export type CampaignPhase = {
  readonly key: CampaignPhaseKey;
  readonly name: string;
  readonly tasks: string;
  readonly start: IsoDate;
  /** 09:00 China time on the first day: the phase notice's timer. */
  readonly startAt: string;
  /** Last day of the phase. */
  readonly end: IsoDate;
};

export type CampaignMonth = {
  /** YYYY-MM */
  readonly month: string;
  readonly dueDate: IsoDate;
  readonly dueAt: string;
  /** The 23rd, when it was not a working day (遇节假日顺延). */
  readonly movedFrom?: IsoDate;
  /** The day the review window opens and the draft table is written. */
  readonly reviewFrom: IsoDate;
  readonly reviewFromAt: string;
  /** Set when the due date lies in a year whose holiday schedule is not yet published. */
  readonly calendarWarning?: string;
};

/**
 * One 季通报 (seed 004 四(三) “月调度、季通报、年总结”): a calendar quarter with at least one owed 调度表, its
 * months, and the day the 县安委办 compiles and issues it: the first working day after the quarter's last
 * monthly due date, at 09:00 China time, so every table of the quarter was due before it is compiled.
 */
export type CampaignQuarter = {
  /** YYYY-Qn, e.g. 2026-Q3. */
  readonly quarter: string;
  /** 2026年第三季度 */
  readonly label: string;
  readonly months: Array<{ readonly month: string; readonly dueDate: IsoDate; readonly dueAt: string }>;
  readonly circularDate: IsoDate;
  readonly circularAt: string;
};

export type CampaignSchedule = {
  readonly phases: CampaignPhase[];
  readonly months: CampaignMonth[];
  readonly quarters: CampaignQuarter[];
};

const QUARTER_NAMES = ['一', '二', '三', '四'] as const;

/** The quarter of a YYYY-MM month: 2026-07 → 2026-Q3. */
export function quarterOf(month: string): string {
  return `${month.slice(0, 4)}-Q${Math.floor((Number(month.slice(5, 7)) - 1) / 3) + 1}`;
}

export function quarterLabel(quarter: string): string {
  return `${quarter.slice(0, 4)}年第${QUARTER_NAMES[Number(quarter.slice(6)) - 1]}季度`;
}

/** The 季通报 the campaign owes: one per calendar quarter holding an owed 调度表, in order (四(三)). */
export function campaignQuarters(calendar: WorkingDayCalendar, months: readonly CampaignMonth[]): CampaignQuarter[] {
  const byQuarter = new Map<string, CampaignMonth[]>();
  for (const month of months) {
    const quarter = quarterOf(month.month);
    byQuarter.set(quarter, [...(byQuarter.get(quarter) ?? []), month]);
  }
  return [...byQuarter.entries()].map(([quarter, owed]) => {
    const lastDue = owed.map((month) => month.dueDate).sort().at(-1)!;
    const circularDate = calendar.addWorkingDays(lastDue, 1).date;
    return {
      quarter,
      label: quarterLabel(quarter),
      months: owed.map((month) => ({ month: month.month, dueDate: month.dueDate, dueAt: month.dueAt })),
      circularDate,
      circularAt: morningOf(circularDate),
    };
  });
}

/** Problems with the dates, in Chinese and English; empty when they make a campaign. */
export function campaignDateProblems(dates: CampaignDates): string[] {
  const problems: string[] = [];
  const ordered: Array<[keyof CampaignDates, string]> = [
    ['campaignStart', '动员部署开始日期'],
    ['selfCheckStart', '企业自查自改和部门帮扶开始日期'],
    ['enforcementStart', '部门精准执法开始日期'],
    ['summaryStart', '总结提高开始日期'],
    ['campaignEnd', '专项整治结束日期'],
  ];
  for (const [key, label] of ordered) {
    if (!isIsoDate(dates[key])) problems.push(`${label} ${key} 应为 YYYY-MM-DD / ${key} must be YYYY-MM-DD (got ${JSON.stringify(dates[key])})`);
  }
  if (problems.length > 0) return problems;
  for (let index = 1; index < ordered.length; index += 1) {
    const [earlierKey, earlierLabel] = ordered[index - 1]!;
    const [laterKey, laterLabel] = ordered[index]!;
    // Each phase lasts at least a day; the summary phase may end on the day it starts.
    const strict = laterKey !== 'campaignEnd';
    const earlier = dates[earlierKey];
    const later = dates[laterKey];
    if (strict ? later <= earlier : later < earlier) {
      problems.push(
        `${laterLabel}（${later}）应${strict ? '晚于' : '不早于'}${earlierLabel}（${earlier}） / ` +
          `${laterKey} (${later}) must be ${strict ? 'after' : 'on or after'} ${earlierKey} (${earlier})`,
      );
    }
  }
  const months = monthsBetween(dates.campaignStart, dates.campaignEnd);
  if (problems.length === 0 && months.length > MAX_CAMPAIGN_MONTHS) {
    problems.push(
      `专项整治跨 ${months.length} 个月，超过上限 ${MAX_CAMPAIGN_MONTHS} 个月，请核对日期 / ` +
        `the campaign spans ${months.length} months, more than ${MAX_CAMPAIGN_MONTHS}: check the dates`,
    );
  }
  return problems;
}

/** Every YYYY-MM from the month of `from` to the month of `to`, inclusive. */
export function monthsBetween(from: IsoDate, to: IsoDate): string[] {
  const months: string[] = [];
  let year = Number(from.slice(0, 4));
  let month = Number(from.slice(5, 7));
  const lastYear = Number(to.slice(0, 4));
  const lastMonth = Number(to.slice(5, 7));
  while (year < lastYear || (year === lastYear && month <= lastMonth)) {
    months.push(`${year}-${String(month).padStart(2, '0')}`);
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
    // Guards the loop itself; campaignDateProblems reports the real problem.
    if (months.length > MAX_CAMPAIGN_MONTHS * 10) break;
  }
  return months;
}

function morningOf(date: IsoDate): string {
  return `${date}T${CAMPAIGN_MORNING_TIME_OF_DAY}`;
}

export function campaignPhases(dates: CampaignDates): CampaignPhase[] {
  const starts: Record<CampaignPhaseKey, IsoDate> = {
    mobilization: dates.campaignStart,
    selfCheck: dates.selfCheckStart,
    enforcement: dates.enforcementStart,
    summary: dates.summaryStart,
  };
  return CAMPAIGN_PHASE_KEYS.map((key, index) => {
    const next = CAMPAIGN_PHASE_KEYS[index + 1];
    return {
      key,
      name: CAMPAIGN_PHASES[key].name,
      tasks: CAMPAIGN_PHASES[key].tasks,
      start: starts[key],
      startAt: morningOf(starts[key]),
      end: next === undefined ? dates.campaignEnd : addCalendarDays(starts[next], -1),
    };
  });
}

/** The 调度表 the campaign owes, in month order. */
export function campaignMonths(calendar: WorkingDayCalendar, dates: CampaignDates, reviewLeadWorkingDays: number, dayOfMonth: number): CampaignMonth[] {
  const owed: CampaignMonth[] = [];
  for (const month of monthsBetween(dates.campaignStart, dates.campaignEnd)) {
    const nominal = nominalDueDate(month, dayOfMonth);
    if (nominal > dates.campaignEnd) continue;
    const due = dispatchDue(calendar, month, dayOfMonth);
    if (due.dueDate <= dates.campaignStart) continue;
    const opens = calendar.subtractWorkingDays(due.dueDate, reviewLeadWorkingDays).date;
    const reviewFrom = opens < dates.campaignStart ? dates.campaignStart : opens;
    owed.push({
      month,
      dueDate: due.dueDate,
      dueAt: due.dueAt,
      ...(due.movedFrom === undefined ? {} : { movedFrom: due.movedFrom }),
      reviewFrom,
      reviewFromAt: morningOf(reviewFrom),
      ...(due.beyondKnownCalendar
        ? {
            calendarWarning:
              `${due.dueDate} 所在年份的法定节假日安排尚未收录（已知至 ${due.knownThroughYear} 年），仅按周末顺延 / ` +
              `the holiday schedule for ${due.dueDate} is not known yet (known through ${due.knownThroughYear}); only weekends were skipped`,
          }
        : {}),
    });
  }
  return owed;
}

export function campaignSchedule(calendar: WorkingDayCalendar, dates: CampaignDates, reviewLeadWorkingDays: number, dayOfMonth: number): CampaignSchedule {
  const months = campaignMonths(calendar, dates, reviewLeadWorkingDays, dayOfMonth);
  return { phases: campaignPhases(dates), months, quarters: campaignQuarters(calendar, months) };
}
