/**
 * The campaign scope the recording workers (检查记录、问题隐患、查处措施) take beside their row: the
 * 专项整治行动编号 and the 填报单位 the row counts for in the monthly 调度表 (seed 004 附件). One definition,
 * so the three workers ask, describe and pass it the same way; the ledger checks that a unit comes with a campaign.
 */
import type { LedgerScope } from '../ledger/index.ts';
import { maybeField, textField } from '../variables.ts';
import type { InputDescription } from '../worker-definition.ts';

const MAX_SCOPE_ID_LENGTH = 500;

/** Schema entries for a worker's inputs, beside its own object. */
export const CAMPAIGN_SCOPE_FIELDS = {
  /** 专项整治行动编号 the row counts for; absent outside a campaign. */
  campaignId: maybeField(textField({ maxLength: MAX_SCOPE_ID_LENGTH })),
  /** 填报单位 id (乡镇 or member unit) whose 调度表 counts the row; needs campaignId. */
  reportingUnitId: maybeField(textField({ maxLength: MAX_SCOPE_ID_LENGTH })),
} as const;

/** Their descriptions in the element templates. */
export const CAMPAIGN_SCOPE_INPUTS: Readonly<Record<keyof typeof CAMPAIGN_SCOPE_FIELDS, InputDescription>> = {
  campaignId: {
    label: '专项整治行动编号',
    kind: 'text',
    description: '可选：专项整治行动编号（如 ${campaignId}），调度表按行动统计（进贤方案附件）；非专项整治时留空',
  },
  reportingUnitId: {
    label: '填报单位编号',
    kind: 'text',
    description: '可选：填报单位（乡镇、县安委会成员单位）编号，调度表按填报单位统计；须同时给出专项整治行动编号',
  },
};

/** The scope as the ledger takes it: only what was given. */
export function campaignScope(scope: { readonly campaignId?: string | undefined; readonly reportingUnitId?: string | undefined }): LedgerScope {
  return {
    ...(scope.campaignId === undefined ? {} : { campaignId: scope.campaignId }),
    ...(scope.reportingUnitId === undefined ? {} : { reportingUnitId: scope.reportingUnitId }),
  };
}
