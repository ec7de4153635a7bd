/**
 * The recipient directory (收件人名录, processes/directory.json): who a
 * directory id stands for and how to reach them. Diagrams name recipients by
 * id only, so a changed address is an edit of this file, not a redeployment.
 *
 * The file is validated as a whole when the workers start: an operator sees
 * every broken entry at once instead of one incident per notice.
 */
import { readFile } from 'node:fs/promises';
import { CandidateGroup, JurisdictionId, Receiver } from '../contract.ts';
import { ENFORCEMENT_DOCUMENT_KINDS, ENFORCING_ORGANS, type EnforcementDocumentKind, type EnforcingOrgan, TRANSFERRING_ORGANS, type TransferringOrgan } from '../transfer/organs.ts';

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

/**
 * 干部管理权限 (cadre-management authority): who manages a cadre, and so which
 * 纪检监察机关 handles a clue about them (001 四（六）“按照干部管理权限调查处理”;
 * 002 三（三）5“依据干部管理权限和职责分工”).
 */
export const CADRE_LEVELS = ['provincial', 'municipal', 'county'] as const;
export type CadreLevel = (typeof CADRE_LEVELS)[number];

export const CADRE_LEVEL_NAMES: Readonly<Record<CadreLevel, string>> = {
  provincial: '省管干部',
  municipal: '市管干部',
  county: '县管干部',
};

/** A cadre named in a 责任追究 clue. */
export interface Cadre {
  readonly name: string;
  /** 职务, e.g. 县应急管理局局长. */
  readonly post: string;
  readonly level: CadreLevel;
  /** 所在单位. */
  readonly unit: string;
  /** 所在市、县（区）, where the directory resolves the body per region. */
  readonly region?: string;
}

/** One level's competent body: a recipient, or one per region with an optional fallback. */
export type CompetentBody =
  | { readonly recipientId: string }
  | { readonly regions: Readonly<Record<string, string>>; readonly defaultRecipientId?: string };

export interface ReceiverAuthority {
  /** Where a transfer naming no cadre goes (the jurisdiction's own 同级 body, 000 第十条). */
  readonly defaultRecipientId?: string;
  readonly levels: Readonly<Partial<Record<CadreLevel, CompetentBody>>>;
}

/** A jurisdiction's section of the directory: 文号 prefixes, its bodies' full names, competent bodies. */
export interface JurisdictionTransferConfig {
  readonly id: JurisdictionId;
  readonly letterPrefixes: Readonly<Record<TransferringOrgan, string>>;
  /** 机关代字 of the 依法处理 documents (一案双罚决定书、提请关闭函、移送书) by deciding organ and document kind. */
  readonly enforcementPrefixes: Readonly<Partial<Record<EnforcingOrgan, Readonly<Partial<Record<EnforcementDocumentKind, string>>>>>>;
  /**
   * Full names in this jurisdiction, by recipient id (e.g. dangwei-zhengfu → 中共盐城市委、盐城市人民政府):
   * the 发文机关 of a 移交函 and the 主送/抄送 of a notice, where the directory's name is only the role's.
   */
  readonly organs: Readonly<Record<string, string>>;
  readonly cadreAuthority: Readonly<Partial<Record<Receiver, ReceiverAuthority>>>;
}

export class Directory {
  readonly #recipients: ReadonlyMap<string, Recipient>;
  readonly #jurisdictions: ReadonlyMap<string, JurisdictionTransferConfig>;

  constructor(recipients: readonly Recipient[], jurisdictions: readonly JurisdictionTransferConfig[] = []) {
    this.#recipients = new Map(recipients.map((recipient) => [recipient.id, recipient]));
    this.#jurisdictions = new Map(jurisdictions.map((jurisdiction) => [jurisdiction.id, jurisdiction]));
  }

