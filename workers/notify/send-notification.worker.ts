/**
 * anquan.notify.send: renders a Chinese notice from its template and sends it
 * to each recipient named by directory id — by e-mail (mailbox folder or
 * SMTP) and, when the recipient has one, by webhook.
 *
 * Jobs are delivered at least once, so every delivery is guarded by a ledger
 * row keyed `${elementInstanceKey}:${noticeType}:${recipientId}` (webhook
 * deliveries append `:webhook`):
 *
 *   1. reserve: insert the row as 待发送, or get the existing one;
 *   2. skip when the existing row is 已发送;
 *   3. send;
 *   4. mark the row 已发送 (or 发送失败 and let the job retry).
 *
 * A crash between 3 and 4 leaves the row 待发送 and the job is retried. The
 * mailbox channel then finds the message it already wrote and sends nothing;
 * SMTP and webhook cannot be asked, so they send again (at-least-once) with
 * the same Message-ID / Idempotency-Key for the receiver to recognise. The
 * same holds when the engine hands a timed-out job to a second worker while
 * the first is still sending, which the generous job timeout makes unlikely.
 *
 * The notice as sent is also returned as the variable
 * `caseDocument_<element instance>` (case-document.ts), so the staff
 * workbench shows it with the case; a retry writes the same variable again.
 */
import { JobType, JurisdictionId, NoticeType } from '../contract.ts';
import type { NotificationChannel } from '../ledger/index.ts';
import { toChinaDate } from '../deadline/calendar.ts';
import { type FieldParser, type FieldResult, InvalidVariablesError, describeValue, maybeField, optionalField, parseVariables, textField } from '../variables.ts';
import { type JobContext, type JsonObject, defineWorker, describeInputs } from '../worker-definition.ts';
import { caseDocumentVariableName } from './case-document.ts';
import type { DeliveryReceipt } from './channels.ts';
import { deliverOnce } from './guarded-delivery.ts';
import type { Recipient } from './directory.ts';
import { type RenderedNotice, renderNotice } from './render.ts';
import { NOTICE_TEMPLATES } from './templates.ts';

export const jobType = JobType.sendNotification;

export const NOTICE_TYPES: readonly NoticeType[] = Object.values(NoticeType);

const JURISDICTIONS: readonly JurisdictionId[] = Object.values(JurisdictionId);

export interface SendNotificationInput {
  readonly noticeType: NoticeType;
  /** 主送: directory ids. */
  readonly recipients: readonly string[];
  /** 抄送: directory ids; an id also in recipients gets the notice once, as 主送. */
  readonly cc: readonly string[];
  /** 发文单位 printed under the text; the notifier's sender name when absent. */
  readonly issuer?: string;
  /** Template values; looked up before the process variables. */
  readonly context: Readonly<Record<string, unknown>>;
  /** Every variable of the job, the fallback for template values. */
  readonly variables: Readonly<Record<string, unknown>>;
}

/** Also carries the notice as sent under {@link caseDocumentVariableName} of the element instance. */
export interface SendNotificationOutput extends JsonObject {
  /** Ledger ids of this notice's deliveries, one per recipient and channel, 主送 first. */
  notificationIds: string[];
  /** Deliveries made by this attempt. */
  sent: number;
  /** Deliveries an earlier attempt of the same job had already made, so not repeated. */
  skippedAsDuplicate: number;
}

function ok<T>(value: T): FieldResult<T> {
  return { ok: true, value };
}

function noticeTypeField(): FieldParser<NoticeType> {
  return {
    optional: false,
    parse: (value, name) =>
      typeof value === 'string' && (NOTICE_TYPES as readonly string[]).includes(value)
        ? ok(value as NoticeType)
        : {
            ok: false,
            problem: `变量 ${name} 的值 ${describeValue(value)} 不是已知的通知种类，可用 ${NOTICE_TYPES.join('、')} / variable ${name} is ${describeValue(value)}, not a known notice type; valid: ${NOTICE_TYPES.join(', ')}`,
          },
  };
}

/** A list of directory ids; whether each exists is checked against the directory when the job runs. */
function recipientIdsField(options: { readonly allowEmpty: boolean }): FieldParser<readonly string[]> {
  return {
    optional: false,
    parse: (value, name) => {
      const valid =
        Array.isArray(value) &&
        (options.allowEmpty || value.length > 0) &&
        value.every((item) => typeof item === 'string' && item.trim() !== '');
      if (!valid) {
        return {
          ok: false,
          problem: `变量 ${name} 应为收件人编号的${options.allowEmpty ? '' : '非空'}列表，如 ["anwei-ban"] / variable ${name} must be a${options.allowEmpty ? '' : ' non-empty'} list of recipient ids such as ["anwei-ban"] (got ${describeValue(value)})`,
        };
      }
      return ok([...new Set((value as string[]).map((id) => id.trim()))]);
    },
  };
}

