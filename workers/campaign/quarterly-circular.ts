/**
 * The 季通报 of a special campaign (seed 004 四(三): 县安委会办公室……按照“月调度、季通报、年总结”要求，及时调度、
 * 通报专项整治工作进展情况。对工作推进落实不力地区和单位，将适时进行约谈、问责), as pure functions: from the
 * 调度表 the reporting units submitted (ledger dispatch_submissions), per unit the quarter's months submitted on
 * time, submitted late (after the month's due time, 附件注1 每月23日前报送、遇节假日顺延) or missing at the time of
 * compilation; a unit with a late or missing table is falling behind (落实不力). The quarter's totals are the sum
 * of each unit's latest submitted table of the quarter (the tables count cumulatively, 注1), over the 总体情况 items.
 */
import { DISPATCH_ITEMS } from './dispatch-table.ts';
import { type SheetFields, consolidateFields, itemText } from './dispatch-sheet.ts';
import type { ReportingUnit } from './campaign-schedule.worker.ts';

export type QuarterMonth = { readonly month: string; readonly dueDate: string; readonly dueAt: string };

export type QuarterDefinition = {
  readonly quarter: string;
  readonly label: string;
  readonly months: readonly QuarterMonth[];
};

/** A stored unit submission, as the ledger lists it. */
export type SubmittedTable = {
  readonly reportingUnitId: string | null;
  readonly dispatchMonth: string;
  readonly submittedAt: string;
  readonly fields: Readonly<SheetFields>;
};

export type UnitQuarter = {
  id: string;
  name: string;
  onTime: string[];
  late: string[];
  missing: string[];
  lagging: boolean;
  /** 按时报送 2026-07；逾期报送 …；未报送 … */
  situation: string;
};

export type QuarterCompilation = {
  quarter: string;
  label: string;
  months: string[];
  units: UnitQuarter[];
  laggingUnits: Array<{ id: string; name: string; situation: string }>;
  totals: SheetFields;
  monthsText: string;
  unitsText: string;
  totalsText: string;
};

function monthText(month: string): string {
  return `${month.slice(0, 4)}年${Number(month.slice(5, 7))}月`;
}

function situationOf(unit: Pick<UnitQuarter, 'onTime' | 'late' | 'missing'>): string {
  const parts: string[] = [];
  if (unit.onTime.length > 0) parts.push(`按时报送${unit.onTime.map(monthText).join('、')}调度表`);
  if (unit.late.length > 0) parts.push(`逾期报送${unit.late.map(monthText).join('、')}调度表`);
  if (unit.missing.length > 0) parts.push(`未报送${unit.missing.map(monthText).join('、')}调度表`);
  return parts.join('，');
}

export function compileQuarter(quarter: QuarterDefinition, units: readonly ReportingUnit[], submissions: readonly SubmittedTable[]): QuarterCompilation {
  const months = quarter.months.map((month) => month.month);
  const latestTables: SheetFields[] = [];
  const compiled = units.map((unit): UnitQuarter => {
    const mine = submissions.filter((row) => row.reportingUnitId === unit.id && months.includes(row.dispatchMonth));
    const onTime: string[] = [];
    const late: string[] = [];
    const missing: string[] = [];
    for (const month of quarter.months) {
      // The first table a unit submitted for the month decides whether it was on time.
      const first = mine.filter((row) => row.dispatchMonth === month.month).sort((a, b) => Date.parse(a.submittedAt) - Date.parse(b.submittedAt))[0];
      if (first === undefined) missing.push(month.month);
      else if (Date.parse(first.submittedAt) > Date.parse(month.dueAt)) late.push(month.month);
      else onTime.push(month.month);
    }
    const latest = [...mine].sort((a, b) => (a.dispatchMonth === b.dispatchMonth ? Date.parse(a.submittedAt) - Date.parse(b.submittedAt) : a.dispatchMonth < b.dispatchMonth ? -1 : 1)).at(-1);
    if (latest !== undefined) latestTables.push(latest.fields);
    const entry = { id: unit.id, name: unit.name, onTime, late, missing };
    return { ...entry, lagging: late.length + missing.length > 0, situation: situationOf(entry) };
  });
  const totals = consolidateFields(latestTables);
  const laggingUnits = compiled.filter((unit) => unit.lagging).map((unit) => ({ id: unit.id, name: unit.name, situation: unit.situation }));
  const overview = DISPATCH_ITEMS.filter((item) => item.section === '总体情况')
    .map((item) => {
      const text = itemText(item, totals);
      return `${item.label}${text === '' ? '未填报' : text}`;
    })
    .join('；');
  return {
    quarter: quarter.quarter,
    label: quarter.label,
    months,
    units: compiled,
    laggingUnits,
    totals,
    monthsText: `${months.map(monthText).join('、')}调度表`,
    unitsText:
      `${compiled.map((unit) => `${unit.name}：${unit.situation}`).join('；')}。` +
      (laggingUnits.length === 0 ? '各填报单位均按时报送。' : `未按时报送的单位：${laggingUnits.map((unit) => unit.name).join('、')}。`),
    totalsText: latestTables.length === 0 ? '本季度尚无报送的调度表。' : `截至本季度最后报送的调度表（累计）：${overview}。`,
  };
}

export type AccountabilityChoice = '约谈' | '问责' | '不约谈问责';

export type DecidedUnit = { id: string; name: string; situation: string; decision: AccountabilityChoice; reason: string };

/** The paragraph of the 季通报 naming each lagging unit's decision. */
export function decisionsText(decided: readonly DecidedUnit[]): string {
  if (decided.length === 0) return '本季度无须约谈、问责的单位。';
  return decided
    .map((unit) =>
      unit.decision === '不约谈问责'
        ? `${unit.name}（${unit.situation}）：暂不约谈、问责，理由：${unit.reason}`
        : `${unit.name}（${unit.situation}）：予以${unit.decision}${unit.reason === unit.situation ? '' : `，${unit.reason}`}`,
    )
    .join('；')
    .concat('。');
}
