/**
 * Database rows to the ledger's records: snake_case to camelCase, the stored
 * vocabulary back to its types, fen back to yuan.
 */
import type { Selectable } from 'kysely';
import type {
  CluesTable,
  DisclosuresTable,
  DispatchSubmissionsTable,
  EnforcementActionsTable,
  EscalationDecisionsTable,
  FindingsTable,
  InspectionPlansTable,
  InspectionsTable,
  NotificationsTable,
  StatusChangesTable,
  TransfersTable,
} from './schema.ts';
import type {
  Clue,
  ClueSource,
  ClueStatus,
  DeliveryResult,
  Disclosure,
  DisclosureKind,
  DispatchSubmission,
  DispatchSubmissionFields,
  DispatchSubmissionKind,
  EnforcementAction,
  EnforcementKind,
  EscalationDecision,
  EscalationDetails,
  EscalationMeasureName,
  Finding,
  FindingCategory,
  FindingSource,
  FindingStatus,
  Inspection,
  InspectionKind,
  InspectionPlan,
  Notification,
  NotificationChannel,
  OverduePartyKindName,
  StatusChange,
  StatusEntity,
  Transfer,
  TransferReceiverKind,
} from './types.ts';

export function toClue(row: Selectable<CluesTable>): Clue {
  return {
    id: row.id,
    idempotencyKey: row.idempotency_key,
    source: row.source as ClueSource,
    content: row.content,
    reporterContact: row.reporter_contact,
    processInstanceKey: row.process_instance_key,
    status: row.status as ClueStatus,
    receivedAt: row.received_at,
    closedAt: row.closed_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function toFinding(row: Selectable<FindingsTable>): Finding {
  return {
    id: row.id,
    idempotencyKey: row.idempotency_key,
    category: row.category as FindingCategory,
    source: row.source as FindingSource,
    unitName: row.unit_name,
    unitCreditCode: row.unit_credit_code,
    region: row.region,
    description: row.description,
    rectificationDeadline: row.rectification_deadline,
    processInstanceKey: row.process_instance_key,
    clueId: row.clue_id,
    status: row.status as FindingStatus,
    foundAt: row.found_at,
    rectifiedAt: row.rectified_at,
    listing:
      row.listed_at === null
        ? null
        : { authority: row.listing_authority ?? '', documentNumber: row.listing_document_number, listedAt: row.listed_at },
    closure:
      row.closure_checked_on === null
        ? null
        : {
            checkedBy: row.closure_checked_by ?? '',
            method: row.closure_method ?? '',
            checkedOn: row.closure_checked_on,
            delisting: row.delisted_on === null ? null : { on: row.delisted_on, documentNumber: row.delisting_document_number },
          },
    campaignId: row.campaign_id ?? null,
    reportingUnitId: row.reporting_unit_id ?? null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function toTransfer(row: Selectable<TransfersTable>): Transfer {
  return {
    id: row.id,
    idempotencyKey: row.idempotency_key,
    receiverKind: row.receiver_kind as TransferReceiverKind,
    receiverName: row.receiver_name,
    letterNumber: row.letter_number,
    clueId: row.clue_id,
    findingId: row.finding_id,
    processInstanceKey: row.process_instance_key,
    sentAt: row.sent_at,
    receiptReceivedAt: row.receipt_received_at,
    outcome: row.outcome,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function toNotification(row: Selectable<NotificationsTable>): Notification {
  return {
    id: row.id,
    idempotencyKey: row.idempotency_key,
    noticeType: row.notice_type,
    channel: row.channel as NotificationChannel,
    recipient: row.recipient,
    subject: row.subject,
    bodyDigest: row.body_digest,
    deliveryResult: row.delivery_result as DeliveryResult,
    deliveryDetail: row.delivery_detail,
    processInstanceKey: row.process_instance_key,
    sentAt: row.sent_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function toDisclosure(row: Selectable<DisclosuresTable>): Disclosure {
  return {
    id: row.id,
    idempotencyKey: row.idempotency_key,
    kind: row.kind as DisclosureKind,
    title: row.title,
    location: row.location,
    processInstanceKey: row.process_instance_key,
    publishedAt: row.published_at,
    withdrawnAt: null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function toInspection(row: Selectable<InspectionsTable>): Inspection {
  return {
    id: row.id,
    idempotencyKey: row.idempotency_key,
    kind: row.kind as InspectionKind,
    unitName: row.unit_name,
    unitCreditCode: row.unit_credit_code,
    region: row.region,
    inspectingOrgan: row.inspecting_organ,
    inspectorNames: row.inspector_names ?? null,
    inspectorSignedOn: row.inspector_signed_on ?? null,
    processInstanceKey: row.process_instance_key,
    inspectedAt: row.inspected_at,
    campaignId: row.campaign_id ?? null,
    reportingUnitId: row.reporting_unit_id ?? null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function toEnforcementAction(row: Selectable<EnforcementActionsTable>): EnforcementAction {
  return {
    id: row.id,
    idempotencyKey: row.idempotency_key,
    kind: row.kind as EnforcementKind,
    unitName: row.unit_name,
    unitCreditCode: row.unit_credit_code,
    decidingOrgan: row.deciding_organ,
    fineYuan: Number(row.fine_fen) / 100,
    personCount: Number(row.person_count),
    documentNumber: row.document_number,
    findingId: row.finding_id,
    findingIds: row.finding_id === null ? [] : [row.finding_id],
    processInstanceKey: row.process_instance_key,
    decidedAt: row.decided_at,
    campaignId: row.campaign_id ?? null,
    reportingUnitId: row.reporting_unit_id ?? null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function toDispatchSubmission(row: Selectable<DispatchSubmissionsTable>): DispatchSubmission {
  return {
    id: row.id,
    idempotencyKey: row.idempotency_key,
    campaignId: row.campaign_id,
    dispatchMonth: row.dispatch_month,
    kind: row.kind as DispatchSubmissionKind,
    reportingUnitId: row.reporting_unit_id,
    reportingUnitName: row.reporting_unit_name,
    fields: JSON.parse(row.fields) as DispatchSubmissionFields,
    documentNumber: row.document_number,
    submittedBy: row.submitted_by,
    note: row.note,
    processInstanceKey: row.process_instance_key,
    periodFrom: row.period_from,
    periodBefore: row.period_before,
    submittedAt: row.submitted_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function toStatusChange(row: Selectable<StatusChangesTable>): StatusChange {
  return {
    entityType: row.entity_type as StatusEntity,
    entityId: row.entity_id,
    fromStatus: row.from_status,
    toStatus: row.to_status,
    changedAt: row.changed_at,
    note: row.note,
    idempotencyKey: row.idempotency_key,
  };
}

export function toEscalationDecision(row: Selectable<EscalationDecisionsTable>): EscalationDecision {
  return {
    id: row.id,
    idempotencyKey: row.idempotency_key,
    measure: row.measure as EscalationMeasureName,
    partyName: row.party_name,
    partyKind: row.party_kind as OverduePartyKindName,
    partyCreditCode: row.party_credit_code,
    overdueSubject: row.overdue_subject,
    overdueDueDate: row.overdue_due_date,
    decidingGroup: row.deciding_group,
    decidingOrgan: row.deciding_organ,
    reason: row.reason,
    documentNumber: row.document_number,
    details: JSON.parse(row.details) as EscalationDetails,
    caseTitle: row.case_title,
    findingId: row.finding_id,
    enforcementActionId: row.enforcement_action_id,
    callerProcessInstanceKey: row.caller_process_instance_key,
    processInstanceKey: row.process_instance_key,
    decidedAt: row.decided_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function toInspectionPlan(row: Selectable<InspectionPlansTable>): InspectionPlan {
  return {
    id: row.id,
    idempotencyKey: row.idempotency_key,
    industry: row.industry,
    jurisdiction: row.jurisdiction,
    keyIndustry: Number(row.key_industry) === 1,
    year: Number(row.plan_year),
    planTitle: row.plan_title,
    leadDepartment: row.lead_department,
    processInstanceKey: row.process_instance_key,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