function contextField(): FieldParser<Readonly<Record<string, unknown>>> {
  return {
    optional: false,
    parse: (value, name) =>
      typeof value === 'object' && value !== null && !Array.isArray(value)
        ? ok(value as Record<string, unknown>)
        : { ok: false, problem: `变量 ${name} 应为对象（模板取值）/ variable ${name} must be an object of template values (got ${describeValue(value)})` },
  };
}

const inputSchema = {
  noticeType: noticeTypeField(),
  recipients: recipientIdsField({ allowEmpty: false }),
  cc: optionalField(recipientIdsField({ allowEmpty: true }), [] as readonly string[]),
  context: optionalField(contextField(), {} as Readonly<Record<string, unknown>>),
  /** 发文单位 of the acting organ (e.g. the department that decided); the notifier's sender name when absent. */
  issuer: maybeField(textField({ maxLength: 200 })),
} as const;

const inputs = describeInputs(inputSchema, {
  noticeType: {
    label: '通知种类',
    kind: 'text',
    description: '用哪一个中文通知模板（workers/notify/templates.ts），如 deadline-reminder',
    choices: NOTICE_TYPES.map((type) => `${type}（${NOTICE_TEMPLATES[type].label}）`),
  },
  recipients: {
    label: '主送',
    kind: 'expression',
    description: '收件人编号列表（processes/directory.json 收件人名录），如 ${lists.of("xuncha-zu", "anwei-ban")}，或用 camunda:list',
  },
  cc: { label: '抄送', kind: 'expression', description: '抄送收件人编号列表，如 ${lists.of("jijian-lianluo")}；已在主送中的只收一份' },
  issuer: { label: '发文单位', kind: 'text', description: '作出该文书的机关全称（如实施检查的部门）；不填为通知发件人名称' },
  context: {
    label: '模板取值',
    kind: 'expression',
    description: '模板中占位符的取值，如 ${maps.of("taskName", "巡查报告报送", "dueDate", reportDeadline.due)}，或用 camunda:map；未给出的占位符从流程变量中取',
  },
});

export function parseSendNotificationInput(variables: Readonly<Record<string, unknown>>): SendNotificationInput {
  const { issuer, ...parsed } = parseVariables(variables, inputSchema);
  return { ...parsed, ...(issuer === undefined ? {} : { issuer }), variables };
}

/**
 * The jurisdiction whose full names the notice prints as 主送/抄送 (中共盐城市委、盐城市人民政府, not 党委政府):
 * a `jurisdiction` template value or variable, else the loaded profile's id, which every procedure
 * sets first (LoadJurisdictionProfile).
 */
function noticeJurisdiction(input: SendNotificationInput): JurisdictionId | undefined {
  const profile = input.variables['profile'];
  const candidates = [
    input.context['jurisdiction'],
    input.variables['jurisdiction'],
    typeof profile === 'object' && profile !== null ? (profile as Record<string, unknown>)['id'] : undefined,
  ];
  return candidates.find((value): value is JurisdictionId => typeof value === 'string' && (JURISDICTIONS as readonly string[]).includes(value));
}

function resolveRecipients(input: SendNotificationInput, context: Pick<JobContext, 'services'>): { main: Recipient[]; copies: Recipient[] } {
  const { directory } = context.services.notifier;
  const problems: string[] = [];
  const resolve = (ids: readonly string[], variable: string): Recipient[] =>
    ids.flatMap((id) => {
      const recipient = directory.get(id);
      if (recipient) return [recipient];
      problems.push(
        `变量 ${variable} 中的 ${describeValue(id)} 不在收件人名录中，可用 ${directory.ids.join('、')} / ${describeValue(id)} in variable ${variable} is not in the recipient directory; valid: ${directory.ids.join(', ')}`,
      );
      return [];
    });
  const main = resolve(input.recipients, 'recipients');
  const copies = resolve(
    input.cc.filter((id) => !input.recipients.includes(id)),
    'cc',
  );
  if (problems.length > 0) throw new InvalidVariablesError(problems);
  return { main, copies };
}

