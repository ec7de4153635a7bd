/**
 * Consistency of a profile's deadlines (issue 11 point 2): no deadline may
 * fall after the deadline of what it prepares, and no reminder may fall before
 * the period it reminds of has begun.
 *
 * Each rule compares two figures counted from the same event, so it compares
 * periods. Periods in different units are compared conservatively, so that the
 * rule holds for every start date on the official calendar:
 *
 * - N working days fit into M months only if N ≤ M × {@link MIN_WORKING_DAYS_PER_MONTH};
 * - M months fit into N working days only if M × {@link MAX_WORKING_DAYS_PER_MONTH} ≤ N.
 *
 * A one-month span holds at least 15 working days (one spanning the Spring
 * Festival holiday, e.g. 2019-02-03 → 2019-03-03) and at most 24 (a long month
 * with 调休 make-up Saturdays); test/unit/workers/profile/consistency.test.ts
 * re-derives both bounds from the packaged State Council schedule, every start
 * date and every month count a profile may use, and checks the shipped
 * profiles date by date as well.
 */
import type { FigureGroup, Figures, FIGURE_SPECS } from './profile.ts';

/** The fewest working days any span of one calendar month has (Spring Festival, 国庆). */
export const MIN_WORKING_DAYS_PER_MONTH = 15;
/** The most working days any span of one calendar month has. */
export const MAX_WORKING_DAYS_PER_MONTH = 24;

type FigureName<G extends FigureGroup> = Extract<keyof (typeof FIGURE_SPECS)[G], string>;
/** A figure by dotted path, e.g. `patrol.rectificationMonths`. */
export type FigurePath = { [G in FigureGroup]: `${G}.${FigureName<G>}` }[FigureGroup];

export type Unit = 'calendarDays' | 'workingDays' | 'months';

export interface DeadlineRule {
  /**
   * `prepares`: the earlier deadline must not fall after the later one;
   * `reminder`: the reminder lead must be shorter than the period (the reminder
   * falls after the period starts).
   */
  readonly kind: 'prepares' | 'reminder';
  readonly earlier: FigurePath;
  readonly later: FigurePath;
  /** The event both periods count from. */
  readonly from: string;
  /** Why the order holds, with the seed article. */
  readonly why: string;
}

/** The rules every resolved profile must satisfy. */
export const DEADLINE_RULES: readonly DeadlineRule[] = [
  {
    kind: 'prepares',
    earlier: 'patrol.rectificationPlanWorkingDays',
    later: 'patrol.rectificationMonths',
    from: '集中反馈 / feedback',
    why: '整改方案是整改落实的依据，须在报送整改落实和查处情况之前报送（盐城方案四(七)；湖南制度三(三)6）/ the rectification plan prepares the rectification report',
  },
  {
    kind: 'prepares',
    earlier: 'hazard.generalRectificationMonths',
    later: 'patrol.rectificationMonths',
    from: '集中反馈 / feedback',
    why: '巡查发现的一般问题隐患整改完毕后方能报送整改落实情况（湖南制度三(三)6；盐城方案四(七)）/ general hazards are rectified before the patrol’s rectification report',
  },
  {
    kind: 'prepares',
    earlier: 'hazard.generalRectificationMonths',
    later: 'supervision.rectificationMonths',
    from: '督查反馈 / supervision feedback',
    why: '综合督查发现的一般问题隐患整改完毕后方能报送整改情况（江西办法第十三条(四)）/ general hazards are rectified before the supervision’s rectification report',
  },
  {
    kind: 'prepares',
    earlier: 'patrol.maxOnSiteDaysTownOrZone',
    later: 'patrol.maxOnSiteDays',
    from: '进驻 / entry',
    why: '对镇（街道）、功能区的专项巡查时间不长于一般巡查（盐城方案二(一)）/ a town or zone patrol is not longer than a patrol',
  },
  ...(
    [
      'patrol.reportWorkingDays',
      'patrol.feedbackWorkingDays',
      'patrol.rectificationPlanWorkingDays',
      'supervision.reportWorkingDays',
      'inspection.inspectionWorkingDays',
      'inspection.reportWorkingDays',
      'inspection.handoverWorkingDays',
      'inspection.handoverHandlingWorkingDays',
      'escalation.decisionWorkingDays',
      'transfer.outcomeWorkingDays',
      'credit.statementWorkingDays',
    ] as const
  ).map(
    (later): DeadlineRule => ({
      kind: 'reminder',
      earlier: 'deadline.reminderLeadWorkingDays',
      later,
      from: '期限起算 / start of the period',
      why: '到期前提醒须在办理期限开始之后 / the reminder falls inside the period it reminds of',
    }),
  ),
  {
    kind: 'reminder',
    earlier: 'transfer.receiptReminderLeadWorkingDays',
    later: 'transfer.receiptWorkingDays',
    from: '移交 / transfer',
    why: '回执催办须在回执期限开始之后 / the receipt reminder falls inside the receipt period',
  },
];

