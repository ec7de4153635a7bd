/**
 * anquan.transfer.prepare-letter: drafts the 移交函 for a finding or clue, for
 * the 审批移交函 user task to approve (or a reviser to amend) before
 * anquan.transfer.send delivers it.
 *
 * The letter carries its transfer id and 文号 from the start: the approved
 * text is what is sent, and the receiver's 回执 quotes the id, which is the
 * correlation key of MessageName.transferReceiptReceived.
 */
import { createHash } from 'node:crypto';
import { type FindingCategory, JobType, type Receiver } from '../contract.ts';
import { toChinaDate } from '../deadline/calendar.ts';
import { CLUE_SOURCES, type ClueSource, FINDING_CATEGORIES } from '../ledger/index.ts';
import { InvalidVariablesError, choiceField, dateField, maybeField, objectField, optionalField, parseVariables, textField } from '../variables.ts';
import { type JobContext, defineWorker, describeInputs } from '../worker-definition.ts';
import { RECEIVER_IDS, RECEIVER_NAMES } from './receivers.ts';
import type { IsoDate } from '../deadline/calendar.ts';

export const jobType = JobType.prepareTransferLetter;

/** 000 第九条（四）: clues go to the 属地 or the competent organ; 第十条: results go to 组织部门 and 纪检监察机关. */
export const DEFAULT_TRANSFER_BASIS = '《江西省加强安全生产巡查督查检查工作办法》第九条（四）、第十条';
/** 江西 is the default jurisdiction (MISSION); other profiles pass their own prefix. */
export const DEFAULT_LETTER_NUMBER_PREFIX = '赣安巡移';
/** 002 三（三）5: the 安委办 transfers the clues on behalf of the 安委会. */
export const DEFAULT_ISSUER = '安全生产委员会办公室';

const SHORT_TEXT = { maxLength: 500 } as const;

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
  patrolTarget: maybeField(objectField({ name: textField(SHORT_TEXT) })),
  /** The provisions cited; defaults to {@link DEFAULT_TRANSFER_BASIS}. */
  basis: optionalField(textField(SHORT_TEXT), DEFAULT_TRANSFER_BASIS),
  /** 发文单位; defaults to the notifier's sender name, else {@link DEFAULT_ISSUER}. */
  issuer: maybeField(textField(SHORT_TEXT)),
  /** 文号 when the office assigns one from its register. */
  letterNumber: maybeField(textField(SHORT_TEXT)),
  letterNumberPrefix: optionalField(textField({ maxLength: 20 }), DEFAULT_LETTER_NUMBER_PREFIX),
  /** Date the 回执 is due, e.g. from anquan.deadline.add-working-days. */
  receiptDueDate: maybeField(dateField()),
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
  patrolTarget: { label: '被巡查对象', kind: 'expression', description: '{name}，写入移交函，如 ${patrolTarget}' },
  basis: { label: '移交依据', kind: 'text', description: `移交函引用的条款，不填为 ${DEFAULT_TRANSFER_BASIS}` },
  issuer: { label: '发文单位', kind: 'text', description: `不填为通知发件人名称，未配置时为 ${DEFAULT_ISSUER}` },
  letterNumber: { label: '移交函文号', kind: 'text', description: '已由办公室编号时填写；不填则按文号前缀生成' },
  letterNumberPrefix: { label: '文号前缀', kind: 'text', description: `生成文号的前缀，不填为 ${DEFAULT_LETTER_NUMBER_PREFIX}（江西）` },
  receiptDueDate: { label: '回执期限', kind: 'text', description: '接收机关反馈回执的日期（YYYY-MM-DD），如“按工作日计算期限”的结果' },
});

/** What the letter is about: a classified finding, or a clue not yet classified. */
export type TransferSubject =
  | { readonly kind: 'finding'; readonly category: FindingCategory; readonly description: string; readonly responsibleUnit: string; readonly location?: string }
  | { readonly kind: 'clue'; readonly source?: ClueSource; readonly content: string };

export interface PrepareTransferLetterInput {
  readonly subject: TransferSubject;
  readonly receiver: Receiver;
  readonly patrolTargetName?: string;
  readonly basis: string;
  readonly issuer?: string;
  readonly letterNumber?: string;
  readonly letterNumberPrefix: string;
  readonly receiptDueDate?: IsoDate;
}

export interface TransferLetter {
  [field: string]: string;
  transferId: string;
  letterNumber: string;
  receiver: Receiver;
  receiverName: string;
  title: string;
  body: string;
  issuer: string;
  /** Date of the letter, YYYY-MM-DD in China. */
  date: string;
}

export type PrepareTransferLetterOutput = { transferLetter: TransferLetter };

