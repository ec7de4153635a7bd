/**
 * The local user file: who may log in to the modeler UI, with bcrypt password
 * hashes and the groups they belong to (candidate group ids of
 * workers/contract.ts; `anwei-ban` owns the procedures and may deploy).
 *
 * {
 *   "users": [
 *     { "username": "anwei-ban", "displayName": "安委办", "passwordHash": "$2b$10$…", "groups": ["anwei-ban"] }
 *   ]
 * }
 */
import { readFile } from 'node:fs/promises';
import { compare } from 'bcryptjs';

export interface UserRecord {
  readonly username: string;
  readonly displayName: string;
  /** bcrypt hash ($2a$/$2b$/$2y$). */
  readonly passwordHash: string;
  readonly groups: readonly string[];
}

/** The person behind a request, however they logged in. */
export interface ModelerUser {
  readonly username: string;
  readonly displayName: string;
  readonly groups: readonly string[];
}

/** A user file that cannot be used; the server does not start with it. */
export class UsersFileError extends Error {
  constructor(file: string, problem: string) {
    super(`用户文件无效 / invalid user file ${file}: ${problem}`);
    this.name = 'UsersFileError';
  }
}

const USERNAME = /^[A-Za-z0-9._@-]{1,64}$/;
const BCRYPT_HASH = /^\$2[aby]\$\d{2}\$[./A-Za-z0-9]{53}$/;

export function parseUsers(file: string, text: string): UserRecord[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new UsersFileError(file, `不是合法 JSON / not valid JSON: ${(error as Error).message}`);
  }
  const users = (data as { users?: unknown } | null)?.users;
  if (!Array.isArray(users)) throw new UsersFileError(file, '缺少 "users" 数组 / no "users" array');
  const seen = new Set<string>();
  return users.map((entry: unknown, index): UserRecord => {
    const record = (entry ?? {}) as Record<string, unknown>;
    const where = `users[${index}]`;
    const { username, displayName, passwordHash, groups } = record;
    if (typeof username !== 'string' || !USERNAME.test(username)) {
      throw new UsersFileError(file, `${where}.username 应为 1–64 个字母、数字或 ._@- / must be 1–64 letters, digits or ._@-`);
    }
    if (seen.has(username)) throw new UsersFileError(file, `${where}: 用户名 "${username}" 重复 / duplicate username "${username}"`);
    seen.add(username);
    if (typeof passwordHash !== 'string' || !BCRYPT_HASH.test(passwordHash)) {
      throw new UsersFileError(file, `${where}.passwordHash 应为 bcrypt 哈希 / must be a bcrypt hash`);
    }
    if (!Array.isArray(groups) || !groups.every((group) => typeof group === 'string' && group.length > 0)) {
      throw new UsersFileError(file, `${where}.groups 应为字符串数组 / must be an array of strings`);
    }
    return {
      username,
      displayName: typeof displayName === 'string' && displayName.trim() ? displayName.trim() : username,
      passwordHash,
      groups: [...groups] as string[],
    };
  });
}

export async function loadUsersFile(file: string): Promise<UserRecord[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new UsersFileError(file, `无法读取 / cannot be read: ${(error as Error).message}`);
  }
  return parseUsers(file, text);
}

// Compared against when the username is unknown, so a wrong name takes as long as a wrong password.
const UNKNOWN_USER_HASH = '$2b$10$Plz1Q8Zlcf5pDAgRgTWfPe0WxKVxOa6jh2u8OwU34aegIz6qTYtcC';

/** The user when the password matches, otherwise undefined. */
export async function verifyPassword(users: readonly UserRecord[], username: string, password: string): Promise<ModelerUser | undefined> {
  const record = users.find((user) => user.username === username);
  const matches = await compare(password, record?.passwordHash ?? UNKNOWN_USER_HASH);
  if (!record || !matches) return undefined;
  return { username: record.username, displayName: record.displayName, groups: record.groups };
}
