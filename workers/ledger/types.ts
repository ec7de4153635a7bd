/**
 * The vocabulary of the ledger (台账) and the shapes its operations accept and
 * return. The Chinese values are stored as they are written in the seeds, so a
 * report or an SQL query reads like the documents it serves.
 */

import { FindingCategory as FindingCategoryName, type FindingCategory } from '../contract.ts';

/** 问题线索 sources: how a clue reached the patrol, supervision or inspection team. */
export const CLUE_SOURCES = ['来信', '来电', '来访', '网络举报', '摸底', '巡查发现', '督查发现', '检查发现', '部门移送'] as const;
export type ClueSource = (typeof CLUE_SOURCES)[number];

export const CLUE_STATUSES = ['登记', '核查中', '已移交', '已办结'] as const;
export type ClueStatus = (typeof CLUE_STATUSES)[number];

/** The four categories of 000 第十条, each routed differently (named once, in the contract). */
export const FINDING_CATEGORIES = Object.values(FindingCategoryName) as readonly FindingCategory[];
export type { FindingCategory };

export const MAJOR_HAZARD: FindingCategory = FindingCategoryName.majorHazard;

/** Who found the problem: the 调度表 of seed 004 counts 企业自查 and 部门检查 separately. */
export const FINDING_SOURCES = ['企业自查', '部门检查', '巡查', '督查', '举报'] as const;
export type FindingSource = (typeof FINDING_SOURCES)[number];

/**
 * 整改销号 closes a finding only after review (审核把关销号, seed 003). 已移交:
 * handed to the competent organ by a 移交函 (000 第十条; 001 四(六)); its
 * rectification may still be tracked and closed.
 */
export const FINDING_STATUSES = ['待整改', '整改中', '待复核', '已移交', '已销号'] as const;
export type FindingStatus = (typeof FINDING_STATUSES)[number];

/** Receivers named by 000 第十条 and 001 四(六)(七). */
export const TRANSFER_RECEIVER_KINDS = ['纪检监察机关', '党委组织部门', '属地党委政府', '有管辖权的部门', '业务监管部门'] as const;
export type TransferReceiverKind = (typeof TRANSFER_RECEIVER_KINDS)[number];

