/**
 * anquan.transfer.prepare-letter: drafts the 移交函 for a finding or clue, for
 * the transferring organ's leader to approve and sign (审批签发移交函) or the
 * organ to amend (修改移交函); anquan.transfer.issue-letter then gives it its
 * 文号 and anquan.transfer.send delivers it.
 *
 * Who transfers decides the wording and the provisions cited
 * (workers/transfer/organs.ts): 安委办 000 第九条（四）、第十条, 牵头部门
 * 第十七条（二）, 行业主管部门 and 业务监管部门 第二十二条（三）. The 主送 is the
 * actual body the recipient directory resolves for the jurisdiction: for a
 * clue naming cadres, the 纪检监察机关 competent by 干部管理权限
 * (workers/notify/directory.ts).
 *
 * The letter carries its transfer id from the start: the receiver's 回执
 * quotes it, and it is the correlation key of MessageName.transferReceiptReceived.
 */
import { createHash } from 'node:crypto';
import { type FindingCategory, JobType, JurisdictionId, Receiver, type TransferReceiver } from '../contract.ts';
import { toChinaDate } from '../deadline/calendar.ts';
import { CLUE_SOURCES, type ClueSource, FINDING_CATEGORIES } from '../ledger/index.ts';
import { CADRE_LEVELS, CADRE_LEVEL_NAMES, type Cadre, type CadreLevel, TransferRoutingError, resolveTransferRecipient } from '../notify/directory.ts';
import {
  type FieldParser,
  InvalidVariablesError,
  booleanField,
  choiceField,
  describeValue,
  listField,
  maybeField,
  objectField,
  optionalField,
  parseVariables,
  textField,
} from '../variables.ts';
import { type JobContext, defineWorker, describeInputs } from '../worker-definition.ts';
import { DEFAULT_TRANSFERRING_ORGAN, ORGAN_PROFILES, TRANSFERRING_ORGANS, type TransferringOrgan } from './organs.ts';
import { RECEIVER_IDS, RECEIVER_NAMES } from './receivers.ts';
import type { IsoDate } from '../deadline/calendar.ts';

export const jobType = JobType.prepareTransferLetter;

/** 000 第九条（四）: clues go to the 属地 or the competent organ; 第十条: results go to 组织部门 and 纪检监察机关. */
export const DEFAULT_TRANSFER_BASIS = ORGAN_PROFILES[DEFAULT_TRANSFERRING_ORGAN].basis;
/** 002 三（三）5: the 安委办 transfers the clues on behalf of the 安委会. */
export const DEFAULT_ISSUER = ORGAN_PROFILES[DEFAULT_TRANSFERRING_ORGAN].name;

const SHORT_TEXT = { maxLength: 500 } as const;
const JURISDICTIONS = Object.values(JurisdictionId);

/** 省管干部 … as ids (provincial …) or as their Chinese names, which a form may store. */
function cadreLevelField(): FieldParser<CadreLevel> {
  return {
    optional: false,
    parse(value, name) {
      const byName = (Object.entries(CADRE_LEVEL_NAMES) as [CadreLevel, string][]).find(([, label]) => label === value)?.[0];
      if (typeof value === 'string' && (CADRE_LEVELS as readonly string[]).includes(value)) return { ok: true, value: value as CadreLevel };
      if (byName) return { ok: true, value: byName };
      const choices = CADRE_LEVELS.map((level) => `${level}（${CADRE_LEVEL_NAMES[level]}）`).join('、');
      return {
        ok: false,
        problem: `变量 ${name} 应为干部管理层级 ${choices} 之一 / variable ${name} must be a cadre-management level: ${CADRE_LEVELS.join(', ')} (got ${describeValue(value)})`,
      };
    },
  };
}

const cadreSchema = {
  name: textField({ maxLength: 100 }),
  post: textField({ maxLength: 200 }),
  level: cadreLevelField(),
  unit: textField({ maxLength: 200 }),
  region: maybeField(textField({ maxLength: 100 })),
} as const;

