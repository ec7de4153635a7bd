/**
 * What an enforcement action (enforcement_actions) decided beyond its kind and
 * total (migration 12), as seed 004 二(二)3 requires it:
 *
 * - 一案双罚: every party punished — the enterprise and its 主要负责人 /
 *   实际控制人 — each with its own penalty and fine (`enforcement_parties`);
 * - 提请关闭 and 移送司法机关: the document sent (提请关闭函, 涉嫌犯罪案件移送书)
 *   with its 文号, 发文机关, 主送 and 抄送, the consequence it states (行业禁入)
 *   and the answer: the 本级人民政府's decision or the 公安机关's 回执/受理
 *   (`enforcement_documents`).
 *
 * The finding punished is the enforcement action's own link (finding_id).
 * Rows are written once per enforcement action: a redelivered job reads them back.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { LedgerMigration } from './migrations.ts';
import { InputCheck, MAX_SHORT_TEXT_LENGTH } from './validation.ts';

/** Who a 一案双罚 punishes: the unit, and its 主要负责人 or 实际控制人 (004 二(二)3 企业和企业主要负责人). */
export const ENFORCEMENT_PARTY_ROLES = ['企业', '主要负责人', '实际控制人', '其他负责人'] as const;
export type EnforcementPartyRole = (typeof ENFORCEMENT_PARTY_ROLES)[number];

export const ENFORCEMENT_DOCUMENT_NAMES = ['行政处罚决定书', '提请关闭函', '涉嫌犯罪案件移送书'] as const;
export type EnforcementDocumentName = (typeof ENFORCEMENT_DOCUMENT_NAMES)[number];

export const MAX_ENFORCEMENT_PARTIES = 20;
const MAX_TEXT = 2_000;

export interface EnforcementPartyInput {
  readonly role: EnforcementPartyRole;
  readonly name: string;
  /** 处罚内容, e.g. 罚款人民币20万元. */
  readonly penalty: string;
  readonly fineYuan?: number;
}

export interface EnforcementDocumentInput {
  readonly documentName: EnforcementDocumentName;
  readonly documentNumber: string;
  readonly issuer: string;
  readonly receiverName: string;
  readonly ccNames?: readonly string[];
  /** The consequence the document states, e.g. the 行业禁入 of the 主要负责人. */
  readonly consequence?: string;
  /** The answer: 同意关闭 / 不同意关闭 (government), 受理 / 不予受理 (公安机关). */
  readonly outcome?: string;
  /** 政府决定文号 or 回执编号. */
  readonly outcomeDocumentNumber?: string;
  /** YYYY-MM-DD or ISO date-time. */
  readonly outcomeDate?: string;
  readonly outcomeNote?: string;
}

export interface EnforcementDetailsInput {
  readonly enforcementActionId: string;
  readonly parties?: readonly EnforcementPartyInput[];
  readonly document?: EnforcementDocumentInput;
}

export interface EnforcementParty {
  readonly seq: number;
  readonly role: EnforcementPartyRole;
  readonly name: string;
  readonly penalty: string;
  readonly fineYuan: number;
}

export interface EnforcementDocument {
  readonly documentName: EnforcementDocumentName;
  readonly documentNumber: string;
  readonly issuer: string;
  readonly receiverName: string;
  readonly ccNames: string[];
  readonly consequence: string | null;
  readonly outcome: string | null;
  readonly outcomeDocumentNumber: string | null;
  readonly outcomeDate: string | null;
  readonly outcomeNote: string | null;
}

export interface EnforcementDetails {
  readonly enforcementActionId: string;
  readonly parties: EnforcementParty[];
  readonly document: EnforcementDocument | null;
}

interface PartyRow {
  id: string;
  enforcement_action_id: string;
  seq: number;
  role: string;
  name: string;
  penalty: string;
  fine_fen: number;
  created_at: string;
}

