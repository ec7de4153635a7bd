/**
 * The organs a clue or finding is transferred to (000 第九条（四）、第十条;
 * 001 四（六）), by the contract's Receiver id, with the kind the ledger
 * records. The letter's 主送 is the actual body the recipient directory
 * resolves (workers/notify/directory.ts), not this kind.
 */
import { Receiver, TRANSFER_RECEIVERS, type TransferReceiver } from '../contract.ts';
import type { TransferReceiverKind } from '../ledger/index.ts';

export const RECEIVER_NAMES: Readonly<Record<TransferReceiver, TransferReceiverKind>> = {
  [Receiver.disciplineInspection]: '纪检监察机关',
  [Receiver.organizationDepartment]: '党委组织部门',
  [Receiver.localPartyGovernment]: '属地党委政府',
  [Receiver.competentDepartment]: '有管辖权的部门',
  [Receiver.businessRegulator]: '业务监管部门',
};

export const RECEIVER_IDS: readonly TransferReceiver[] = TRANSFER_RECEIVERS;
