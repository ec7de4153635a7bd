/**
 * The folder the monthly 调度表 go to: <directory>/<campaignId>/<YYYY-MM>/<sheet>.csv
 * and .html. A file is replaced through a temporary file and a rename, so a
 * reader never sees half a table, and left untouched when its content is
 * already what would be written, so a retried job changes nothing.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Campaign ids become folder names: letters, digits, dot, dash, underscore; no path tricks. */
export const CAMPAIGN_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+)*$/;
export const MAX_CAMPAIGN_ID_LENGTH = 100;

export function isCampaignId(value: string): boolean {
  return value.length <= MAX_CAMPAIGN_ID_LENGTH && CAMPAIGN_ID_PATTERN.test(value);
}

/**
 * Reporting unit ids become part of a file name (unit-<id>.csv) and may be an organ's name, as special-inspection
 * writes them (进贤县应急管理局): any text without a path separator, a control character or a character Windows
 * refuses in a file name, not starting with a dot or a space. 60 characters keep unit-<id>-draft.html under the
 * 255 bytes of a file name even in UTF-8 Chinese.
 */
export const REPORTING_UNIT_ID_PATTERN = /^[^\s./\\<>:"|?*\p{Cc}][^/\\<>:"|?*\p{Cc}]*$/u;
export const MAX_REPORTING_UNIT_ID_LENGTH = 60;

export function isReportingUnitId(value: string): boolean {
  return value.length <= MAX_REPORTING_UNIT_ID_LENGTH && value.trim() === value && REPORTING_UNIT_ID_PATTERN.test(value);
}

/** A sheet's file name without its ending: `consolidated`, `unit-<reporting unit id>`, each maybe with `-draft`. */
function isSheetName(value: string): boolean {
  return value === 'consolidated' || value === 'consolidated-draft' || (value.startsWith('unit-') && isReportingUnitId(value.slice('unit-'.length).replace(/-draft$/, '')));
}

export interface WrittenReport {
  readonly csvPath: string;
  readonly htmlPath: string;
  /** False when both files already held exactly this content. */
  readonly changed: boolean;
}

async function writeIfDifferent(file: string, content: string): Promise<boolean> {
  const existing = await readFile(file, 'utf8').catch(() => undefined);
  if (existing === content) return false;
  const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(temporary, content, 'utf8');
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  return true;
}

export class ReportFolder {
  readonly directory: string;

  constructor(directory: string) {
    this.directory = directory;
  }

  /**
   * The tables of campaign-dispatch: <directory>/<campaignId>/<YYYY-MM>/<sheet>.csv and .html, one sheet per
   * reporting unit (`unit-<id>`) and the consolidated one (`consolidated`).
   */
  sheetPathsOf(campaignId: string, month: string, sheet: string): { readonly csvPath: string; readonly htmlPath: string } {
    if (!isCampaignId(campaignId)) {
      throw new RangeError(`专项整治编号不能用作文件夹名 / campaign id is not usable as a folder name: ${JSON.stringify(campaignId)}`);
    }
    if (!/^\d{4}-\d{2}$/.test(month)) {
      throw new RangeError(`月份应为 YYYY-MM / month must be YYYY-MM, got ${JSON.stringify(month)}`);
    }
    if (!isSheetName(sheet)) {
      throw new RangeError(`调度表名称不能用作文件名 / sheet name is not usable as a file name: ${JSON.stringify(sheet)}`);
    }
    const folder = path.join(this.directory, campaignId, month);
    return { csvPath: path.join(folder, `${sheet}.csv`), htmlPath: path.join(folder, `${sheet}.html`) };
  }

  async writeDispatchSheet(campaignId: string, month: string, sheet: string, content: { readonly csv: string; readonly html: string }): Promise<WrittenReport> {
    const { csvPath, htmlPath } = this.sheetPathsOf(campaignId, month, sheet);
    await mkdir(path.dirname(csvPath), { recursive: true });
    const csvChanged = await writeIfDifferent(csvPath, content.csv);
    const htmlChanged = await writeIfDifferent(htmlPath, content.html);
    return { csvPath, htmlPath, changed: csvChanged || htmlChanged };
  }
}
