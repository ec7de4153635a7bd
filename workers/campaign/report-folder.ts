/**
 * The folder the monthly 调度表 go to: <directory>/<campaignId>/<YYYY-MM>.csv
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

  pathsOf(campaignId: string, month: string): { readonly csvPath: string; readonly htmlPath: string } {
    if (!isCampaignId(campaignId)) {
      throw new RangeError(`专项整治编号不能用作文件夹名 / campaign id is not usable as a folder name: ${JSON.stringify(campaignId)}`);
    }
    if (!/^\d{4}-\d{2}$/.test(month)) {
      throw new RangeError(`月份应为 YYYY-MM / month must be YYYY-MM, got ${JSON.stringify(month)}`);
    }
    const folder = path.join(this.directory, campaignId);
    return { csvPath: path.join(folder, `${month}.csv`), htmlPath: path.join(folder, `${month}.html`) };
  }

  /**
   * The tables of campaign-dispatch: <directory>/<campaignId>/<YYYY-MM>/<sheet>.csv and .html, one sheet per
   * reporting unit (`unit-<id>`) and the consolidated one (`consolidated`).
   */
  sheetPathsOf(campaignId: string, month: string, sheet: string): { readonly csvPath: string; readonly htmlPath: string } {
    const { csvPath } = this.pathsOf(campaignId, month);
    if (!isCampaignId(sheet)) {
      throw new RangeError(`调度表名称不能用作文件名 / sheet name is not usable as a file name: ${JSON.stringify(sheet)}`);
    }
    const folder = csvPath.replace(/\.csv$/, '');
    return { csvPath: path.join(folder, `${sheet}.csv`), htmlPath: path.join(folder, `${sheet}.html`) };
  }

  async writeDispatchSheet(campaignId: string, month: string, sheet: string, content: { readonly csv: string; readonly html: string }): Promise<WrittenReport> {
    const { csvPath, htmlPath } = this.sheetPathsOf(campaignId, month, sheet);
    await mkdir(path.dirname(csvPath), { recursive: true });
    const csvChanged = await writeIfDifferent(csvPath, content.csv);
    const htmlChanged = await writeIfDifferent(htmlPath, content.html);
    return { csvPath, htmlPath, changed: csvChanged || htmlChanged };
  }

  async writeDispatchReport(campaignId: string, month: string, content: { readonly csv: string; readonly html: string }): Promise<WrittenReport> {
    const { csvPath, htmlPath } = this.pathsOf(campaignId, month);
    await mkdir(path.dirname(csvPath), { recursive: true });
    const csvChanged = await writeIfDifferent(csvPath, content.csv);
    const htmlChanged = await writeIfDifferent(htmlPath, content.html);
    return { csvPath, htmlPath, changed: csvChanged || htmlChanged };
  }
}