const inputSchema = {
  finding: maybeField(
    objectField({
      category: choiceField(FINDING_CATEGORIES),
      description: textField(),
      responsibleUnit: textField(SHORT_TEXT),
      location: maybeField(textField(SHORT_TEXT)),
    }),
  ),
  clue: maybeField(
    objectField({
      source: maybeField(choiceField(CLUE_SOURCES)),
      content: textField(),
    }),
  ),
  receiver: choiceField(RECEIVER_IDS),
  transferringOrgan: optionalField(choiceField(TRANSFERRING_ORGANS), DEFAULT_TRANSFERRING_ORGAN),
  jurisdiction: optionalField(choiceField(JURISDICTIONS), JurisdictionId.jiangxi),
  cadres: maybeField(listField(objectField(cadreSchema), { maxItems: 50 })),
  accountability: optionalField(booleanField(), false),
  receiverName: maybeField(textField({ maxLength: 200 })),
  patrolTarget: maybeField(objectField({ name: textField(SHORT_TEXT) })),
  /** The provisions cited; defaults to the transferring organ's. */
  basis: maybeField(textField(SHORT_TEXT)),
  /** 发文单位; defaults to the directory's organ name, the notifier's sender name, else the organ's short name. */
  issuer: maybeField(textField(SHORT_TEXT)),
  /** 机关代字 overriding the directory's, e.g. a department's own. */
  letterNumberPrefix: maybeField(textField({ maxLength: 20 })),
  caseTitle: maybeField(textField(SHORT_TEXT)),
} as const;

const inputs = describeInputs(inputSchema, {
  finding: {
    label: '问题隐患',
    kind: 'expression',
    description: `移交已分类的问题时填写，与“问题线索”二者填其一：{category, description, responsibleUnit, location?}，category 为 ${FINDING_CATEGORIES.join('、')} 之一`,
  },
  clue: {
    label: '问题线索',
    kind: 'expression',
    description: `移交尚未分类的线索时填写，与“问题隐患”二者填其一：{source?, content}，source 为 ${CLUE_SOURCES.join('、')} 之一`,
  },
  receiver: {
    label: '移交对象',
    kind: 'text',
    description: '接收移交的机关（江西办法第九条（四）、第十条）',
    choices: RECEIVER_IDS.map((id) => `${id}（${RECEIVER_NAMES[id]}）`),
  },
  transferringOrgan: {
    label: '移交机关',
    kind: 'text',
    description: '谁移交：决定移交函的措辞、依据、文号代字和审批签发的负责人；不填为安委办',
    choices: TRANSFERRING_ORGANS.map((organ) => `${organ}（${ORGAN_PROFILES[organ].approvalGroupName.replace('负责人', '')}）`),
  },
  jurisdiction: { label: '辖区', kind: 'text', description: '辖区配置编号，如 ${profile.id}；决定文号代字和按干部管理权限的接收机关', choices: JURISDICTIONS },
  cadres: {
    label: '涉及干部',
    kind: 'expression',
    description: `责任追究线索点名的干部：[{name, post, level, unit, region?}]，level 为 ${CADRE_LEVELS.map((level) => `${level}（${CADRE_LEVEL_NAMES[level]}）`).join('、')}；按干部管理权限确定纪检监察机关`,
  },
  accountability: { label: '提请责任追究', kind: 'expression', description: '逾期督办决定“提请责任追究”时为 true：须点名干部并移交纪检监察机关' },
  receiverName: { label: '主送单位', kind: 'text', description: '调用流程已知接收单位全称时填写；不填则按收件人名录确定' },
  patrolTarget: { label: '被巡查对象', kind: 'expression', description: '{name}，写入移交函，如 ${patrolTarget}' },
  basis: { label: '移交依据', kind: 'text', description: '移交函引用的条款，不填按移交机关：安委办第九条（四）、第十条，牵头部门第十七条（二），行业主管部门、业务监管部门第二十二条（三）' },
  issuer: { label: '发文单位', kind: 'text', description: '不填为收件人名录中辖区的发文机关全称，未配置时为通知发件人名称或移交机关简称' },
  letterNumberPrefix: { label: '文号代字', kind: 'text', description: '不填为收件人名录中辖区、移交机关的机关代字（如 盐安巡移）' },
  caseTitle: { label: '事项', kind: 'text', description: '移交事项名称，显示在表单中' },
});