export function parsePrepareTransferLetterInput(variables: Readonly<Record<string, unknown>>): PrepareTransferLetterInput {
  const input = parseVariables(variables, inputSchema);
  // A finding is the classified form of a clue: when a call activity sees both, the letter is about the finding.
  const subject: TransferSubject | undefined = input.finding
    ? { kind: 'finding', ...input.finding }
    : input.clue
      ? { kind: 'clue', ...input.clue }
      : undefined;
  if (subject === undefined) {
    throw new InvalidVariablesError(['缺少变量 finding（问题隐患）或 clue（问题线索） / variable finding or clue is missing']);
  }
  return {
    subject,
    receiver: input.receiver,
    basis: input.basis,
    letterNumberPrefix: input.letterNumberPrefix,
    ...(input.patrolTarget === undefined ? {} : { patrolTargetName: input.patrolTarget.name }),
    ...(input.issuer === undefined ? {} : { issuer: input.issuer }),
    ...(input.letterNumber === undefined ? {} : { letterNumber: input.letterNumber }),
    ...(input.receiptDueDate === undefined ? {} : { receiptDueDate: input.receiptDueDate }),
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

/**
 * The 文号 is fixed when the letter is drafted, weeks before the ledger sees
 * the transfer, and parallel branches draft letters at the same time; a
 * counter would hand two letters one number. So the serial is taken from the
 * transfer id: stable for the letter and, at six digits, practically unique
 * within a year.
 */
export function letterNumberFor(prefix: string, year: string, transferId: string): string {
  const serial = (Number.parseInt(createHash('sha256').update(transferId, 'utf8').digest('hex').slice(0, 8), 16) % 900_000) + 100_000;
  return `${prefix}〔${year}〕${serial}号`;
}

/** 2026-03-02 → 2026年3月2日, as dates are written in 公文. */
export function chineseDate(date: IsoDate): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return `${year}年${month}月${day}日`;
}

const ITEM_NUMERALS = ['一', '二', '三', '四', '五', '六'] as const;

function numberedItems(items: readonly (readonly [string, string | undefined])[]): string[] {
  return items
    .filter((item): item is readonly [string, string] => item[1] !== undefined)
    .map(([label, text], index) => `${ITEM_NUMERALS[index] ?? String(index + 1)}、${label}：${text}`);
}

/** The letter's text; the reporter's contact is never included (举报人信息保密). */
export function composeTransferLetter(
  input: PrepareTransferLetterInput,
  issued: { readonly transferId: string; readonly letterNumber: string; readonly issuer: string; readonly date: IsoDate },
): Pick<TransferLetter, 'receiverName' | 'title' | 'body'> {
  const receiverName = RECEIVER_NAMES[input.receiver];
  const what = input.subject.kind === 'finding' ? '问题' : '问题线索';
  const target = input.patrolTargetName;
  // One title for every letter, as 公文 registers file them; what and whom it concerns is in the body.
  const title = '关于移交问题线索的函';
  const occasion = target ? `我办在对${target}开展安全生产巡查中` : '我办在安全生产巡查督查检查中';
  const details =
    input.subject.kind === 'finding'
      ? numberedItems([
          ['问题类别', input.subject.category],
          ['责任单位', input.subject.responsibleUnit],
          ['问题描述', input.subject.description],
          ['所在地点', input.subject.location],
        ])
      : numberedItems([
          ['线索来源', input.subject.source],
          ['线索内容', input.subject.content],
        ]);
  const receipt = input.receiptDueDate
    ? `请于${chineseDate(input.receiptDueDate)}前回执`
    : '请于收到本函后及时回执';
  const body = [
    `${receiverName}：`,
    `　　${occasion}发现下列${what}，属于你单位职责范围。根据${input.basis}的规定，现予移交，请依法依规依纪调查处理。`,
    ...details.map((line) => `　　${line}`),
    `　　${receipt}，并将调查处理结果书面反馈我办。回执和反馈请注明移交编号 ${issued.transferId}。`,
    '　　特此函告。',
    '',
    `${issued.issuer}`,
    `${chineseDate(issued.date)}`,
    `（${issued.letterNumber}）`,
  ].join('\n');
  return { receiverName, title, body };
}

export function handlePrepareTransferLetter(
  input: PrepareTransferLetterInput,
  context: Pick<JobContext, 'job' | 'services' | 'logger'>,
): PrepareTransferLetterOutput {
  const { job, services } = context;
  const date = toChinaDate(job.activatedAt) as IsoDate;
  const transferId = transferIdFor(job.processInstanceKey, job.elementInstanceKey);
  const letterNumber = input.letterNumber ?? letterNumberFor(input.letterNumberPrefix, date.slice(0, 4), transferId);
  // NOTIFY_FROM without a display name leaves only an address, which cannot sign a 公文.
  const configuredIssuer = services.notifier.issuer;
  const issuer = input.issuer ?? (configuredIssuer !== '' && !configuredIssuer.includes('@') ? configuredIssuer : DEFAULT_ISSUER);
  const letter = composeTransferLetter(input, { transferId, letterNumber, issuer, date });
  context.logger.info({ transferId, letterNumber, receiver: input.receiver }, 'transfer letter drafted');
  return { transferLetter: { transferId, letterNumber, receiver: input.receiver, issuer, date, ...letter } };
}

export const prepareTransferLetterWorker = defineWorker<PrepareTransferLetterInput, PrepareTransferLetterOutput>({
  jobType,
  title: '线索移交：拟制移交函',
  inputs,
  description: '拟制移交函（纪检监察机关/组织部门/属地/有管辖权的部门） / drafts the transfer letter for a clue or finding',
  parseInput: parsePrepareTransferLetterInput,
  handle: handlePrepareTransferLetter,
});
