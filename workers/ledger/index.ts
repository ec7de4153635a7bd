/** The ledger (台账) as workers use it: open it once at start-up, share it, close it at shutdown. */
export {
  CLUE_TRANSITIONS,
  type ClueFilter,
  FINDING_TRANSITIONS,
  type Ledger,
  LedgerOpenError,
  type OpenLedgerOptions,
  type ProcessInstanceFilter,
  type TransferFilter,
  openLedger,
} from './ledger.ts';
export { LEDGER_MIGRATIONS, type LedgerBackend, type MigrationOutcome } from './migrations.ts';
export * from './types.ts';
export { LedgerInputError } from './validation.ts';
export { type LetterNumber, type LetterNumberFilter, type LetterNumberInput, formatLetterNumber } from './letter-serials.ts';
export {
  type SupervisionPlan,
  type SupervisionPlanInput,
  type SupervisionPlanRegistration,
  type SupervisionPlanRelease,
  type SupervisionPlanReleaseInput,
  type SupervisionPlanReleaseOutcome,
  type SupervisionPlanReleaseReason,
  SUPERVISION_PLAN_RELEASE_REASONS,
  SUPERVISION_PLAN_RELEASE_REASON_LABELS,
  type SupervisionTarget,
  type SupervisionTargetKind,
  SUPERVISION_TARGET_KINDS,
  SUPERVISION_TARGET_KIND_LABELS,
} from './supervision-plans.ts';
export {
  type EnforcementDetails,
  type EnforcementDetailsInput,
  type EnforcementDocument,
  type EnforcementDocumentInput,
  type EnforcementDocumentName,
  type EnforcementParty,
  type EnforcementPartyInput,
  type EnforcementPartyRole,
  ENFORCEMENT_DOCUMENT_NAMES,
  ENFORCEMENT_PARTY_ROLES,
  MAX_ENFORCEMENT_PARTIES,
} from './enforcement-details.ts';
export {
  type AccountabilityDecisionKind,
  type CampaignAccountability,
  type CampaignAccountabilityInput,
  ACCOUNTABILITY_DECISIONS,
} from './campaign-accountability.ts';