interface DocumentRow {
  id: string;
  enforcement_action_id: string;
  document_name: string;
  document_number: string;
  issuer: string;
  receiver_name: string;
  cc_names: string;
  consequence: string | null;
  outcome: string | null;
  outcome_document_number: string | null;
  outcome_date: string | null;
  outcome_note: string | null;
  created_at: string;
}

/** The tables this module owns, for its own queries. */
export interface EnforcementDetailTables {
  enforcement_parties: PartyRow;
  enforcement_documents: DocumentRow;
  enforcement_actions: { id: string };
}

type Db = Kysely<EnforcementDetailTables> | Transaction<EnforcementDetailTables>;

export const ENFORCEMENT_DETAILS_MIGRATION: LedgerMigration = {
  version: 12,
  name: 'parties of a 一案双罚 and the 提请关闭函 / 涉嫌犯罪案件移送书 of an enforcement action with their answer (004 二(二)3)',
  async up(db, types) {
    await db.schema
      .createTable('enforcement_parties')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('enforcement_action_id', 'text', (column) => column.notNull().references('enforcement_actions.id'))
      .addColumn('seq', 'integer', (column) => column.notNull())
      .addColumn('role', 'text', (column) => column.notNull())
      .addColumn('name', 'text', (column) => column.notNull())
      .addColumn('penalty', 'text', (column) => column.notNull())
      .addColumn('fine_fen', 'integer', (column) => column.notNull())
      .addColumn('created_at', types.instant, (column) => column.notNull())
      .addUniqueConstraint('enforcement_parties_action_seq', ['enforcement_action_id', 'seq'])
      .execute();
    await db.schema
      .createTable('enforcement_documents')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('enforcement_action_id', 'text', (column) => column.notNull().unique().references('enforcement_actions.id'))
      .addColumn('document_name', 'text', (column) => column.notNull())
      .addColumn('document_number', 'text', (column) => column.notNull())
      .addColumn('issuer', 'text', (column) => column.notNull())
      .addColumn('receiver_name', 'text', (column) => column.notNull())
      .addColumn('cc_names', 'text', (column) => column.notNull())
      .addColumn('consequence', 'text')
      .addColumn('outcome', 'text')
      .addColumn('outcome_document_number', 'text')
      .addColumn('outcome_date', 'text')
      .addColumn('outcome_note', 'text')
      .addColumn('created_at', types.instant, (column) => column.notNull())
      .execute();
    // 谁检查、谁签名、谁负责 (004 二(二)5): the 检查记录 keeps who signed it and when; rows written before keep null.
    await db.schema.alterTable('inspections').addColumn('inspector_names', 'text').execute();
    await db.schema.alterTable('inspections').addColumn('inspector_signed_on', 'text').execute();
  },
};

function checked(input: EnforcementDetailsInput, now: string): { parties: PartyRow[]; document: DocumentRow | null; actionId: string; check: InputCheck } {
  const check = new InputCheck('recordEnforcementDetails');
  const actionId = check.text('enforcementActionId', input.enforcementActionId, MAX_SHORT_TEXT_LENGTH);
  const parties = input.parties ?? [];
  if (parties.length > MAX_ENFORCEMENT_PARTIES) check.problem(`被处罚对象最多 ${MAX_ENFORCEMENT_PARTIES} 个`, `at most ${MAX_ENFORCEMENT_PARTIES} parties`);
  const partyRows = parties.slice(0, MAX_ENFORCEMENT_PARTIES).map(
    (party, index): PartyRow => ({
      id: randomUUID(),
      enforcement_action_id: actionId,
      seq: index + 1,
      role: check.choice(`parties[${index}].role`, party.role, ENFORCEMENT_PARTY_ROLES),
      name: check.text(`parties[${index}].name`, party.name, MAX_SHORT_TEXT_LENGTH),
      penalty: check.text(`parties[${index}].penalty`, party.penalty, MAX_TEXT),
      fine_fen: check.yuanAsFen(`parties[${index}].fineYuan`, party.fineYuan),
      created_at: now,
    }),
  );
  const given = input.document;
  const document: DocumentRow | null =
    given === undefined
      ? null
      : {
          id: randomUUID(),
          enforcement_action_id: actionId,
          document_name: check.choice('document.documentName', given.documentName, ENFORCEMENT_DOCUMENT_NAMES),
          document_number: check.text('document.documentNumber', given.documentNumber, MAX_SHORT_TEXT_LENGTH),
          issuer: check.text('document.issuer', given.issuer, MAX_SHORT_TEXT_LENGTH),
          receiver_name: check.text('document.receiverName', given.receiverName, MAX_SHORT_TEXT_LENGTH),
          cc_names: JSON.stringify((given.ccNames ?? []).map((name, index) => check.text(`document.ccNames[${index}]`, name, MAX_SHORT_TEXT_LENGTH))),
          consequence: check.optionalText('document.consequence', given.consequence, MAX_TEXT),
          outcome: check.optionalText('document.outcome', given.outcome, MAX_SHORT_TEXT_LENGTH),
          outcome_document_number: check.optionalText('document.outcomeDocumentNumber', given.outcomeDocumentNumber, MAX_SHORT_TEXT_LENGTH),
          outcome_date: check.optionalText('document.outcomeDate', given.outcomeDate, 40),
          outcome_note: check.optionalText('document.outcomeNote', given.outcomeNote, MAX_TEXT),
          created_at: now,
        };
  return { parties: partyRows, document, actionId, check };
}

