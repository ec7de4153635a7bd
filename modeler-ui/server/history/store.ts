/**
 * Every version of every file saved through the modeler UI, outside git:
 * `<historyDir>/<path below processes/>/<n>.meta.json` (who, when, comment,
 * hash) and `<n>.content` (the file as saved). Versions are numbered from 1
 * per file. Before the first save through the UI, and whenever the file was
 * changed by other means since, the content found on disk is kept as a
 * version of its own, so whatever a save replaces can be restored.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { sha256Hex } from '../../../deploy/deploy-records.ts';
import type { ModelerUser } from '../auth/users.ts';
import { HttpError } from '../errors.ts';
import type { ResourcePath } from '../files/resource-path.ts';

export interface HistoryEntry {
  readonly version: number;
  readonly sha256: string;
  readonly sizeBytes: number;
  /** ISO 8601 timestamp. */
  readonly savedAt: string;
  /** Absent for content found on disk (written by git, an editor or the CLI). */
  readonly author?: { readonly username: string; readonly displayName: string };
  readonly comment: string;
  /** modeler: saved through the UI; on-disk: what the file held before a save replaced it. */
  readonly source: 'modeler' | 'on-disk';
  /** The version this one restored, when it was a restore. */
  readonly restoredFrom?: number;
}

const META_SUFFIX = '.meta.json';
const CONTENT_SUFFIX = '.content';

function versionName(version: number): string {
  return String(version).padStart(6, '0');
}

export class HistoryStore {
  constructor(private readonly historyDir: string) {}

  private folder(resource: ResourcePath): string {
    return path.join(this.historyDir, ...resource.relative.split('/'));
  }

  /** All versions, newest first. */
  async list(resource: ResourcePath): Promise<HistoryEntry[]> {
    let names: string[];
    try {
      names = await readdir(this.folder(resource));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const entries = await Promise.all(
      names
        .filter((name) => name.endsWith(META_SUFFIX))
        .map(async (name) => JSON.parse(await readFile(path.join(this.folder(resource), name), 'utf8')) as HistoryEntry),
    );
    return entries.sort((a, b) => b.version - a.version);
  }

  async latest(resource: ResourcePath): Promise<HistoryEntry | undefined> {
    return (await this.list(resource))[0];
  }

  async get(resource: ResourcePath, version: number): Promise<{ entry: HistoryEntry; content: string }> {
    const base = path.join(this.folder(resource), versionName(version));
    try {
      const entry = JSON.parse(await readFile(`${base}${META_SUFFIX}`, 'utf8')) as HistoryEntry;
      const content = await readFile(`${base}${CONTENT_SUFFIX}`, 'utf8');
      return { entry, content };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      throw new HttpError(404, 'version-not-found', `${resource.relative} 没有第 ${version} 版`, `${resource.relative} has no version ${version}`);
    }
  }

  /** Keeps the content a save is about to replace, unless the newest version already is that content. */
  async keepOnDisk(resource: ResourcePath, current: string, now: Date): Promise<HistoryEntry | undefined> {
    const latest = await this.latest(resource);
    if (latest?.sha256 === sha256Hex(current)) return undefined;
    return this.append(resource, current, {
      savedAt: now,
      comment: '保存前磁盘上的版本（由其他方式写入）/ the file as found on disk before a save (written by other means)',
      source: 'on-disk',
    });
  }

  async append(
    resource: ResourcePath,
    content: string,
    what: { savedAt: Date; comment: string; source: HistoryEntry['source']; author?: ModelerUser; restoredFrom?: number },
  ): Promise<HistoryEntry> {
    const folder = this.folder(resource);
    await mkdir(folder, { recursive: true });
    const version = ((await this.latest(resource))?.version ?? 0) + 1;
    const entry: HistoryEntry = {
      version,
      sha256: sha256Hex(content),
      sizeBytes: Buffer.byteLength(content, 'utf8'),
      savedAt: what.savedAt.toISOString(),
      ...(what.author ? { author: { username: what.author.username, displayName: what.author.displayName } } : {}),
      comment: what.comment,
      source: what.source,
      ...(what.restoredFrom !== undefined ? { restoredFrom: what.restoredFrom } : {}),
    };
    const base = path.join(folder, versionName(version));
    // flag 'wx': two writers never claim the same number silently.
    await writeFile(`${base}${CONTENT_SUFFIX}`, content, { encoding: 'utf8', flag: 'wx' });
    await writeFile(`${base}${META_SUFFIX}`, `${JSON.stringify(entry, null, 2)}\n`, { encoding: 'utf8', flag: 'wx' });
    return entry;
  }
}
