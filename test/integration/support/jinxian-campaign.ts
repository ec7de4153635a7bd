/**
 * The 进贤县 重大事故隐患专项排查整治 campaign plan (seed 004) as the 牵头部门 enters it in
 * 制定专项检查方案: the 应急管理局 leads, the 市场监督管理局 is a member unit with its own plan, one
 * enterprise is inspected by the member unit. Tests of the campaign vary only its id, name and dates.
 */
export const JINXIAN_EMERGENCY = '进贤县应急管理局';
export const JINXIAN_MARKET = '进贤县市场监督管理局';
export const JINXIAN_ENTERPRISE = { unitName: '进贤县鑫达化工有限公司', unitCreditCode: '91360124MA35JKLM3Z', region: '民和镇' } as const;

export interface CampaignDates {
  readonly campaignId: string;
  readonly campaignName: string;
  /** Phase starts (企业自查自改, 集中执法检查, 总结提高) and the end of the campaign, YYYY-MM-DD. */
  readonly selfCheckStart: string;
  readonly enforcementStart: string;
  readonly summaryStart: string;
  readonly periodTo: string;
}

/** The variables of the DraftInspectionPlan task for a campaign starting on 2026-06-25. */
export function jinxianCampaignPlan(campaign: CampaignDates): Record<string, unknown> {
  return {
    planTitle: `${campaign.campaignName}工作方案`,
    leadDepartmentName: JINXIAN_EMERGENCY,
    planScope: '矿山、危险化学品、烟花爆竹、工贸等重点行业领域重大事故隐患',
    industry: '重大事故隐患专项排查整治（多行业领域）',
    planJurisdiction: '进贤县',
    keyIndustry: true,
    campaignCriteria: '各行业领域重大事故隐患判定标准中聚焦提炼的重点隐患',
    campaignKeyItems: '动火作业、外包外租、有限空间作业',
    memberUnitPlans: [
      { unitName: JINXIAN_EMERGENCY, planTitle: '危险化学品重大事故隐患专项整治方案', documentNumber: '进应急字〔2026〕8号', issuedDate: '2026-06-20' },
      { unitName: JINXIAN_MARKET, planTitle: '特种设备重大事故隐患专项整治方案', documentNumber: '进市监字〔2026〕5号', issuedDate: '2026-06-21' },
    ],
    planDocumentNumber: '进府办发〔2026〕25号',
    planFiledDate: '2026-06-17',
    periodFrom: '2026-06-25',
    periodTo: campaign.periodTo,
    campaignMode: true,
    campaignId: campaign.campaignId,
    campaignName: campaign.campaignName,
    campaignRegion: '进贤县安委办',
    selfCheckStart: campaign.selfCheckStart,
    enforcementStart: campaign.enforcementStart,
    summaryStart: campaign.summaryStart,
    enterprises: [{ ...JINXIAN_ENTERPRISE, inspectingDepartment: JINXIAN_MARKET }],
  };
}
