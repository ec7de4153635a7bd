/**
 * Reading and saving files under processes/ with optimistic concurrency: a
 * file's etag is the SHA-256 of its content; a save names the etag it edited
 * and is refused with 409 when the file has changed since, so two owners
 * never overwrite each other silently. Saves of one file run one at a time;
 * every save is recorded in the history before the file is replaced
 * (written to a temporary file and renamed, so readers never see half a file).
 */
import { readFile, rename, stat, writeFile } from 'node:fs/promises';
import { sha256Hex } from '../../../deploy/deploy-records.ts';
import type { ModelerUser } from '../auth/users.ts';
import { HttpError } from '../errors.ts';
import type { HistoryEntry, HistoryStore } from '../history/store.ts';
import type { ResourcePath } from './resource-path.ts';

export interface StoredFile {
  readonly content: string;
  readonly etag: string;
  readonly sizeBytes: number;
  readonly modifiedAt: string;
}

export interface SaveRequest {
  readonly content: string;
  /** Etag of the version the client edited; null to create a file that does not exist yet. */
  readonly baseEtag: string | null;
  readonly author: ModelerUser;
  readonly comment: string;
  readonly restoredFrom?: number;
}

export interface SaveResult {
  readonly etag: string;
  /** False when the content equalled the file already (nothing written). */
  readonly changed: boolean;
  readonly version?: HistoryEntry;
}

export async function readStoredFile(resource: ResourcePath): Promise<StoredFile | undefined> {
  try {
    const [content, info] = await Promise.all([readFile(resource.absolute, 'utf8'), stat(resource.absolute)]);
    return { content, etag: sha256Hex(content), sizeBytes: info.size, modifiedAt: info.mtime.toISOString() };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

export function notFound(resource: ResourcePath): HttpError {
  return new HttpError(404, 'file-not-found', `文件不存在：${resource.relative}`, `no such file: ${resource.relative}`);
}

export class FileStore {
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(
    private readonly history: HistoryStore,
    private readonly now: () => Date,
  ) {}

  /** Runs `task` after every earlier task for the same file. */
  private serialised<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(key) ?? Promise.resolve();
    const next = previous.then(task, task);
    const settled = next.catch(() => undefined);
    this.queues.set(key, settled);
    void settled.then(() => {
      if (this.queues.get(key) === settled) this.queues.delete(key);
    });
    return next;
  }

  save(resource: ResourcePath, request: SaveRequest): Promise<SaveResult> {
    return this.serialised(resource.absolute, async () => {
      const current = await readStoredFile(resource);
      const currentEtag = current?.etag ?? null;
      if (request.baseEtag !== currentEtag) {
        const latest = await this.history.latest(resource);
        throw stale(resource, request.baseEtag, currentEtag, latest);
      }
      if (current && current.content === request.content) {
        return { etag: current.etag, changed: false };
      }
      const now = this.now();
      if (current) await this.history.keepOnDisk(resource, current.content, now);
      const version = await this.history.append(resource, request.content, {
        savedAt: now,
        comment: request.comment,
        source: 'modeler',
        author: request.author,
        ...(request.restoredFrom !== undefined ? { restoredFrom: request.restoredFrom } : {}),
      });
      const temporary = `${resource.absolute}.${process.pid}.${now.getTime()}.saving`;
      await writeFile(temporary, request.content, { encoding: 'utf8', flag: 'wx' });
      await rename(temporary, resource.absolute);
      return { etag: version.sha256, changed: true, version };
    });
  }
}

function stale(resource: ResourcePath, baseEtag: string | null, currentEtag: string | null, latest: HistoryEntry | undefined): HttpError {
  if (currentEtag === null) {
    return new HttpError(409, 'file-missing', `${resource.relative} 已不存在（可能已被删除或改名）`, `${resource.relative} no longer exists (deleted or renamed)`, {
      currentEtag,
    });
  }
  if (baseEtag === null) {
    return new HttpError(409, 'file-exists', `${resource.relative} 已存在，请先打开它再保存`, `${resource.relative} already exists; open it before saving`, { currentEtag });
  }
  const by = latest?.sha256 === currentEtag && latest.author ? latest.author : undefined;
  const who = by ? `${by.displayName}（${by.username}）于 ${latest?.savedAt}` : '其他方式';
  const whoEn = by ? `${by.username} at ${latest?.savedAt}` : 'other means';
  return new HttpError(
    409,
    'stale-version',
    `保存被拒绝：${resource.relative} 在您打开后已被修改（${who}）。请重新加载最新版本，再合并您的修改`,
    `save refused: ${resource.relative} was changed after you opened it (by ${whoEn}); reload the latest version and apply your changes again`,
    { currentEtag, ...(by ? { lastSavedBy: by, lastSavedAt: latest?.savedAt } : {}) },
  );
}