/** What the letter is about: a classified finding, or a clue not yet classified. */
export type TransferSubject =
  | { readonly kind: 'finding'; readonly category: FindingCategory; readonly description: string; readonly responsibleUnit: string; readonly location?: string }
  | { readonly kind: 'clue'; readonly source?: ClueSource; readonly content: string };

export interface PrepareTransferLetterInput {
  readonly subject: TransferSubject;
  readonly receiver: TransferReceiver;
  readonly transferringOrgan: TransferringOrgan;
  readonly jurisdiction: JurisdictionId;
  readonly cadres: readonly Cadre[];
  readonly accountability: boolean;
  readonly receiverName?: string;
  readonly patrolTargetName?: string;
  readonly basis?: string;
  readonly issuer?: string;
  readonly letterNumberPrefix?: string;
  readonly caseTitle?: string;
}

export interface TransferLetter {
  [field: string]: string;
  transferId: string;
  /**
   * The 文号 as a 发文稿纸 shows it before 登记: the 代字 and year with the
   * serial left blank (盐安巡移〔2026〕　号); anquan.transfer.issue-letter fills
   * in the serial once the leader has signed.
   */
  letterNumber: string;
  receiver: TransferReceiver;
  /** Directory id of the actual receiving body, e.g. yancheng-jiwei. */
  receiverId: string;
  /** 主送: the actual unit. */
  receiverName: string;
  /** Why this body (按干部管理权限 …). */
  routing: string;
  organ: TransferringOrgan;
  /** The candidate group that approves and signs (签发). */
  approvalGroup: string;
  jurisdiction: JurisdictionId;
  letterNumberPrefix: string;
  basis: string;
  title: string;
  /** 正文 (editable in 修改移交函); the issued document is `text`. */
  body: string;
  /** The cadres named, one line each, or empty. */
  cadres: string;
  issuer: string;
  /** Date of the draft, YYYY-MM-DD in China. */
  date: string;
}

export type PrepareTransferLetterOutput = { transferLetter: TransferLetter; transferringOrgan: TransferringOrgan };

export function parsePrepareTransferLetterInput(variables: Readonly<Record<string, unknown>>): PrepareTransferLetterInput {
  const input = parseVariables(variables, inputSchema);
  // A finding is the classified form of a clue: when a call activity sees both, the letter is about the finding.
  const subject: TransferSubject | undefined = input.finding
    ? { kind: 'finding', ...input.finding }
    : input.clue
      ? { kind: 'clue', ...input.clue }
      : undefined;
  const problems: string[] = [];
  if (subject === undefined) problems.push('缺少变量 finding（问题隐患）或 clue（问题线索） / variable finding or clue is missing');
  const cadres = input.cadres ?? [];
  if (input.accountability) {
    if (cadres.length === 0) {
      problems.push('提请责任追究须点名干部：变量 cadres 应为非空列表 [{name, post, level, unit}] / an accountability clue must name cadres: variable cadres must be a non-empty list');
    }
    if (input.receiver !== Receiver.disciplineInspection) {
      problems.push(`提请责任追究应移交纪检监察机关（receiver = discipline-inspection） / an accountability clue goes to discipline-inspection (got ${input.receiver})`);
    }
  }
  if (problems.length > 0) throw new InvalidVariablesError(problems);
  return {
    subject: subject as TransferSubject,
    receiver: input.receiver,
    transferringOrgan: input.transferringOrgan,
    jurisdiction: input.jurisdiction,
    cadres,
    accountability: input.accountability,
    ...(input.receiverName === undefined ? {} : { receiverName: input.receiverName }),
    ...(input.patrolTarget === undefined ? {} : { patrolTargetName: input.patrolTarget.name }),
    ...(input.basis === undefined ? {} : { basis: input.basis }),
    ...(input.issuer === undefined ? {} : { issuer: input.issuer }),
    ...(input.letterNumberPrefix === undefined ? {} : { letterNumberPrefix: input.letterNumberPrefix }),
    ...(input.caseTitle === undefined ? {} : { caseTitle: input.caseTitle }),
  };
}