export const NOTIFICATION_CHANNELS = ['email', 'webhook', 'sms', 'letter'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

/**
 * 待发送 is written before a message goes out and replaced once the channel
 * answers, so a row still 待发送 means the sender stopped mid-way and the
 * outcome is unknown (see workers/notify).
 */
export const DELIVERY_RESULTS = ['已发送', '发送失败', '待发送'] as const;
export type DeliveryResult = (typeof DELIVERY_RESULTS)[number];

/** 通报曝光: 000 第十四条, the 反面典型 and hazards a 综合督查 exposes. */
export const DISCLOSURE_KINDS = ['进驻公告', '巡查结果', '督查结果', '检查结果', '整改情况', '问题隐患曝光', '通报曝光', '行政处罚', '典型执法案例', '失信惩戒'] as const;
export type DisclosureKind = (typeof DISCLOSURE_KINDS)[number];

/** 检查记录 kinds the 调度表 counts: enterprises checked and enterprises helped. */
export const INSPECTION_KINDS = ['执法检查', '抽查检查', '帮扶指导'] as const;
export type InspectionKind = (typeof INSPECTION_KINDS)[number];

/** 执法与问责措施 the 调度表 counts (部门精准严格执法情况). */
export const ENFORCEMENT_KINDS = [
  '行政处罚',
  '一案双罚',
  '移送司法机关',
  '责令停产整顿',
  '提请关闭',
  '曝光',
  '约谈',
  '联合惩戒',
  '通报',
  '责任追究',
  '行政强制措施',
] as const;
export type EnforcementKind = (typeof ENFORCEMENT_KINDS)[number];

/** An instant as ISO-8601 in UTC with milliseconds, e.g. `2026-03-02T01:30:00.000Z`. */
export type Timestamp = string;
/** A calendar day, `YYYY-MM-DD`. */
export type CalendarDate = string;
/** Accepted wherever an instant is read: a Date, or ISO-8601 text with `Z` or an offset. */
export type InstantInput = Date | string;

/** The key that makes a write happen once per job: `${elementInstanceKey}:${purpose}` or the job key. */
export interface Idempotent {
  readonly idempotencyKey: string;
}

/** The outcome of an insert-or-return-existing write. */
export interface Recorded<T> {
  /** False when a row with the same idempotency key already existed; `record` is then that row. */
  readonly isNew: boolean;
  readonly record: T;
}

/** The outcome of a state change that a retried job may repeat. */
export interface Changed<T> {
  /** False when the change had already been made (same key, or already in the target state). */
  readonly changed: boolean;
  readonly record: T;
}

interface RowTimestamps {
  readonly id: string;
  readonly idempotencyKey: string;
  readonly createdAt: Timestamp;
  readonly updatedAt: Timestamp;
}

export interface ClueInput extends Idempotent {
  readonly source: ClueSource;
  readonly content: string;
  readonly reporterContact?: string;
  readonly processInstanceKey?: string;
  /** When the clue was received; defaults to now. */
  readonly receivedAt?: InstantInput;
}

export interface Clue extends RowTimestamps {
  readonly source: ClueSource;
  readonly content: string;
  readonly reporterContact: string | null;
  readonly processInstanceKey: string | null;
  readonly status: ClueStatus;
  readonly receivedAt: Timestamp;
  readonly closedAt: Timestamp | null;
}

/**
 * The campaign (专项整治行动编号, e.g. jinxian-2023-major-hazards) and the reporting unit (填报单位 id: a 乡镇 or
 * a 县安委会成员单位) a row counts for in the monthly 调度表 of seed 004 (附件: each unit reports its own table to
 * the 县安委办). Both absent outside a campaign.
 */
export interface LedgerScope {
  readonly campaignId?: string;
  readonly reportingUnitId?: string;
}

export interface FindingInput extends Idempotent, LedgerScope {
  readonly category: FindingCategory;
  readonly source: FindingSource;
  /** 被检查单位 or responsible unit. */
  readonly unitName: string;
  /** 统一社会信用代码, when known: counts distinct enterprises reliably. */
  readonly unitCreditCode?: string;
  /** 属地, e.g. the town or county. */
  readonly region?: string;
  readonly description: string;
  readonly rectificationDeadline?: CalendarDate;
  readonly processInstanceKey?: string;
  readonly clueId?: string;
  /** Defaults to now. */
  readonly foundAt?: InstantInput;
}

export interface SupervisionListing {
  /** The body that lists it, e.g. 县安委会. */
  readonly authority: string;
  /** 督办文号. */
  readonly documentNumber: string | null;
  readonly listedAt: Timestamp;
}

export interface Finding extends RowTimestamps {
  readonly category: FindingCategory;
  readonly source: FindingSource;
  readonly unitName: string;
  readonly unitCreditCode: string | null;
  readonly region: string | null;
  readonly description: string;
  readonly rectificationDeadline: CalendarDate | null;
  readonly processInstanceKey: string | null;
  readonly clueId: string | null;
  readonly status: FindingStatus;
  readonly foundAt: Timestamp;
  /** When the finding was 销号 after review. */
  readonly rectifiedAt: Timestamp | null;
  /** 挂牌督办; null when not listed. */
  readonly listing: SupervisionListing | null;
  /** 销号: who checked, how and when, with the 摘牌 of a listed hazard; null while open or when closed without a record. */
  readonly closure: FindingClosure | null;
  readonly campaignId: string | null;
  readonly reportingUnitId: string | null;
}

/** The record of a 销号 (seed 003 审核把关销号; 004 二(一)2 挂牌督办 … 摘牌销号). */
export interface FindingClosure {
  /** Who checked the rectification on the spot or on the papers, e.g. 县应急管理局 王某某. */
  readonly checkedBy: string;
  /** How: 现场核查, 书面审查 … */
  readonly method: string;
  readonly checkedOn: CalendarDate;
  /** 摘牌 of a 挂牌督办 hazard; null for one that was not listed. */
  readonly delisting: { readonly on: CalendarDate; readonly documentNumber: string | null } | null;
}

export interface FindingClosureInput {
  readonly checkedBy: string;
  readonly method: string;
  readonly checkedOn: string;
  readonly delisting?: { readonly on: string; readonly documentNumber?: string };
}

export interface StatusUpdateInput<Status extends string> extends Idempotent {
  readonly status: Status;
  /** Defaults to now. */
  readonly at?: InstantInput;
  readonly note?: string;
}

export interface SupervisionListingInput {
  readonly findingId: string;
  readonly authority: string;
  readonly documentNumber?: string;
  /** Defaults to now. */
  readonly listedAt?: InstantInput;
}

export interface FindingFilter {
  readonly category?: FindingCategory;
  readonly status?: FindingStatus;
  readonly source?: FindingSource;
  readonly region?: string;
  readonly unitName?: string;
  readonly listed?: boolean;
  /** Only findings not yet 已销号. */
  readonly open?: boolean;
  /** foundAt ≥ foundFrom. */
  readonly foundFrom?: InstantInput;
  /** foundAt < foundBefore. */
  readonly foundBefore?: InstantInput;
  readonly processInstanceKey?: string;
  readonly limit?: number;
}

export type MajorHazardFilter = Omit<FindingFilter, 'category'>;

export interface TransferInput extends Idempotent {
  /**
   * The transfer's id when it was issued before the transfer is recorded: the
   * 移交函 carries it and the receiver's 回执 quotes it. Defaults to a new UUID.
   */
  readonly id?: string;
  readonly receiverKind: TransferReceiverKind;
  /** The receiving organ by name, e.g. 县纪委监委. */
  readonly receiverName: string;
  /** 移交函文号. */
  readonly letterNumber: string;
  readonly clueId?: string;
  readonly findingId?: string;
  readonly processInstanceKey?: string;
  /** Defaults to now. */
  readonly sentAt?: InstantInput;
}

export interface Transfer extends RowTimestamps {
  readonly receiverKind: TransferReceiverKind;
  readonly receiverName: string;
  readonly letterNumber: string;
  readonly clueId: string | null;
  readonly findingId: string | null;
  readonly processInstanceKey: string | null;
  readonly sentAt: Timestamp;
  readonly receiptReceivedAt: Timestamp | null;
  /** 办理结果 reported back by the receiver. */
  readonly outcome: string | null;
}

export interface TransferReceiptInput {
  readonly transferId: string;
  /** Defaults to now. */
  readonly receivedAt?: InstantInput;
  readonly outcome?: string;
}

export interface NotificationInput extends Idempotent {
  /** e.g. 进驻通知, 反馈意见, 函告, 约谈通知, 催办. */
  readonly noticeType: string;
  readonly channel: NotificationChannel;
  readonly recipient: string;
  readonly subject: string;
  /** The full text sent; only its SHA-256 digest is kept. */
  readonly body: string;
  readonly deliveryResult: DeliveryResult;
  /** SMTP reply, HTTP status or failure reason. */
  readonly deliveryDetail?: string;
  readonly processInstanceKey?: string;
  /** Defaults to now. */
  readonly sentAt?: InstantInput;
}

/** The channel's answer for a recorded notification; 已发送 is final. */
export interface NotificationDeliveryInput {
  readonly notificationId: string;
  readonly deliveryResult: DeliveryResult;
  /** SMTP reply, HTTP status, mailbox file or failure reason. */
  readonly deliveryDetail?: string;
  /** Defaults to now. */
  readonly sentAt?: InstantInput;
}

export interface NotificationClaimInput {
  readonly notificationId: string;
  /** One id per delivery attempt. */
  readonly claimant: string;
  /** How long the claim holds without a result: the sending job's lock duration. */
  readonly leaseMs: number;
}

/** Whether this attempt may send; if not, until when the other attempt's claim holds (null: the notice is delivered). */
export type NotificationClaim = { readonly claimed: true } | { readonly claimed: false; readonly heldUntil: string | null };

export interface Notification extends RowTimestamps {
  readonly noticeType: string;
  readonly channel: NotificationChannel;
  readonly recipient: string;
  readonly subject: string;
  /** Lower-case hex SHA-256 of the UTF-8 body. */
  readonly bodyDigest: string;
  readonly deliveryResult: DeliveryResult;
  readonly deliveryDetail: string | null;
  readonly processInstanceKey: string | null;
  readonly sentAt: Timestamp;
}

export interface DisclosureInput extends Idempotent {
  readonly kind: DisclosureKind;
  readonly title: string;
  /** Where it was published: a URL or a path on the publishing site. */
  readonly location: string;
  readonly processInstanceKey?: string;
  /** Defaults to now. */
  readonly publishedAt?: InstantInput;
}

export interface Disclosure extends RowTimestamps {
  readonly kind: DisclosureKind;
  readonly title: string;
  readonly location: string;
  readonly processInstanceKey: string | null;
  readonly publishedAt: Timestamp;
  /** When the notice was withdrawn (a 失信 listing ended, migration 13); null while it stands. */
  readonly withdrawnAt: Timestamp | null;
}

export interface InspectionInput extends Idempotent, LedgerScope {
  readonly kind: InspectionKind;
  readonly unitName: string;
  readonly unitCreditCode?: string;
  readonly region?: string;
  readonly inspectingOrgan: string;
  /** 谁检查、谁签名、谁负责 (004 二(二)5): the inspectors who signed the record, and the day (YYYY-MM-DD). */
  readonly inspectorNames?: string;
  readonly inspectorSignedOn?: CalendarDate;
  readonly processInstanceKey?: string;
  /** Defaults to now. */
  readonly inspectedAt?: InstantInput;
}

export interface Inspection extends RowTimestamps {
  readonly kind: InspectionKind;
  readonly unitName: string;
  readonly unitCreditCode: string | null;
  readonly region: string | null;
  readonly inspectingOrgan: string;
  readonly inspectorNames: string | null;
  readonly inspectorSignedOn: CalendarDate | null;
  readonly processInstanceKey: string | null;
  readonly inspectedAt: Timestamp;
  readonly campaignId: string | null;
  readonly reportingUnitId: string | null;
}

/** A 专项检查方案 in the ledger: which 行业领域 of which 辖区 it covers in which year (000 第十五条). */
export interface InspectionPlanInput extends Idempotent {
  readonly industry: string;
  readonly jurisdiction: string;
  /** 重点行业领域: at least once a year; otherwise at least once every two years. */
  readonly keyIndustry: boolean;
  readonly year: number;
  readonly planTitle: string;
  readonly leadDepartment: string;
  readonly processInstanceKey?: string;
}

export interface InspectionPlan extends RowTimestamps {
  readonly industry: string;
  readonly jurisdiction: string;
  readonly keyIndustry: boolean;
  readonly year: number;
  readonly planTitle: string;
  readonly leadDepartment: string;
  readonly processInstanceKey: string | null;
}

export interface InspectionPlanFilter {
  readonly industry?: string;
  readonly jurisdiction?: string;
  readonly fromYear?: number;
  readonly toYear?: number;
}

export interface EnforcementActionInput extends Idempotent, LedgerScope {
  readonly kind: EnforcementKind;
  readonly unitName: string;
  readonly unitCreditCode?: string;
  readonly decidingOrgan: string;
  /** 罚款 in yuan, at most two decimals. */
  readonly fineYuan?: number;
  /** People concerned, e.g. 移送司法机关(人) or 责任追究(人). */
  readonly personCount?: number;
  /** 决定书文号. */
  readonly documentNumber?: string;
  readonly findingId?: string;
  /** Every finding the measure punishes, in the order ticked (migration 13); findingId, when given, comes first. */
  readonly findingIds?: readonly string[];
  readonly processInstanceKey?: string;
  /** Defaults to now. */
  readonly decidedAt?: InstantInput;
}

export interface EnforcementAction extends RowTimestamps {
  readonly kind: EnforcementKind;
  readonly unitName: string;
  readonly unitCreditCode: string | null;
  readonly decidingOrgan: string;
  readonly fineYuan: number;
  readonly personCount: number;
  readonly documentNumber: string | null;
  /** The first of {@link findingIds}. */
  readonly findingId: string | null;
  /** Every finding the measure punishes (enforcement_findings, migration 13). */
  readonly findingIds: readonly string[];
  readonly processInstanceKey: string | null;
  readonly decidedAt: Timestamp;
  readonly campaignId: string | null;
  readonly reportingUnitId: string | null;
}

/** 填报单位: a 乡镇 or member unit's own 调度表; 汇总: the 县安委办's consolidated table (seed 004 附件注1). */
export const DISPATCH_SUBMISSION_KINDS = ['填报单位', '汇总'] as const;
export type DispatchSubmissionKind = (typeof DISPATCH_SUBMISSION_KINDS)[number];

/** Every number of a 调度表 by item key (workers/campaign/dispatch-table.ts); null where nothing was entered. */
export type DispatchSubmissionFields = { readonly [key: string]: number | boolean | null };

export interface DispatchSubmissionInput extends Idempotent {
  readonly campaignId: string;
  /** YYYY-MM */
  readonly dispatchMonth: string;
  readonly kind: DispatchSubmissionKind;
  /** The reporting unit's id; absent for the consolidated table. */
  readonly reportingUnitId?: string;
  /** The unit's name, or the 县安委办's for the consolidated table. */
  readonly reportingUnitName: string;
  readonly fields: DispatchSubmissionFields;
  /** 文号 entered for the submission. */
  readonly documentNumber?: string;
  /** 填报人 / 审核人. */
  readonly submittedBy?: string;
  readonly note?: string;
  readonly processInstanceKey?: string;
  /** The cumulative statistics period [from, before). */
  readonly periodFrom: InstantInput;
  readonly periodBefore: InstantInput;
  /** Defaults to now. */
  readonly submittedAt?: InstantInput;
}

export interface DispatchSubmission extends RowTimestamps {
  readonly campaignId: string;
  readonly dispatchMonth: string;
  readonly kind: DispatchSubmissionKind;
  readonly reportingUnitId: string | null;
  readonly reportingUnitName: string;
  readonly fields: DispatchSubmissionFields;
  readonly documentNumber: string | null;
  readonly submittedBy: string | null;
  readonly note: string | null;
  readonly processInstanceKey: string | null;
  readonly periodFrom: Timestamp;
  readonly periodBefore: Timestamp;
  readonly submittedAt: Timestamp;
}

export interface DispatchSubmissionFilter {
  readonly campaignId: string;
  readonly dispatchMonth?: string;
  readonly processInstanceKey?: string;
  readonly kind?: DispatchSubmissionKind;
  readonly limit?: number;
}

/**
 * 督办措施 after a missed deadline, as the ledger stores them (overdue-escalation).
 * For a unit: 000 第五条 督办、函告、通报、约谈; 001 四(七) 专项督查、责任追究建议.
 * For an enterprise: 004 二(二)3 一案双罚、停产整顿、提请关闭 (and 000 第六条 限期消除).
 */
export const UNIT_ESCALATION_MEASURES = ['函告', '通报', '约谈', '专项督查', '提请责任追究'] as const;
export const ENTERPRISE_ESCALATION_MEASURES = ['责令限期整改', '一案双罚', '责令停产整顿', '提请关闭'] as const;
export const ESCALATION_MEASURES = [...UNIT_ESCALATION_MEASURES, ...ENTERPRISE_ESCALATION_MEASURES] as const;
export type EscalationMeasureName = (typeof ESCALATION_MEASURES)[number];

/** Who missed the deadline: 单位 (党委政府、部门、单位) or 企业 (生产经营单位). */
export const OVERDUE_PARTY_KINDS = ['单位', '企业'] as const;
export type OverduePartyKindName = (typeof OVERDUE_PARTY_KINDS)[number];

/** Enterprise measures that are also 执法 records the 调度表 counts (the names are the same). */
export const ESCALATION_ENFORCEMENT_KINDS: Readonly<Partial<Record<EscalationMeasureName, EnforcementKind>>> = {
  一案双罚: '一案双罚',
  责令停产整顿: '责令停产整顿',
  提请关闭: '提请关闭',
};

/** The measure's own fields, kept as JSON: 约谈 date and place, 责任追究 cadres, 限期, 通报范围 … */
export type EscalationDetails = { readonly [key: string]: unknown };

export interface EscalationDecisionInput extends Idempotent {
  readonly measure: EscalationMeasureName;
  readonly partyName: string;
  readonly partyKind: OverduePartyKindName;
  readonly partyCreditCode?: string;
  /** 逾期事项, e.g. 报送整改方案. */
  readonly overdueSubject: string;
  readonly overdueDueDate: CalendarDate;
  /** Candidate group id of the deciding organ, e.g. anwei-ban. */
  readonly decidingGroup: string;
  /** Its name, e.g. 安委办 or 县应急管理局. */
  readonly decidingOrgan: string;
  /** 情节 and reasons (视情节轻重, 001 四(七)). */
  readonly reason: string;
  readonly documentNumber?: string;
  readonly details?: EscalationDetails;
  readonly caseTitle?: string;
  /** The finding whose deadline was missed, if any. */
  readonly findingId?: string;
  /** The procedure whose deadline was missed. */
  readonly callerProcessInstanceKey?: string;
  readonly processInstanceKey?: string;
  /** 罚款 in yuan, for 一案双罚. */
  readonly fineYuan?: number;
  /** People concerned (一案双罚: the principal). */
  readonly personCount?: number;
  /** Defaults to now. */
  readonly decidedAt?: InstantInput;
}

export interface EscalationDecision extends RowTimestamps {
  readonly measure: EscalationMeasureName;
  readonly partyName: string;
  readonly partyKind: OverduePartyKindName;
  readonly partyCreditCode: string | null;
  readonly overdueSubject: string;
  readonly overdueDueDate: CalendarDate;
  readonly decidingGroup: string;
  readonly decidingOrgan: string;
  readonly reason: string;
  readonly documentNumber: string | null;
  readonly details: EscalationDetails;
  readonly caseTitle: string | null;
  readonly findingId: string | null;
  /** The 执法 record written with an enterprise measure that the 调度表 counts; null otherwise. */
  readonly enforcementActionId: string | null;
  readonly callerProcessInstanceKey: string | null;
  readonly processInstanceKey: string | null;
  readonly decidedAt: Timestamp;
}

export interface EscalationDecisionFilter {
  readonly callerProcessInstanceKey?: string;
  readonly processInstanceKey?: string;
  readonly partyName?: string;
  readonly measure?: EscalationMeasureName;
  readonly limit?: number;
}

export type StatusEntity = 'clue' | 'finding';

export interface StatusChange {
  readonly entityType: StatusEntity;
  readonly entityId: string;
  readonly fromStatus: string | null;
  readonly toStatus: string;
  readonly changedAt: Timestamp;
  readonly note: string | null;
  readonly idempotencyKey: string;
}

/** A half-open interval [from, before) of instants. */
export interface InstantRange {
  readonly from: InstantInput;
  readonly before: InstantInput;
}

export interface FoundAndRectified {
  /** Found within the range. */
  readonly found: number;
  /** Of those found within the range, rectified (已销号) before its end. */
  readonly rectified: number;
}

export interface EnforcementTotals {
  readonly count: number;
  /** Distinct enterprises (by credit code, else by name). */
  readonly units: number;
  readonly fineYuan: number;
  readonly personCount: number;
}

/** Counts over a period; seed 004's 调度表 is this with `from` set to the campaign start. */
export interface LedgerSummary {
  readonly from: Timestamp;
  readonly before: Timestamp;
  readonly findingsByCategory: Readonly<Record<FindingCategory, FoundAndRectified>>;
  /** Current status of the findings found within the range. */
  readonly findingsByStatus: Readonly<Record<FindingStatus, number>>;
  readonly majorHazardsBySource: Readonly<Record<FindingSource, FoundAndRectified>>;
  /** 政府挂牌督办的重大事故隐患, by listing date within the range. */
  readonly listedMajorHazards: FoundAndRectified;
  /** Distinct enterprises per inspection kind. */
  readonly enterprisesByInspectionKind: Readonly<Record<InspectionKind, number>>;
  readonly enforcementByKind: Readonly<Record<EnforcementKind, EnforcementTotals>>;
  readonly cluesBySource: Readonly<Record<ClueSource, number>>;
  readonly transfers: { readonly sent: number; readonly receiptReceived: number };
  readonly notifications: Readonly<Record<DeliveryResult, number>>;
  readonly disclosures: number;
  /**
   * 督办决定 after missed deadlines, by decision date: per measure, how many were
   * taken against units (地区、部门、单位) and how many against enterprises. The
   * 调度表's 约谈通报有关地区及部门(次) is 约谈 + 通报 on units.
   */
  readonly escalationsByMeasure: Readonly<Record<EscalationMeasureName, { readonly units: number; readonly enterprises: number }>>;
}
