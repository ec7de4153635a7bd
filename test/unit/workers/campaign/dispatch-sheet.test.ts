/**
 * The 调度表 as its 附件 lays it out (seed 004): title, (单位), 时间, four 类别 with two items a row, 注1–3, the
 * 文号 block; the consolidated table adds up the units' tables.
 */
import { describe, expect, it } from 'vitest';
import { DISPATCH_ITEMS, DISPATCH_SECTIONS } from '../../../../workers/campaign/dispatch-table.ts';
import {
  type DispatchSheet,
  MANUAL_FIELD_KEYS,
  SHEET_COLUMNS,
  SHEET_KEYS,
  consolidateFields,
  mergeEntries,
  renderSheetCsv,
  renderSheetHtml,
  sheetRows,
} from '../../../../workers/campaign/dispatch-sheet.ts';

/** RFC 4180 rows (quoted cells with doubled quotes, CRLF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let index = 0; index < text.length; index += 1) {
    const character = text[index] as string;
    if (quoted) {
      if (character === '"' && text[index + 1] === '"') {
        cell += '"';
        index += 1;
      } else if (character === '"') quoted = false;
      else cell += character;
    } else if (character === '"') quoted = true;
    else if (character === ',') {
      row.push(cell);
      cell = '';
    } else if (character === '\r' && text[index + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      index += 1;
    } else cell += character;
  }
  return rows;
}

const fields = Object.fromEntries(SHEET_KEYS.map((key, index) => [key, key === 'mediaSafetyColumn' ? true : index]));
fields['administrativePenaltyFinesWanYuan'] = 1.5;

const sheet: DispatchSheet = {
  campaignName: '进贤县重大事故隐患专项排查整治2026行动',
  unitName: '李渡镇',
  date: '2026-02-24',
  month: '2026-02',
  dayOfMonth: 23,
  periodFrom: '2026-01-05',
  periodTo: '2026-02-23',
  dueDate: '2026-02-24',
  movedFrom: '2026-02-23',
  fields,
  documentNumber: '李府字〔2026〕8号',
  campaignDocumentNumber: '进府办发〔2026〕25号',
  submittedBy: '李渡镇安监办 王某',
};

describe('the attachment layout', () => {
  it('pairs the items two a row: 总体情况 3 rows, 抽查检查 4, 部门精准严格执法 5, 党委政府组织领导 4', () => {
    const rows = sheetRows(fields);
    expect(rows).toHaveLength(16);
    expect(rows.filter((row) => row.section !== undefined).map((row) => [row.section, row.sectionRows])).toEqual([
      ['总体情况', 3],
      ['对企业自查自改进行抽查检查情况', 4],
      ['部门精准严格执法情况', 5],
      ['党委政府组织领导情况', 4],
    ]);
    expect(rows[0]!.cells.map((cell) => [cell.number, cell.label])).toEqual([
      [1, '企业自查发现的重大事故隐患(个)'],
      [2, '企业自查发现重大事故隐患中已完成整改的(个)'],
    ]);
    expect(rows.flatMap((row) => row.cells).length).toBe(DISPATCH_ITEMS.length);
  });

  it('writes the CSV in seven columns: 文号 block, headings, the table, 填报人 and the notes', () => {
    const rows = parseCsv(renderSheetCsv(sheet).replace(/^\uFEFF/, ''));
    expect(rows.every((row) => row.length === SHEET_COLUMNS)).toBe(true);
    expect(rows.slice(0, 5).map((row) => row[0])).toEqual([
      '文号：李府字〔2026〕8号',
      '进府办发〔2026〕25号附件',
      '进贤县重大事故隐患专项排查整治2026行动进展情况调度表',
      '（李渡镇）',
      '时间：2026年2月24日',
    ]);
    expect(rows[5]![0]).toContain('2026年2月23日非工作日，遇节假日顺延');
    const table = rows.slice(6, 22);
    expect(table.map((row) => row[0]).filter(Boolean)).toEqual([...DISPATCH_SECTIONS]);
    const penalty = table.flatMap((row) => [row.slice(1, 4), row.slice(4, 7)]).find((cells) => cells[1] === '行政处罚(次, 万元)')!;
    expect(penalty[2]).toBe(`${fields['administrativePenalties']}次，1.5万元`);
    const cases = table.flatMap((row) => [row.slice(1, 4), row.slice(4, 7)]).find((cells) => cells[1]!.startsWith('公布典型执法案例'))!;
    expect(cases[2]).toBe(`${fields['typicalCasesPublished']}个，其中危险作业罪案例${fields['dangerousOperationCrimeCases']}个`);
    expect(table.flatMap((row) => [row.slice(1, 4), row.slice(4, 7)]).find((cells) => cells[1] === '是否在主流媒体设置安全生产专题栏目')![2]).toBe('是');
    const tail = rows.slice(22).map((row) => row[0]);
    expect(tail[0]).toBe('填报人：李渡镇安监办 王某');
    expect(tail[1]).toBe('注：1. 调度表于每月 23 日前报送县安委办，遇节假日顺延；统计专项整治开展以来的累计数据。');
    expect(tail[2]).toMatch(/^2\. 调度表内容应围绕专项排查整治工作.*未纳入本企业统一管理。$/);
    expect(tail[3]).toBe('3. 重点企业帮扶指导：指非执法检查性质的对重点企业安全生产技术或管理层面进行提升改进。');
  });

  it('prints the same table as HTML, 文号 included, and leaves the 文号 block out when none was entered', () => {
    const html = renderSheetHtml(sheet);
    expect(html).toContain('<p class="document-number">文号：李府字〔2026〕8号</p>');
    expect(html).toContain('<p class="unit">（李渡镇）</p>');
    expect(html).toContain('<p class="time">时间：2026年2月24日</p>');
    expect(html.match(/<tr>/g)).toHaveLength(16);
    expect(html.match(/<th scope="rowgroup" rowspan="(\d)">/g)).toEqual([
      '<th scope="rowgroup" rowspan="3">',
      '<th scope="rowgroup" rowspan="4">',
      '<th scope="rowgroup" rowspan="5">',
      '<th scope="rowgroup" rowspan="4">',
    ]);
    expect(html).toContain('注：1. 调度表于每月 23 日前报送县安委办');
    const plain = renderSheetHtml({ ...sheet, documentNumber: undefined, campaignDocumentNumber: undefined } as DispatchSheet);
    expect(plain).not.toContain('document-number">');
    expect(renderSheetCsv({ ...sheet, draft: true })).toContain('进展情况调度表（草稿）');
  });
});

describe('entries and the consolidated table', () => {
  it('takes the ledger numbers, and the unit entries for the items the ledger cannot know only', () => {
    const ledger = Object.fromEntries(SHEET_KEYS.map((key) => [key, MANUAL_FIELD_KEYS.includes(key) ? null : 7]));
    const entries = Object.fromEntries(SHEET_KEYS.map((key) => [key, 1]));
    const merged = mergeEntries(ledger, entries);
    expect(merged['selfFoundMajorHazards']).toBe(7);
    expect(merged['principalNotStudying']).toBe(1);
  });

  it('adds up the units, with 是 when any unit reports 是', () => {
    const a = { selfFoundMajorHazards: 2, reportRewardsWanYuan: 0.1, mediaSafetyColumn: false, noEmergencyDrill: null };
    const b = { selfFoundMajorHazards: 1, reportRewardsWanYuan: 0.2, mediaSafetyColumn: true, noEmergencyDrill: null };
    const total = consolidateFields([a, b]);
    expect(total).toMatchObject({ selfFoundMajorHazards: 3, reportRewardsWanYuan: 0.3, mediaSafetyColumn: true, noEmergencyDrill: null });
    expect(Object.keys(total)).toEqual([...SHEET_KEYS]);
  });
});