/**
 * A UUID (version 8: application-defined) derived from the element instance,
 * so a retried job drafts the letter under the same id.
 */
export function transferIdFor(processInstanceKey: string, elementInstanceKey: string): string {
  const hex = createHash('sha256').update(`anquan-transfer:${processInstanceKey}:${elementInstanceKey}`, 'utf8').digest('hex');
  const variant = ((Number.parseInt(hex[16] as string, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** 盐安巡移〔2026〕　号: the 文号 of a draft, its serial blank until the letter is signed and registered. */
export function draftLetterNumber(prefix: string, date: IsoDate): string {
  return `${prefix}〔${date.slice(0, 4)}〕　号`;
}

/** Whether a 文号 has its serial (a draft's is blank). */
export function isIssuedLetterNumber(letterNumber: string): boolean {
  return /〔\d{4}〕\d+号$/u.test(letterNumber);
}

/** 2026-03-02 → 2026年3月2日, as dates are written in 公文. */
export function chineseDate(date: IsoDate): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return `${year}年${month}月${day}日`;
}

const ITEM_NUMERALS = ['一', '二', '三', '四', '五', '六', '七'] as const;

function numberedItems(items: readonly (readonly [string, string | undefined])[]): string[] {
  return items
    .filter((item): item is readonly [string, string] => item[1] !== undefined)
    .map(([label, text], index) => `${ITEM_NUMERALS[index] ?? String(index + 1)}、${label}：${text}`);
}

/** One line per cadre: 王某（盐城市应急管理局副局长，市管干部，盐城市应急管理局）. */
export function cadreLines(cadres: readonly Cadre[]): string[] {
  return cadres.map((cadre) => `${cadre.name}（${cadre.post}，${CADRE_LEVEL_NAMES[cadre.level]}，${cadre.unit}${cadre.region ? `，${cadre.region}` : ''}）`);
}

/** The letter's 正文; the reporter's contact is never included (举报人信息保密). */
export function composeTransferLetter(
  input: PrepareTransferLetterInput,
  issued: { readonly transferId: string; readonly basis: string },
): Pick<TransferLetter, 'title' | 'body'> {
  const organ = ORGAN_PROFILES[input.transferringOrgan];
  const what = input.subject.kind === 'finding' ? '问题' : '问题线索';
  const target = input.patrolTargetName;
  const title = input.accountability ? '关于移交责任追究问题线索的函' : '关于移交问题线索的函';
  const occasion =
    input.transferringOrgan === DEFAULT_TRANSFERRING_ORGAN && target ? `我办在对${target}开展安全生产巡查督查中` : target ? `${organ.occasion}（${target}）` : organ.occasion;
  const cadres = cadreLines(input.cadres).join('；');
  const details =
    input.subject.kind === 'finding'
      ? numberedItems([
          ['问题类别', input.subject.category],
          ['责任单位', input.subject.responsibleUnit],
          ['问题描述', input.subject.description],
          ['所在地点', input.subject.location],
          ['涉及干部', cadres === '' ? undefined : cadres],
        ])
      : numberedItems([
          ['线索来源', input.subject.source],
          ['线索内容', input.subject.content],
          ['涉及干部', cadres === '' ? undefined : cadres],
        ]);
  const authority = input.cadres.length > 0 ? '，按照干部管理权限' : '';
  const body = [
    `　　${occasion}发现下列${what}，属于你单位职责范围。根据${issued.basis}的规定，现予移交${authority}，${organ.request}。`,
    ...details.map((line) => `　　${line}`),
    `　　请于收到本函后按期签收回执，并将调查处理结果书面反馈我单位。回执和反馈请注明本函文号（电子回执编号 ${issued.transferId}）。`,
    '　　特此函告。',
  ].join('\n');
  return { title, body };
}

export function handlePrepareTransferLetter(
  input: PrepareTransferLetterInput,
  context: Pick<JobContext, 'job' | 'services' | 'logger'>,
): PrepareTransferLetterOutput {
  const { job, services } = context;
  const date = toChinaDate(job.activatedAt) as IsoDate;
  const transferId = transferIdFor(job.processInstanceKey, job.elementInstanceKey);
  const { directory } = services.notifier;
  let routing;
  try {
    routing = resolveTransferRecipient(directory, { jurisdiction: input.jurisdiction, receiver: input.receiver, cadres: input.cadres });
  } catch (error) {
    // A region the directory does not know is the process's to fix; a missing directory section is the operator's (retries).
    if (error instanceof TransferRoutingError && error.badInput) throw new InvalidVariablesError([error.message]);
    throw error;
  }
  const section = directory.jurisdiction(input.jurisdiction);
  const prefix = input.letterNumberPrefix ?? section?.letterPrefixes[input.transferringOrgan];
  if (prefix === undefined) {
    throw new Error(
      `收件人名录没有辖区 ${input.jurisdiction} 的移交函文号代字（jurisdictions.${input.jurisdiction}.letterPrefixes.${input.transferringOrgan}），请补充 processes/directory.json / ` +
        `the recipient directory has no letter-number prefix jurisdictions.${input.jurisdiction}.letterPrefixes.${input.transferringOrgan}; add it to processes/directory.json`,
    );
  }
  const organ = ORGAN_PROFILES[input.transferringOrgan];
  // NOTIFY_FROM without a display name leaves only an address, which cannot sign a 公文.
  const configuredIssuer = services.notifier.issuer;
  const issuer =
    input.issuer ??
    section?.organs[input.transferringOrgan] ??
    (input.transferringOrgan === DEFAULT_TRANSFERRING_ORGAN && configuredIssuer !== '' && !configuredIssuer.includes('@') ? configuredIssuer : organ.name);
  const basis = input.basis ?? organ.basis;
  const letter = composeTransferLetter(input, { transferId, basis });
  const transferLetter: TransferLetter = {
    transferId,
    letterNumber: draftLetterNumber(prefix, date),
    receiver: input.receiver,
    receiverId: routing.recipient.id,
    receiverName: input.receiverName ?? routing.recipient.name,
    routing: routing.reason,
    organ: input.transferringOrgan,
    approvalGroup: organ.approvalGroup,
    jurisdiction: input.jurisdiction,
    letterNumberPrefix: prefix,
    basis,
    cadres: cadreLines(input.cadres).join('\n'),
    issuer,
    date,
    ...letter,
  };
  context.logger.info({ transferId, receiver: input.receiver, receiverId: routing.recipient.id, organ: input.transferringOrgan }, 'transfer letter drafted');
  return { transferLetter, transferringOrgan: input.transferringOrgan };
}

export const prepareTransferLetterWorker = defineWorker<PrepareTransferLetterInput, PrepareTransferLetterOutput>({
  jobType,
  title: '线索移交：拟制移交函',
  inputs,
  description: '按移交机关拟制移交函，按干部管理权限确定接收机关 / drafts the transfer letter in the transferring organ\'s wording, addressed to the competent body',
  parseInput: parsePrepareTransferLetterInput,
  handle: handlePrepareTransferLetter,
});