function toParty(row: PartyRow): EnforcementParty {
  return { seq: Number(row.seq), role: row.role as EnforcementPartyRole, name: row.name, penalty: row.penalty, fineYuan: Number(row.fine_fen) / 100 };
}

function toDocument(row: DocumentRow): EnforcementDocument {
  return {
    documentName: row.document_name as EnforcementDocumentName,
    documentNumber: row.document_number,
    issuer: row.issuer,
    receiverName: row.receiver_name,
    ccNames: JSON.parse(row.cc_names) as string[],
    consequence: row.consequence,
    outcome: row.outcome,
    outcomeDocumentNumber: row.outcome_document_number,
    outcomeDate: row.outcome_date,
    outcomeNote: row.outcome_note,
  };
}

export async function getEnforcementDetails(read: Db, enforcementActionId: string): Promise<EnforcementDetails> {
  const parties = await read.selectFrom('enforcement_parties').selectAll().where('enforcement_action_id', '=', enforcementActionId).orderBy('seq').execute();
  const document = await read.selectFrom('enforcement_documents').selectAll().where('enforcement_action_id', '=', enforcementActionId).executeTakeFirst();
  return { enforcementActionId, parties: parties.map(toParty), document: document ? toDocument(document) : null };
}

/**
 * Writes the parties and the document of one enforcement action, once: when
 * rows exist already (a redelivered job), they are returned unchanged.
 */
export async function recordEnforcementDetails(
  runInTransaction: <T>(work: (transaction: Transaction<EnforcementDetailTables>) => Promise<T>) => Promise<T>,
  input: EnforcementDetailsInput,
  now: () => Date,
): Promise<EnforcementDetails> {
  const { parties, document, actionId, check } = checked(input, now().toISOString());
  return runInTransaction(async (transaction) => {
    const action = await transaction.selectFrom('enforcement_actions').select('id').where('id', '=', actionId).executeTakeFirst();
    if (!action) check.problem(`台账中没有执法记录 ${actionId}`, `no enforcement action ${actionId} in the ledger`);
    check.done();
    const hasParties = await transaction.selectFrom('enforcement_parties').select('id').where('enforcement_action_id', '=', actionId).executeTakeFirst();
    if (!hasParties && parties.length > 0) await transaction.insertInto('enforcement_parties').values(parties).execute();
    const hasDocument = await transaction.selectFrom('enforcement_documents').select('id').where('enforcement_action_id', '=', actionId).executeTakeFirst();
    if (!hasDocument && document !== null) await transaction.insertInto('enforcement_documents').values(document).execute();
    return getEnforcementDetails(transaction, actionId);
  });
}
