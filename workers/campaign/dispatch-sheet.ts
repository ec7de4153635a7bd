/**
 * The 调度表 of seed 004 laid out as its 附件 is (进贤县重大事故隐患专项排查整治进展情况调度表), for the
 * campaign-dispatch process: one table per reporting unit (乡镇、县安委会成员单位) and the 县安委办's
 * consolidated one, as pure functions.
 *
 * The attachment's layout: the title, "(单位)" under it, "时间：2023年 月 日", then one table whose first column
 * names the four 类别 (merged over their rows) and whose rows hold two items each, 序号 · 项目 · 数值 twice (总体情况
 * 1–6 in three rows, 抽查检查 1–8 in four, 部门精准严格执法 1–10 in five, 党委政府组织领导 1–8 in four), then 注1–3.
 * The CSV has the same rows and columns (a merged cell is written in its first row only), the HTML is the same
 * table. A 文号 that was entered is printed above the table, as a 公文's 发文字号 is, with the 文号 of the campaign's
 * 方案 the table is the attachment of.
 *
 * Items and their wording come from DISPATCH_ITEMS (dispatch-table.ts), copied verbatim from the attachment. The
 * ledger gives the items it records (scoped to the campaign and the reporting unit); every other item is entered
 * by the reporting unit in its form (注2: 如实填报), and the consolidated table adds up the units' tables.
 */
import { escapeHtml } from '../disclosure/public-site.ts';
import type { IsoDate } from '../deadline/calendar.ts';
import { DISPATCH_ITEMS, DISPATCH_SECTIONS, type DispatchItem, type DispatchPart, MANUAL_FIELD_KEYS, chineseDate } from './dispatch-table.ts';

/** A number of the table, 是/否 for 是否在主流媒体设置安全生产专题栏目, or null while not entered. */
export type SheetValue = number | boolean | null;
export type SheetFields = { [key: string]: SheetValue };

/** The one yes/no item of the attachment (党委政府组织领导情况 6). */
export const YES_NO_KEYS: ReadonlySet<string> = new Set(['mediaSafetyColumn']);

/** Items measured in 万元 take decimals; every other number counts 个、家、次、人 and is a whole number. */
export function isWanYuanKey(key: string): boolean {
  return key.endsWith('WanYuan');
}

export { MANUAL_FIELD_KEYS };

/** Every key of the table, in the attachment's order. */
export const SHEET_KEYS: readonly string[] = DISPATCH_ITEMS.flatMap((entry) => entry.parts.map((part) => part.key));

/** The ledger's numbers with the unit's entries for the items the ledger cannot know. */
export function mergeEntries(ledgerFields: Readonly<SheetFields>, entries: Readonly<SheetFields>): SheetFields {
  const merged: SheetFields = {};
  for (const key of SHEET_KEYS) {
    merged[key] = MANUAL_FIELD_KEYS.includes(key) ? (entries[key] ?? null) : (ledgerFields[key] ?? null);
  }
  return merged;
}

function roundSum(value: number): number {
  return Number(value.toFixed(6));
}

/**
 * The 县安委办's consolidated table: every number summed over the units' submitted tables (a unit's empty item
 * counts nothing); 是否在主流媒体设置安全生产专题栏目 is 是 when any unit reports 是. A distinct-enterprise count
 * (e.g. 部门抽查检查的企业总数) is the sum of the units' counts: each unit reports the enterprises of its own area.
 */
export function consolidateFields(units: readonly Readonly<SheetFields>[]): SheetFields {
  const total: SheetFields = {};
  for (const key of SHEET_KEYS) {
    if (YES_NO_KEYS.has(key)) {
      const answers = units.map((unit) => unit[key]).filter((value): value is boolean => typeof value === 'boolean');
      total[key] = answers.length === 0 ? null : answers.some(Boolean);
      continue;
    }
    const numbers = units.map((unit) => unit[key]).filter((value): value is number => typeof value === 'number');
    total[key] = numbers.length === 0 ? null : roundSum(numbers.reduce((sum, value) => sum + value, 0));
  }
  return total;
}