export function unitOf(path: FigurePath): Unit {
  const name = path.split('.')[1]!;
  if (name.endsWith('WorkingDays')) return 'workingDays';
  if (name.endsWith('Months')) return 'months';
  return 'calendarDays';
}

export function figureValue(figures: Figures, path: FigurePath): number {
  const [group, name] = path.split('.') as [FigureGroup, string];
  return (figures[group] as Record<string, number>)[name]!;
}

/**
 * Whether a period of `earlier` ends no later than a period of `later` started
 * on the same day, on every start date (conservative across units).
 */
export function endsNoLater(earlier: { value: number; unit: Unit }, later: { value: number; unit: Unit }): boolean {
  if (earlier.unit === later.unit) return earlier.value <= later.value;
  if (earlier.unit === 'workingDays' && later.unit === 'months') return earlier.value <= later.value * MIN_WORKING_DAYS_PER_MONTH;
  if (earlier.unit === 'months' && later.unit === 'workingDays') return earlier.value * MAX_WORKING_DAYS_PER_MONTH <= later.value;
  // Calendar days hold at least as many days as working days, and a month at least 28 and at most 31 of them.
  if (earlier.unit === 'workingDays' && later.unit === 'calendarDays') return false;
  if (earlier.unit === 'calendarDays' && later.unit === 'workingDays') return earlier.value <= later.value;
  if (earlier.unit === 'calendarDays' && later.unit === 'months') return earlier.value <= later.value * 28;
  return earlier.value * 31 <= later.value;
}

/** Whether a reminder lead (working days before the due date) falls after the start of the period. */
export function remindsInside(lead: { value: number; unit: Unit }, period: { value: number; unit: Unit }): boolean {
  if (lead.unit === period.unit) return lead.value < period.value;
  return endsNoLater({ value: lead.value + 1, unit: lead.unit }, period);
}

/** The rules a profile's figures break, as messages naming both figures, their values and the reason. */
export function deadlineProblems(figures: Figures, rules: readonly DeadlineRule[] = DEADLINE_RULES): string[] {
  const problems: string[] = [];
  for (const rule of rules) {
    const earlier = { value: figureValue(figures, rule.earlier), unit: unitOf(rule.earlier) };
    const later = { value: figureValue(figures, rule.later), unit: unitOf(rule.later) };
    const holds = rule.kind === 'prepares' ? endsNoLater(earlier, later) : remindsInside(earlier, later);
    if (holds) continue;
    const relation = rule.kind === 'prepares' ? '不应晚于 / must not fall after' : '应短于 / must be shorter than';
    problems.push(
      `figures.${rule.earlier}（${earlier.value}）${relation} figures.${rule.later}（${later.value}），自${rule.from}起算：${rule.why}` +
        (earlier.unit !== later.unit
          ? `（换算：1个月按至少 ${MIN_WORKING_DAYS_PER_MONTH}、至多 ${MAX_WORKING_DAYS_PER_MONTH} 个工作日 / 1 month counts as at least ${MIN_WORKING_DAYS_PER_MONTH} and at most ${MAX_WORKING_DAYS_PER_MONTH} working days）`
          : ''),
    );
  }
  return problems;
}