  get ids(): readonly string[] {
    return [...this.#recipients.keys()];
  }

  get(id: string): Recipient | undefined {
    return this.#recipients.get(id);
  }

  /** The clue-transfer section of a jurisdiction (`jurisdictions.<id>`), if the file has one. */
  jurisdiction(id: string): JurisdictionTransferConfig | undefined {
    return this.#jurisdictions.get(id);
  }

  /** The name a notice prints for a recipient: the body's full name in the jurisdiction, else the directory's. */
  nameIn(jurisdiction: string | undefined, recipient: Recipient): string {
    return (jurisdiction === undefined ? undefined : this.#jurisdictions.get(jurisdiction)?.organs[recipient.id]) ?? recipient.name;
  }
}

/** The directory cannot address a transfer: names what to add to processes/directory.json or to the call. */
export class TransferRoutingError extends Error {
  /** True when the process passed something no directory can serve (retrying does not help). */
  readonly badInput: boolean;

  constructor(message: string, badInput: boolean) {
    super(message);
    this.name = 'TransferRoutingError';
    this.badInput = badInput;
  }
}

export interface TransferRouting {
  readonly recipient: Recipient;
  /** The highest level among the cadres, when cadres decided the body. */
  readonly level?: CadreLevel;
  /** Why this body, for the letter's file and the log, e.g. 按干部管理权限（市管干部 王某）. */
  readonly reason: string;
}

const LEVEL_RANK: Readonly<Record<CadreLevel, number>> = { provincial: 3, municipal: 2, county: 1 };

function bodyFor(body: CompetentBody, cadre: Cadre): string | undefined {
  if ('recipientId' in body) return body.recipientId;
  const region = cadre.region?.trim();
  return (region ? body.regions[region] : undefined) ?? body.defaultRecipientId;
}

/**
 * The recipient of a 移交函: for a receiver with a cadre-management section in
 * the jurisdiction, the body competent for the highest-ranking cadre named
 * (就高: a higher 纪检监察机关 may handle what a lower one manages, not the
 * reverse), or its default when no cadre is named; for every other receiver,
 * the recipient of that id.
 */
export function resolveTransferRecipient(
  directory: Directory,
  request: { readonly jurisdiction: string; readonly receiver: Receiver; readonly cadres?: readonly Cadre[] },
): TransferRouting {
  const { jurisdiction, receiver } = request;
  const cadres = request.cadres ?? [];
  const config = directory.jurisdiction(jurisdiction);
  const authority = config?.cadreAuthority[receiver];
  const recipientOf = (id: string, reason: string, level?: CadreLevel): TransferRouting => {
    const recipient = directory.get(id);
    if (!recipient) {
      throw new TransferRoutingError(
        `收件人名录中没有 ${id}，请补充 processes/directory.json / recipient ${id} is not in the recipient directory; add it to processes/directory.json`,
        false,
      );
    }
    return { recipient, reason, ...(level ? { level } : {}) };
  };
  if (cadres.length > 0 && !authority) {
    if (config === undefined) {
      throw new TransferRoutingError(
        `收件人名录没有辖区 ${jurisdiction} 的移交配置（jurisdictions.${jurisdiction}），无法按干部管理权限确定接收机关 / ` +
          `the recipient directory has no jurisdictions.${jurisdiction} section, so the body competent for the cadres cannot be resolved`,
        false,
      );
    }
    throw new TransferRoutingError(
      `辖区 ${jurisdiction} 未配置 ${receiver} 的干部管理权限（jurisdictions.${jurisdiction}.cadreAuthority.${receiver}），点名干部的线索无法确定接收机关 / ` +
        `jurisdictions.${jurisdiction}.cadreAuthority.${receiver} is missing; a clue naming cadres cannot be addressed`,
      false,
    );
  }
  if (!authority) return recipientOf(receiver, '按移交对象');
  if (cadres.length === 0) {
    return recipientOf(authority.defaultRecipientId ?? receiver, '未点名干部，移交同级机关');
  }
  const highest = cadres.reduce((top, cadre) => (LEVEL_RANK[cadre.level] > LEVEL_RANK[top.level] ? cadre : top));
  const body = authority.levels[highest.level];
  if (!body) {
    throw new TransferRoutingError(
      `辖区 ${jurisdiction} 未配置${CADRE_LEVEL_NAMES[highest.level]}（${highest.level}）的接收机关，请在 jurisdictions.${jurisdiction}.cadreAuthority.${receiver}.${highest.level} 中补充 / ` +
        `no competent body for ${highest.level} cadres in jurisdictions.${jurisdiction}.cadreAuthority.${receiver}.${highest.level}`,
      false,
    );
  }
  const id = bodyFor(body, highest);
  if (id === undefined) {
    const known = 'regions' in body ? Object.keys(body.regions).join('、') : '';
    throw new TransferRoutingError(
      highest.region
        ? `${CADRE_LEVEL_NAMES[highest.level]} ${highest.name} 所在地区“${highest.region}”没有配置接收机关（已配置：${known}） / ` +
            `no competent body for region "${highest.region}" of ${highest.level} cadre ${highest.name} (configured: ${known})`
        : `${CADRE_LEVEL_NAMES[highest.level]} ${highest.name} 须注明所在地区 region（可选：${known}） / ` +
            `${highest.level} cadre ${highest.name} needs a region to find the competent body (one of: ${known})`,
      true,
    );
  }
  return recipientOf(id, `按干部管理权限（${CADRE_LEVEL_NAMES[highest.level]} ${highest.name}）`, highest.level);
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

const JURISDICTION_IDS: readonly string[] = Object.values(JurisdictionId);
const RECEIVER_IDS: readonly string[] = Object.values(Receiver);
/** A 机关代字 such as 盐安巡移: Han characters, a few letters or digits at most, never the 〔〕 of the 文号. */
const LETTER_PREFIX = /^[\p{Script=Han}A-Za-z0-9]{1,12}$/u;

function parseCompetentBody(where: string, value: unknown, recipientIds: ReadonlySet<string>, problems: string[]): CompetentBody | undefined {
  const known = (id: unknown, at: string): id is string => {
    if (typeof id === 'string' && recipientIds.has(id)) return true;
    problems.push(`${at}: ${JSON.stringify(id)} 不是名录中的收件人编号 / ${JSON.stringify(id)} is not a recipient id of the directory`);
    return false;
  };
  if (typeof value === 'string') return known(value, where) ? { recipientId: value } : undefined;
  if (!isRecord(value) || !isRecord(value['regions'])) {
    problems.push(`${where}: 应为收件人编号或 { "regions": { 地区: 编号 }, "default"?: 编号 } / must be a recipient id or { "regions": { region: id }, "default"?: id }`);
    return undefined;
  }
  const regions: Record<string, string> = {};
  for (const [region, id] of Object.entries(value['regions'])) {
    if (known(id, `${where}.regions.${region}`)) regions[region] = id;
  }
  const fallback = value['default'];
  if (fallback !== undefined && !known(fallback, `${where}.default`)) return undefined;
  return { regions, ...(typeof fallback === 'string' ? { defaultRecipientId: fallback } : {}) };
}

function parseJurisdictions(value: unknown, recipientIds: ReadonlySet<string>, problems: string[]): JurisdictionTransferConfig[] {
  if (value === undefined) return [];
  if (!isRecord(value)) {
    problems.push('jurisdictions 应为 { 辖区编号: 配置 } 对象 / jurisdictions must be an object { jurisdiction id: section }');
    return [];
  }
  const configs: JurisdictionTransferConfig[] = [];
  for (const id of JURISDICTION_IDS) {
    if (!(id in value)) problems.push(`jurisdictions 缺少辖区 "${id}" / jurisdictions lacks "${id}"`);
  }
  for (const [id, section] of Object.entries(value)) {
    if (id === '$comment') continue;
    const where = `jurisdictions.${id}`;
    if (!JURISDICTION_IDS.includes(id)) {
      problems.push(`${where}: 未知辖区，可用 ${JURISDICTION_IDS.join('、')} / unknown jurisdiction; use one of ${JURISDICTION_IDS.join(', ')}`);
      continue;
    }
    if (!isRecord(section)) {
      problems.push(`${where}: 应为对象 / must be an object`);
      continue;
    }
    const before = problems.length;
    const prefixes = isRecord(section['letterPrefixes']) ? section['letterPrefixes'] : {};
    const letterPrefixes: Partial<Record<TransferringOrgan, string>> = {};
    for (const organ of TRANSFERRING_ORGANS) {
      const prefix = prefixes[organ];
      if (typeof prefix === 'string' && LETTER_PREFIX.test(prefix)) letterPrefixes[organ] = prefix;
      else {
        problems.push(
          `${where}.letterPrefixes.${organ}: 应为移交函文号的机关代字（汉字，最多 12 个字，如 盐安巡移） / must be the letter-number prefix (up to 12 Han characters, e.g. 盐安巡移) (got ${JSON.stringify(prefix)})`,
        );
      }
    }
    const enforcementPrefixes: Partial<Record<EnforcingOrgan, Partial<Record<EnforcementDocumentKind, string>>>> = {};
    const byOrgan = section['enforcementPrefixes'] ?? {};
    if (!isRecord(byOrgan)) problems.push(`${where}.enforcementPrefixes: 应为 { 执法机关: { 文书种类: 机关代字 } } / must be { organ: { document kind: prefix } }`);
    else {
      for (const [organ, kinds] of Object.entries(byOrgan)) {
        const at = `${where}.enforcementPrefixes.${organ}`;
        if (!(ENFORCING_ORGANS as readonly string[]).includes(organ)) {
          problems.push(`${at}: 未知执法机关，可用 ${ENFORCING_ORGANS.join('、')} / unknown organ; use one of ${ENFORCING_ORGANS.join(', ')}`);
          continue;
        }
        if (!isRecord(kinds)) {
          problems.push(`${at}: 应为 { 文书种类: 机关代字 } / must be { document kind: prefix }`);
          continue;
        }
        const parsed: Partial<Record<EnforcementDocumentKind, string>> = {};
        for (const [kind, prefix] of Object.entries(kinds)) {
          if (!(ENFORCEMENT_DOCUMENT_KINDS as readonly string[]).includes(kind)) {
            problems.push(`${at}.${kind}: 未知文书种类，可用 ${ENFORCEMENT_DOCUMENT_KINDS.join('、')} / unknown document kind; use one of ${ENFORCEMENT_DOCUMENT_KINDS.join(', ')}`);
          } else if (typeof prefix !== 'string' || !LETTER_PREFIX.test(prefix)) {
            problems.push(`${at}.${kind}: 应为文号的机关代字（汉字，最多 12 个字，如 盐安专关） / must be the document-number prefix (up to 12 Han characters, e.g. 盐安专关) (got ${JSON.stringify(prefix)})`);
          } else parsed[kind as EnforcementDocumentKind] = prefix;
        }
        enforcementPrefixes[organ as EnforcingOrgan] = parsed;
      }
    }
    const organs: Record<string, string> = {};
    const organNames = section['organs'] ?? {};
    if (!isRecord(organNames)) problems.push(`${where}.organs: 应为 { 移交机关: 全称 } / must be { organ: full name }`);
    else {
      for (const [organ, name] of Object.entries(organNames)) {
        if (!recipientIds.has(organ)) {
          problems.push(`${where}.organs.${organ}: 不是名录中的收件人编号 / is not a recipient id of the directory`);
        } else if (typeof name !== 'string' || name.trim() === '') {
          problems.push(`${where}.organs.${organ}: 应为该机关在本辖区的全称 / must be the body's full name in this jurisdiction`);
        } else organs[organ] = name.trim();
      }
    }
    const cadreAuthority: Partial<Record<Receiver, ReceiverAuthority>> = {};
    const authorities = section['cadreAuthority'] ?? {};
    if (!isRecord(authorities)) problems.push(`${where}.cadreAuthority: 应为 { 接收机关: 按层级的收件人 } / must be { receiver: bodies by level }`);
    else {
      for (const [receiver, levels] of Object.entries(authorities)) {
        const at = `${where}.cadreAuthority.${receiver}`;
        if (!RECEIVER_IDS.includes(receiver)) {
          problems.push(`${at}: 未知接收机关，可用 ${RECEIVER_IDS.join('、')} / unknown receiver; use one of ${RECEIVER_IDS.join(', ')}`);
          continue;
        }
        if (!isRecord(levels)) {
          problems.push(`${at}: 应为对象 / must be an object`);
          continue;
        }
        const parsed: Partial<Record<CadreLevel, CompetentBody>> = {};
        let defaultRecipientId: string | undefined;
        for (const [key, body] of Object.entries(levels)) {
          if (key === 'default') {
            if (typeof body === 'string' && recipientIds.has(body)) defaultRecipientId = body;
            else problems.push(`${at}.default: ${JSON.stringify(body)} 不是名录中的收件人编号 / is not a recipient id of the directory`);
          } else if ((CADRE_LEVELS as readonly string[]).includes(key)) {
            const competent = parseCompetentBody(`${at}.${key}`, body, recipientIds, problems);
            if (competent) parsed[key as CadreLevel] = competent;
          } else {
            problems.push(`${at}.${key}: 未知干部层级，可用 default、${CADRE_LEVELS.join('、')} / unknown cadre level; use default, ${CADRE_LEVELS.join(', ')}`);
          }
        }
        cadreAuthority[receiver as Receiver] = { levels: parsed, ...(defaultRecipientId ? { defaultRecipientId } : {}) };
      }
    }
    if (problems.length === before) {
      configs.push({ id: id as JurisdictionId, letterPrefixes: letterPrefixes as Record<TransferringOrgan, string>, enforcementPrefixes, organs, cadreAuthority });
    }
  }
  return configs;
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
  const jurisdictions = parseJurisdictions((data as Record<string, unknown>)['jurisdictions'], new Set(Object.keys(entries)), problems);
  if (problems.length > 0) throw new DirectoryError(source, problems);
  return new Directory(recipients, jurisdictions);
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
