/**
 * The organs that transfer a clue or finding (移交机关), each with the
 * provision that empowers it, the wording of its 移交函 and the leader role
 * that approves and signs (签发) the letter:
 *
 * - 安委办: 000 第九条（四）(clues go to the 属地 or the competent organ),
 *   第十条 (results to 组织部门 and 纪检监察机关); 002 三（三）5 (统一由安委办移交).
 * - 牵头部门 of a 专项检查: 000 第十七条（二）(移交有管辖权的部门处理).
 * - 行业主管部门、企业主管部门: 000 第二十二条（三）(书面记录并及时将有关情况移交业务监管部门).
 * - 业务监管部门: 000 第二十二条（三）(依法依规处理); what lies outside its
 *   powers (a cadre's conduct) it transfers on.
 */
import { CandidateGroup } from '../contract.ts';

export const TRANSFERRING_ORGANS = [
  CandidateGroup.safetyCommitteeOffice,
  CandidateGroup.leadDepartment,
  CandidateGroup.industryAuthority,
  CandidateGroup.regulatoryDepartment,
] as const;
export type TransferringOrgan = (typeof TRANSFERRING_ORGANS)[number];

/** Calls from diagrams that predate the parameter are the 安委办's (002 三（三）5). */
export const DEFAULT_TRANSFERRING_ORGAN: TransferringOrgan = CandidateGroup.safetyCommitteeOffice;

export interface OrganProfile {
  /** Short name, e.g. 安委办; also the 发文单位 when nothing better is configured. */
  readonly name: string;
  /** The leader group that approves and signs the organ's letters. */
  readonly approvalGroup: CandidateGroup;
  readonly approvalGroupName: string;
  /** The provisions the letter cites. */
  readonly basis: string;
  /** How the letter says the matter was found, e.g. 我办在安全生产巡查督查中. */
  readonly occasion: string;
  /** What the letter asks of the receiver. */
  readonly request: string;
}

export const ORGAN_PROFILES: Readonly<Record<TransferringOrgan, OrganProfile>> = {
  [CandidateGroup.safetyCommitteeOffice]: {
    name: '安全生产委员会办公室',
    approvalGroup: CandidateGroup.safetyCommitteeOfficeLeader,
    approvalGroupName: '安委办负责人',
    basis: '《江西省加强安全生产巡查督查检查工作办法》第九条（四）、第十条',
    occasion: '我办在安全生产巡查督查中',
    request: '请依法依规依纪调查处理',
  },
  [CandidateGroup.leadDepartment]: {
    name: '专项检查牵头部门',
    approvalGroup: CandidateGroup.leadDepartmentLeader,
    approvalGroupName: '牵头部门负责人',
    basis: '《江西省加强安全生产巡查督查检查工作办法》第十七条（二）',
    occasion: '我单位在牵头组织的安全生产专项检查中',
    request: '请依法依规处理，并将处理情况反馈我单位',
  },
  [CandidateGroup.industryAuthority]: {
    name: '行业主管部门',
    approvalGroup: CandidateGroup.industryAuthorityLeader,
    approvalGroupName: '行业主管部门负责人',
    basis: '《江西省加强安全生产巡查督查检查工作办法》第二十二条（三）',
    occasion: '我单位在行业管理和日常监督检查中书面记录了',
    request: '请依法依规处理，并跟踪督促整改闭环',
  },
  [CandidateGroup.regulatoryDepartment]: {
    name: '业务监管部门',
    approvalGroup: CandidateGroup.regulatoryDepartmentLeader,
    approvalGroupName: '业务监管部门负责人',
    basis: '《江西省加强安全生产巡查督查检查工作办法》第二十二条（三）',
    occasion: '我单位在安全生产日常监督检查中',
    request: '请依法依规依纪调查处理',
  },
};

export function isTransferringOrgan(value: unknown): value is TransferringOrgan {
  return typeof value === 'string' && (TRANSFERRING_ORGANS as readonly string[]).includes(value);
}

/**
 * The organs that decide and sign 依法处理 documents in a special inspection
 * (004 二(二)3: 一案双罚、提请关闭、移送司法机关): the 牵头部门 (or the department
 * carrying out a joint inspection, 000 第十五条), the 安委会 when it organises
 * the inspection itself (第十五条 必要时由安委会组织), and the 业务监管部门 of a
 * daily inspection (第二十二条（三）). The 文号 代字 of each is in the
 * directory (`jurisdictions.<id>.enforcementPrefixes.<organ>.<document kind>`).
 */
export const ENFORCING_ORGANS = [CandidateGroup.leadDepartment, CandidateGroup.safetyCommittee, CandidateGroup.regulatoryDepartment] as const;
export type EnforcingOrgan = (typeof ENFORCING_ORGANS)[number];

export interface EnforcingOrganProfile {
  /** Short name; the 发文机关 when the call names no department. */
  readonly name: string;
  /** How the document says the facts were found, e.g. 在牵头组织的安全生产专项检查中. */
  readonly occasion: string;
  /** The procedure's provision the document cites before the law's. */
  readonly basis: string;
}

export const ENFORCING_ORGAN_PROFILES: Readonly<Record<EnforcingOrgan, EnforcingOrganProfile>> = {
  [CandidateGroup.leadDepartment]: {
    name: '专项检查牵头部门',
    occasion: '在安全生产专项检查中',
    basis: '《江西省加强安全生产巡查督查检查工作办法》第十七条（二）',
  },
  [CandidateGroup.safetyCommittee]: {
    name: '安全生产委员会',
    occasion: '在组织开展的安全生产专项检查中',
    basis: '《江西省加强安全生产巡查督查检查工作办法》第十五条、第十七条（二）',
  },
  [CandidateGroup.regulatoryDepartment]: {
    name: '业务监管部门',
    occasion: '在安全生产日常监督检查中',
    basis: '《江西省加强安全生产巡查督查检查工作办法》第二十二条（三）',
  },
};

/** The 依法处理 documents with a 文号 (004 二(二)3), by the notice type that renders them. */
export const ENFORCEMENT_DOCUMENT_KINDS = ['double-penalty-decision', 'closure-request', 'criminal-referral'] as const;
export type EnforcementDocumentKind = (typeof ENFORCEMENT_DOCUMENT_KINDS)[number];

export function isEnforcingOrgan(value: unknown): value is EnforcingOrgan {
  return typeof value === 'string' && (ENFORCING_ORGANS as readonly string[]).includes(value);
}