export interface DispatchSheet {
  readonly campaignName: string;
  /** The reporting unit, or the 县安委办 for the consolidated table: the attachment's "(单位)". */
  readonly unitName: string;
  /** 时间: the day the table is submitted. */
  readonly date: IsoDate;
  /** YYYY-MM */
  readonly month: string;
  /** The profile's day of the month (注1). */
  readonly dayOfMonth: number;
  readonly periodFrom: IsoDate;
  /** Last day counted (the day before the due day). */
  readonly periodTo: IsoDate;
  readonly dueDate: IsoDate;
  /** The nominal due day when it moved (遇节假日顺延). */
  readonly movedFrom?: IsoDate;
  readonly fields: Readonly<SheetFields>;
  /** 文号 of the submission, printed when entered. */
  readonly documentNumber?: string;
  /** 文号 of the campaign's 方案 (e.g. 进府办发〔2023〕25号), whose 附件 this table is. */
  readonly campaignDocumentNumber?: string;
  /** 填报人 / 审核人. */
  readonly submittedBy?: string;
  /** For the consolidated table: the units it adds up, in order. */
  readonly consolidates?: readonly string[];
  /** True until submitted: the draft says so in its heading. */
  readonly draft?: boolean;
}

/** Notes 1–3 of the attachment, verbatim but for the profile's due day in 注1. */
export function sheetNotes(dayOfMonth: number): readonly string[] {
  return [
    `注：1. 调度表于每月 ${dayOfMonth} 日前报送县安委办，遇节假日顺延；统计专项整治开展以来的累计数据。`,
    '2. 调度表内容应围绕专项排查整治工作并对照方案具体要求如实填报，特别是对企业自查情况进行抽查检查时，要深挖细查，查出真问题。如，电气焊等人员无证上岗作业，既要通过现场检查发现问题，也要通过对企业动火等特种作业存单进行检查核实来发现问题；外包外租管理混乱，是指符合以下情形之一的：承包承租方不具备安全生产条件、未取得相应资质，双方未签订安全生产协议，安全生产管理职责不清，未纳入本企业统一管理。',
    '3. 重点企业帮扶指导：指非执法检查性质的对重点企业安全生产技术或管理层面进行提升改进。',
  ];
}

function numberText(value: number): string {
  return String(value);
}

/** One part's value: `3`, or with its measure where an item has two (`3次`, `其中危险作业罪案例1个`). */
function partText(part: DispatchPart, value: SheetValue, several: boolean): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (!several) return numberText(value);
  const nested = /^(.*)\((.+)\)$/.exec(part.measure);
  return nested ? `${nested[1]}${numberText(value)}${nested[2]}` : `${numberText(value)}${part.measure}`;
}

export function itemText(entry: DispatchItem, fields: Readonly<SheetFields>): string {
  const several = entry.parts.length > 1;
  const texts = entry.parts.map((part) => partText(part, fields[part.key] ?? null, several));
  return texts.every((text) => text === '') ? '' : texts.join('，');
}

export interface SheetRow {
  /** The 类别 on the first row of its section, else undefined (a merged cell). */
  readonly section?: string;
  /** Rows of the section, on its first row. */
  readonly sectionRows?: number;
  /** One or two items: 序号, 项目, 数值. */
  readonly cells: ReadonlyArray<{ readonly number: number; readonly label: string; readonly value: string }>;
}

/** The attachment's table: two items a row, sections in order. */
export function sheetRows(fields: Readonly<SheetFields>): SheetRow[] {
  const rows: SheetRow[] = [];
  for (const section of DISPATCH_SECTIONS) {
    const entries = DISPATCH_ITEMS.filter((entry) => entry.section === section);
    const count = Math.ceil(entries.length / 2);
    for (let index = 0; index < entries.length; index += 2) {
      const pair = entries.slice(index, index + 2);
      rows.push({
        ...(index === 0 ? { section, sectionRows: count } : {}),
        cells: pair.map((entry) => ({ number: entry.number, label: entry.label, value: itemText(entry, fields) })),
      });
    }
  }
  return rows;
}

export function sheetTitle(sheet: Pick<DispatchSheet, 'campaignName'>): string {
  return `${sheet.campaignName}进展情况调度表`;
}

/** The 文号 block: the submission's 文号 when entered, and the 方案 the table belongs to. */
export function documentLines(sheet: DispatchSheet): string[] {
  const lines: string[] = [];
  if (sheet.documentNumber !== undefined) lines.push(`文号：${sheet.documentNumber}`);
  if (sheet.campaignDocumentNumber !== undefined) lines.push(`${sheet.campaignDocumentNumber}附件`);
  return lines;
}

function periodLine(sheet: DispatchSheet): string {
  const moved = sheet.movedFrom === undefined ? '' : `（${chineseDate(sheet.movedFrom)}非工作日，遇节假日顺延）`;
  const [year, month] = sheet.month.split('-').map(Number) as [number, number];
  return (
    `调度月份：${year}年${month}月；统计时段：${chineseDate(sheet.periodFrom)}至${chineseDate(sheet.periodTo)}（专项整治开展以来累计）；` +
    `报送期限：${chineseDate(sheet.dueDate)}${moved}`
  );
}

