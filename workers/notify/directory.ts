/**
 * The recipient directory (收件人名录, processes/directory.json): who a
 * directory id stands for and how to reach them. Diagrams name recipients by
 * id only, so a changed address is an edit of this file, not a redeployment.
 *
 * The file is validated as a whole when the workers start: an operator sees
 * every broken entry at once instead of one incident per notice.
 */
import { readFile } from 'node:fs/promises';
import { CandidateGroup, Receiver } from '../contract.ts';

export interface RecipientChannels {
  /** Addresses that receive the notice as e-mail; may be empty when a webhook is given. */
  readonly email: readonly string[];
  /** http(s) URL that receives the notice as JSON. */
  readonly webhook?: string;
}

export interface Recipient {
  readonly id: string;
  /** Chinese name, used as 主送/抄送 in the notice and as the e-mail display name. */
  readonly name: string;
  readonly channels: RecipientChannels;
}

/** Ids every directory must define: the contract's receivers and candidate groups. */
export const REQUIRED_RECIPIENT_IDS: readonly string[] = [...Object.values(Receiver), ...Object.values(CandidateGroup)];

/** Lower-case words joined by hyphens, like the contract's ids; they also become mailbox folder names. */
const RECIPIENT_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;
/** Deliberately plain: the SMTP server is the judge of deliverability, this only catches typos. */
const EMAIL_ADDRESS = /^[^\s@<>",;]+@[^\s@<>",;]+\.[^\s@<>",;]+$/;

export class DirectoryError extends Error {
  readonly problems: readonly string[];

  constructor(source: string, problems: readonly string[]) {
    super(`收件人名录 ${source} 无效 / recipient directory ${source} is invalid:\n  - ${problems.join('\n  - ')}`);
    this.name = 'DirectoryError';
    this.problems = problems;
  }
}

export class Directory {
  readonly #recipients: ReadonlyMap<string, Recipient>;

  constructor(recipients: readonly Recipient[]) {
    this.#recipients = new Map(recipients.map((recipient) => [recipient.id, recipient]));
  }

  get ids(): readonly string[] {
    return [...this.#recipients.keys()];
  }

  get(id: string): Recipient | undefined {
    return this.#recipients.get(id);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

function parseEntry(id: string, entry: unknown, problems: string[]): Recipient | undefined {
  const where = `收件人 / recipient "${id}"`;
  const before = problems.length;
  if (!RECIPIENT_ID.test(id)) {
    problems.push(`${where}: 编号只能由小写字母、数字和连字符组成 / the id may contain only lower-case letters, digits and hyphens`);
  }
  if (!isRecord(entry)) {
    problems.push(`${where}: 应为含 name 和 channels 的对象 / must be an object with name and channels`);
    return undefined;
  }
  const name = typeof entry['name'] === 'string' ? entry['name'].trim() : '';
  if (name === '') {
    problems.push(`${where}: 缺少中文名称 name / name (the Chinese name) is missing`);
  }
  const channels = entry['channels'];
  if (!isRecord(channels)) {
    problems.push(`${where}: 缺少 channels 对象 / channels must be an object`);
    return undefined;
  }
  for (const key of Object.keys(channels)) {
    if (key !== 'email' && key !== 'webhook') {
      problems.push(`${where}: 未知渠道 "${key}"，可用 email、webhook / unknown channel "${key}"; use email or webhook`);
    }
  }
  const rawEmail = channels['email'] ?? [];
  const email: string[] = [];
  if (!Array.isArray(rawEmail)) {
    problems.push(`${where}: channels.email 应为邮箱地址数组 / channels.email must be an array of e-mail addresses`);
  } else {
    for (const address of rawEmail) {
      if (typeof address === 'string' && EMAIL_ADDRESS.test(address.trim())) {
        email.push(address.trim());
      } else {
        problems.push(`${where}: channels.email 中的 ${JSON.stringify(address)} 不是邮箱地址 / ${JSON.stringify(address)} in channels.email is not an e-mail address`);
      }
    }
  }
  const webhook = channels['webhook'];
  if (webhook !== undefined && (typeof webhook !== 'string' || !isHttpUrl(webhook))) {
    problems.push(`${where}: channels.webhook 应为 http(s) 地址 / channels.webhook must be an http(s) URL (got ${JSON.stringify(webhook)})`);
  }
  if (Array.isArray(rawEmail) && rawEmail.length === 0 && webhook === undefined) {
    problems.push(`${where}: 至少需要一个邮箱或 webhook / needs at least one e-mail address or a webhook`);
  }
  if (problems.length > before) return undefined;
  return { id, name, channels: { email, ...(typeof webhook === 'string' ? { webhook } : {}) } };
}

/** Validates parsed JSON; `source` names the file in messages. */
export function parseDirectory(data: unknown, source = 'directory'): Directory {
  const problems: string[] = [];
  const entries = isRecord(data) ? data['recipients'] : undefined;
  if (!isRecord(entries)) {
    throw new DirectoryError(source, ['顶层应为 { "recipients": { 编号: 条目 } } / the top level must be { "recipients": { id: entry } }']);
  }
  const recipients: Recipient[] = [];
  for (const [id, entry] of Object.entries(entries)) {
    const recipient = parseEntry(id, entry, problems);
    if (recipient) recipients.push(recipient);
  }
  for (const id of REQUIRED_RECIPIENT_IDS) {
    if (!(id in entries)) {
      problems.push(`缺少收件人 "${id}"（流程引用该编号）/ recipient "${id}" is missing (the processes refer to it)`);
    }
  }
  if (problems.length > 0) throw new DirectoryError(source, problems);
  return new Directory(recipients);
}

export async function loadDirectory(file: string): Promise<Directory> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new DirectoryError(file, [`无法读取文件 / cannot read the file: ${error instanceof Error ? error.message : String(error)}`]);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new DirectoryError(file, [`不是合法的 JSON / not valid JSON: ${error instanceof Error ? error.message : String(error)}`]);
  }
  return parseDirectory(data, file);
}