interface Delivery {
  readonly recipient: Recipient;
  readonly channel: NotificationChannel;
  readonly idempotencyKey: string;
  send(): Promise<DeliveryReceipt>;
}

function plannedDeliveries(
  recipients: readonly Recipient[],
  input: SendNotificationInput,
  notice: RenderedNotice,
  printedName: (recipient: Recipient) => string,
  context: Pick<JobContext, 'job' | 'services'>,
): Delivery[] {
  const { job, services } = context;
  return recipients.flatMap((recipient): Delivery[] => {
    const key = `${job.elementInstanceKey}:${input.noticeType}:${recipient.id}`;
    const deliveries: Delivery[] = [];
    if (recipient.channels.email.length > 0) {
      deliveries.push({
        recipient,
        channel: 'email',
        idempotencyKey: key,
        send: () =>
          services.notifier.email.deliver({
            idempotencyKey: key,
            recipientId: recipient.id,
            to: recipient.channels.email.map((address) => ({ name: printedName(recipient), address })),
            subject: notice.subject,
            text: notice.body,
          }),
      });
    }
    const webhook = recipient.channels.webhook;
    if (webhook !== undefined) {
      const webhookKey = `${key}:webhook`;
      deliveries.push({
        recipient,
        channel: 'webhook',
        idempotencyKey: webhookKey,
        send: () =>
          services.notifier.postWebhook(webhook, {
            idempotencyKey: webhookKey,
            noticeType: input.noticeType,
            noticeTypeName: NOTICE_TEMPLATES[input.noticeType].label,
            recipient: { id: recipient.id, name: recipient.name },
            subject: notice.subject,
            body: notice.body,
            processInstanceKey: job.processInstanceKey,
            bpmnProcessId: job.bpmnProcessId,
          }),
      });
    }
    return deliveries;
  });
}

export async function handleSendNotification(
  input: SendNotificationInput,
  context: Pick<JobContext, 'job' | 'logger' | 'services'>,
): Promise<SendNotificationOutput> {
  const { job, logger, services } = context;
  const { ledger, notifier } = services;
  const { main, copies } = resolveRecipients(input, context);
  const jurisdiction = noticeJurisdiction(input);
  const printedName = (recipient: Recipient): string => notifier.directory.nameIn(jurisdiction, recipient);
  // Rendered before anything is sent, so a missing value fails the job without a partial send.
  const notice = renderNotice(input.noticeType, [input.context, input.variables], {
    recipients: main.map(printedName),
    cc: copies.map(printedName),
    issuer: input.issuer ?? notifier.issuer,
    date: toChinaDate(job.activatedAt) as string,
  });

  const output: SendNotificationOutput = { notificationIds: [], sent: 0, skippedAsDuplicate: 0 };
  // One after another: a failure stops the job before later recipients, and the retry resumes where it stopped.
  for (const delivery of plannedDeliveries([...main, ...copies], input, notice, printedName, context)) {
    const deliveryLogger = logger.child({ recipient: delivery.recipient.id, channel: delivery.channel, idempotencyKey: delivery.idempotencyKey });
    const result = await deliverOnce(ledger, deliveryLogger, {
      idempotencyKey: delivery.idempotencyKey,
      noticeType: input.noticeType,
      channel: delivery.channel,
      recipientId: delivery.recipient.id,
      subject: notice.subject,
      body: notice.body,
      processInstanceKey: job.processInstanceKey,
      sentAt: job.activatedAt,
      send: delivery.send,
    });
    output.notificationIds.push(result.notificationId);
    if (result.outcome === 'sent') output.sent += 1;
    else output.skippedAsDuplicate += 1;
  }
  output[caseDocumentVariableName(job.elementInstanceKey)] = {
    kind: input.noticeType,
    kindLabel: NOTICE_TEMPLATES[input.noticeType].label,
    title: notice.subject,
    body: notice.body,
    sentAt: job.activatedAt,
    recipients: main.map(printedName),
    cc: copies.map(printedName),
  };
  return output;
}

export const sendNotificationWorker = defineWorker<SendNotificationInput, SendNotificationOutput>({
  jobType,
  title: '发送通知',
  inputs,
  description: '按中文模板发送通知（邮件/邮箱目录/webhook），同一作业不重复发送 / sends a Chinese notice by e-mail or webhook, never twice for one job',
  // Long enough for several slow SMTP exchanges: a job timing out mid-send would be handed to a second worker.
  timeoutMs: 300_000,
  parseInput: parseSendNotificationInput,
  handle: handleSendNotification,
});