function footerLines(sheet: DispatchSheet): string[] {
  const lines: string[] = [];
  if (sheet.consolidates !== undefined) lines.push(`汇总：${sheet.consolidates.join('、')}（各填报单位报送数之和）`);
  if (sheet.submittedBy !== undefined) lines.push(`填报人：${sheet.submittedBy}`);
  return lines;
}

function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Seven columns: 类别, then 序号 · 项目 · 数值 twice. */
export const SHEET_COLUMNS = 7;

/**
 * RFC 4180 CSV laid out as the attachment: UTF-8 with a byte-order mark (Excel shows the Chinese), CRLF line ends,
 * seven columns; the headings, the 文号 block and the notes take the first cell of their row.
 */
export function renderSheetCsv(sheet: DispatchSheet): string {
  const line = (first: string): string[] => [first, ...Array<string>(SHEET_COLUMNS - 1).fill('')];
  const rows: string[][] = [
    ...documentLines(sheet).map(line),
    line(`${sheetTitle(sheet)}${sheet.draft === true ? '（草稿）' : ''}`),
    line(`（${sheet.unitName}）`),
    line(`时间：${chineseDate(sheet.date)}`),
    line(periodLine(sheet)),
  ];
  for (const row of sheetRows(sheet.fields)) {
    const cells = row.cells.flatMap((cell) => [String(cell.number), cell.label, cell.value]);
    while (cells.length < SHEET_COLUMNS - 1) cells.push('');
    rows.push([row.section ?? '', ...cells]);
  }
  rows.push(...footerLines(sheet).map(line));
  rows.push(...sheetNotes(sheet.dayOfMonth).map(line));
  return `\uFEFF${rows.map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

/** The same layout as a printable Chinese page. */
export function renderSheetHtml(sheet: DispatchSheet): string {
  const title = sheetTitle(sheet);
  const body = sheetRows(sheet.fields)
    .map((row) => {
      const cells = row.cells
        .map((cell) => `<td class="number">${cell.number}</td><td class="label">${escapeHtml(cell.label)}</td><td class="value">${escapeHtml(cell.value)}</td>`)
        .join('');
      const filler = row.cells.length < 2 ? '<td class="number"></td><td class="label"></td><td class="value"></td>' : '';
      const section = row.section === undefined ? '' : `<th scope="rowgroup" rowspan="${row.sectionRows}">${escapeHtml(row.section)}</th>`;
      return `<tr>${section}${cells}${filler}</tr>`;
    })
    .join('\n');
  const documents = documentLines(sheet)
    .map((text) => `<p class="document-number">${escapeHtml(text)}</p>`)
    .join('\n');
  const footer = footerLines(sheet)
    .map((text) => `<p>${escapeHtml(text)}</p>`)
    .join('\n');
  const notes = sheetNotes(sheet.dayOfMonth)
    .map((text) => `<p>${escapeHtml(text)}</p>`)
    .join('\n');
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}（${escapeHtml(sheet.unitName)}，${escapeHtml(sheet.month)}）</title>
<style>
body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif; margin: 2em auto; max-width: 64em; color: #222; }
.document-number { text-align: right; margin: 0.2em 0; }
h1 { font-size: 1.4em; text-align: center; margin-bottom: 0.3em; }
.unit, .time { text-align: center; margin: 0.2em 0; }
.period { font-size: 0.9em; color: #444; }
table { border-collapse: collapse; width: 100%; margin: 1em 0; }
th, td { border: 1px solid #555; padding: 0.35em 0.5em; vertical-align: middle; }
th[scope=rowgroup] { width: 6em; background: #f6f6f6; }
td.number { text-align: center; width: 2em; }
td.value { text-align: center; width: 7em; }
.notes, .footer { font-size: 0.9em; }
</style>
</head>
<body>
${documents}
<h1>${escapeHtml(title)}${sheet.draft === true ? '（草稿）' : ''}</h1>
<p class="unit">（${escapeHtml(sheet.unitName)}）</p>
<p class="time">时间：${chineseDate(sheet.date)}</p>
<p class="period">${escapeHtml(periodLine(sheet))}</p>
<table>
<tbody>
${body}
</tbody>
</table>
<div class="footer">
${footer}
</div>
<div class="notes">
${notes}
</div>
</body>
</html>
`;
}
