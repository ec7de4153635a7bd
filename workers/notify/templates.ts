/**
 * The Chinese notice templates, one per NoticeType, as data: a subject and
 * the paragraphs of the body (正文). The frame every 公文 shares — 主送 line,
 * 发文单位, 成文日期, 抄送 — is added by render.ts, so a template holds only
 * what differs between notices.
 *
 * Placeholders are `{{name}}` or `{{name.field}}`, looked up in the job's
 * `context` variable first, then among the process variables. `notice.*` is
 * reserved and filled by the worker: notice.recipients (主送), notice.issuer
 * (发文单位), notice.date (成文日期).
 */
import type { NoticeType } from '../contract.ts';

export interface NoticeTemplate {
  /** 文种 in Chinese, e.g. 进驻通知; sent to webhooks beside the notice type id. */
  readonly label: string;
  /** 标题: one line. */
  readonly subject: string;
  /** 正文 paragraphs; each is indented by two full-width spaces when rendered. */
  readonly paragraphs: readonly string[];
  /**
   * 主送 as text with placeholders, e.g. `{{overdueParty.name}}`: the actual unit a
   * notice is addressed to, printed instead of the recipients' directory names
   * (who receive the mail). Without it the directory names are the 主送.
   */
  readonly addressee?: string;
  /**
   * The variable holding the notice's 文号 (发文字号), e.g. `documentNumber`;
   * printed above the 主送 line when the variable is given and not blank.
   */
  readonly documentNumberVariable?: string;
}

export const NOTICE_TEMPLATES = {
  'entry-notice': {
    label: '进驻通知',
    subject: '关于对{{patrolTarget.name}}开展安全生产巡查的通知',
    paragraphs: [
      '根据安全生产巡查工作安排，巡查组定于{{entryDate}}进驻{{patrolTarget.name}}开展安全生产巡查，时间为{{patrolDays}}天。',
      '请做好配合工作，如实提供有关情况和资料。',
      '特此通知。',
    ],
  },
  'contact-announcement': {
    label: '公布联系方式',
    subject: '关于公布{{patrolTarget.name}}安全生产巡查组联系方式的通知',
    paragraphs: [
      '巡查组于{{entryDate}}至{{patrolEndDate}}在{{patrolTarget.name}}开展安全生产巡查，期间受理反映安全生产方面问题的来信来电。',
      '联系电话：{{contactPhone}}；电子邮箱：{{contactEmail}}。',
      '请在本地区、本单位显著位置公布。',
    ],
  },
  'major-issue-assignment': {
    label: '重大问题交办',
    subject: '关于交办{{patrolTarget.name}}安全生产重大问题的函',
    paragraphs: [
      '巡查组在{{patrolTarget.name}}巡查期间发现以下重大问题：{{issueDescription}}',
      '请立即研究处置，于{{dueDate}}前将办理情况书面报送{{notice.issuer}}。',
    ],
  },
  feedback: {
    label: '反馈意见',
    subject: '关于{{patrolTarget.name}}安全生产巡查情况的反馈意见',
    paragraphs: [
      '根据安全生产巡查工作安排，现将巡查发现的主要问题反馈如下：{{feedbackSummary}}',
      '请对照问题认真研究，于{{dueDate}}前报送整改方案。',
    ],
  },
  'deadline-reminder': {
    label: '办理提醒',
    subject: '关于按期办理“{{taskName}}”的提醒',
    paragraphs: ['“{{taskName}}”的办理期限为{{dueDate}}，请抓紧办理，按期完成。'],
  },
  'overdue-letter': {
    label: '函告',
    subject: '关于逾期未完成“{{taskName}}”的函',
    paragraphs: [
      '“{{taskName}}”应于{{dueDate}}前完成，截至目前仍未办结。',
      '请于{{newDueDate}}前完成并书面说明逾期原因。逾期仍未完成的，将予以通报、约谈。',
    ],
  },
  circular: {
    label: '通报',
    subject: '关于{{circularSubject}}的通报',
    paragraphs: ['{{circularContent}}', '各地各单位要引以为戒，举一反三，切实抓好安全生产工作。'],
  },
  interview: {
    label: '约谈通知',
    subject: '关于约谈{{interviewee}}的通知',
    paragraphs: [
      '因{{interviewReason}}，定于{{interviewDate}}在{{interviewPlace}}对{{interviewee}}进行约谈。',
      '请按时参加，并提交书面情况说明。',
    ],
  },
  'result-copy': {
    label: '巡查结果抄送',
    subject: '关于{{patrolTarget.name}}安全生产巡查结果的函',
    paragraphs: ['现将对{{patrolTarget.name}}开展安全生产巡查的结果函告如下：{{resultSummary}}', '请按照职责研究处理。'],
  },
  'major-hazard-listing': {
    label: '挂牌督办通知',
    subject: '关于对{{hazard.unitName}}重大事故隐患挂牌督办的通知',
    paragraphs: [
      '经核查，{{hazard.unitName}}存在重大事故隐患：{{hazard.description}}',
      '决定对该隐患挂牌督办（督办文号：{{documentNumber}}）。请督促落实整改措施，于{{dueDate}}前完成整改并申请复核销号。',
    ],
  },
  'rectification-assignment': {
    label: '整改督办',
    subject: '关于督促{{finding.unitName}}整改问题隐患的通知',
    paragraphs: [
      '{{finding.unitName}}存在以下问题隐患：{{finding.description}}',
      '请于{{dueDate}}前完成整改，并将整改情况报送{{notice.issuer}}。',
    ],
  },
  'transfer-letter': {
    label: '移交函',
    subject: '关于移交问题线索的函（{{letterNumber}}）',
    paragraphs: [
      '在安全生产巡查督查检查中发现以下问题线索，属于贵单位职责范围，现予移交：{{clueSummary}}',
      '请依规依纪依法处理，于{{receiptDueDate}}前回执，并将办理结果反馈{{notice.issuer}}。',
    ],
  },
  'receipt-reminder': {
    label: '回执催办',
    subject: '关于催报移交函（{{letterNumber}}）回执的函',
    paragraphs: ['{{notice.issuer}}于{{sentDate}}移交的问题线索（{{letterNumber}}），至今未收到回执。', '请于{{dueDate}}前回执并反馈办理进展。'],
  },
  'supervision-notice': {
    label: '督查通知',
    addressee: '{{unitName}}',
    documentNumberVariable: 'documentNumber',
    subject: '关于对{{unitName}}开展安全生产综合督查的通知',
    paragraphs: [
      '根据{{supervisionYear}}年度安全生产综合督查工作安排，{{teamName}}（组长：{{teamLeader}}）定于{{entryDate}}至{{endDate}}进驻{{unitName}}，对安全生产工作职责履行情况开展综合督查。',
      '督查重点：{{focus}}',
      '督查方式：{{methods}}。',
      '请于进驻前准备以下材料：{{materials}}',
      '请做好配合工作，如实提供有关情况和资料。',
      '特此通知。',
    ],
  },
  'plan-filing': {
    label: '方案报备',
    subject: '关于报送《{{planTitle}}》的报告',
    paragraphs: ['现将{{organisers}}制定的《{{planTitle}}》报送你办备案（江西办法第十七条(一)）。检查时间为{{periodFrom}}至{{periodTo}}，检查范围：{{planScope}}', '特此报告。'],
  },
  'work-report': {
    label: '工作报告',
    subject: '关于{{reportTitle}}的报告',
    paragraphs: ['{{reportSummary}}', '特此报告。'],
  },
  'campaign-quarterly-circular': {
    label: '季通报',
    subject: '关于{{campaignName}}{{quarterlyCircular.label}}工作进展情况的通报',
    documentNumberVariable: 'circularNumber',
    paragraphs: [
      '按照“月调度、季通报、年总结”要求，现将{{campaignName}}{{quarterlyCircular.label}}（{{quarterlyCircular.monthsText}}）调度表报送情况通报如下。',
      '{{quarterlyCircular.unitsText}}',
      '{{quarterlyCircular.totalsText}}',
      '{{quarterlyCircular.decisionsText}}',
      '对工作推进落实不力的地区和单位，县安委会办公室将适时进行约谈、问责。请各乡镇、各有关部门对照通报抓好落实。',
    ],
  },
  'campaign-phase': {
    label: '阶段部署',
    subject: '关于{{campaignName}}进入“{{phaseName}}”阶段的通知',
    paragraphs: [
      '{{campaignName}}自{{phaseStart}}起进入“{{phaseName}}”阶段，至{{phaseEnd}}结束。',
      '本阶段重点工作：{{phaseTasks}}',
      '请各乡镇、各有关部门和单位按照方案要求有序压茬推进。',
    ],
  },
  'inspection-assignment': {
    label: '检查任务通知',
    subject: '关于对{{unitName}}开展安全生产监督检查的通知',
    // 000 第二十二条(一): the plan (or batch) number the inspection belongs to, printed when the plan has one.
    documentNumberVariable: 'planNumber',
    paragraphs: [
      '根据年度安全生产监督检查计划，经{{selection}}，由{{inspectors}}对{{unitName}}开展监督检查，请于{{dueDate}}前完成并录入检查结果。',
      '检查人员与检查对象存在利害关系的，应当主动申请回避。',
    ],
  },
  'supervision-feedback': {
    label: '督查反馈意见',
    subject: '关于{{unitName}}安全生产综合督查情况的反馈意见',
    paragraphs: [
      '根据安全生产综合督查工作安排，现将督查发现的主要问题反馈如下：{{feedbackSummary}}',
      '请对照问题认真研究整改，于{{dueDate}}前报送整改落实情况。',
    ],
  },
  'supervision-result-copy': {
    label: '督查结果抄送',
    subject: '关于{{supervisionYear}}年度安全生产综合督查结果的函',
    paragraphs: [
      '现将{{supervisionYear}}年度安委会成员单位安全生产综合督查结果函告如下：{{resultSummary}}',
      '各被督查单位督查等次和得分：{{assessmentText}}',
      '按照安全生产综合督查结果作为同级党委综合考核重要参考的规定，请按照职责研究处理。',
    ],
  },
  // overdue-escalation (逾期督办决定): 000 第五条 督办、函告、通报、约谈; 001 四(七); 002 四(二)3; 004 二(二)3
  'overdue-report': {
    label: '逾期情况报告',
    subject: '关于{{overdueParty.name}}逾期未完成“{{overdueSubject}}”的报告',
    paragraphs: [
      '{{caseTitle}}中，{{overdueParty.name}}应于{{overdueDueDate}}前完成“{{overdueSubject}}”，期限届满仍未完成。',
      '请于{{decisionDeadline.due}}前视情节轻重研究决定督办措施：对地方、部门和单位可函告、通报、约谈、专项督查或提请责任追究；对生产经营单位依法责令限期整改、实行一案双罚、责令停产整顿或提请关闭。',
    ],
  },
  'escalation-letter': {
    label: '督办函',
    addressee: '{{overdueParty.name}}',
    documentNumberVariable: 'documentNumber',
    subject: '关于督促{{overdueParty.name}}限期完成“{{overdueSubject}}”的函',
    paragraphs: [
      '{{caseTitle}}中，你单位应于{{overdueDueDate}}前完成“{{overdueSubject}}”，截至目前仍未完成。{{escalationReason}}',
      '现予函告。请于{{requiredBy}}前完成，并将逾期原因和办理情况书面报送{{notice.issuer}}。逾期仍未完成的，将视情节轻重予以通报、约谈，直至提请责任追究。',
    ],
  },
  'escalation-circular': {
    label: '通报',
    addressee: '{{circularScope}}',
    documentNumberVariable: 'documentNumber',
    subject: '关于{{overdueParty.name}}逾期未完成“{{overdueSubject}}”的通报',
    paragraphs: [
      '{{caseTitle}}中，{{overdueParty.name}}应于{{overdueDueDate}}前完成“{{overdueSubject}}”，期限届满仍未完成。{{escalationReason}}',
      '现予通报。{{overdueParty.name}}要深刻反思，立即整改，并将整改情况书面报送{{notice.issuer}}。各地各单位要引以为戒，举一反三，切实抓好安全生产工作。',
    ],
  },
  'escalation-interview': {
    label: '约谈通知',
    addressee: '{{overdueParty.name}}',
    documentNumberVariable: 'documentNumber',
    subject: '关于约谈{{overdueParty.name}}{{interviewee}}的通知',
    paragraphs: [
      '{{caseTitle}}中，你单位应于{{overdueDueDate}}前完成“{{overdueSubject}}”，期限届满仍未完成。{{escalationReason}}',
      '经研究，定于{{interviewAt}}在{{interviewPlace}}约谈你单位{{interviewee}}。',
      '请按时参加，并提交逾期原因和整改措施的书面说明。',
    ],
  },
  'special-supervision': {
    label: '专项督查通知',
    documentNumberVariable: 'documentNumber',
    subject: '关于对{{overdueParty.name}}“{{overdueSubject}}”开展专项督查的通知',
    paragraphs: [
      '{{caseTitle}}中，{{overdueParty.name}}应于{{overdueDueDate}}前完成“{{overdueSubject}}”，期限届满仍未完成。{{escalationReason}}',
      '经研究，决定对其开展专项督查。督查重点：{{supervisionFocus}}',
      '请牵头部门制定专项督查方案报安委办备案，督促整改落实到位。',
    ],
  },
  'enforcement-decision': {
    label: '执法决定告知',
    addressee: '{{overdueParty.name}}',
    documentNumberVariable: 'documentNumber',
    subject: '关于对{{overdueParty.name}}{{measureLabel}}的决定',
    paragraphs: [
      '{{caseTitle}}中，你单位应于{{overdueDueDate}}前完成“{{overdueSubject}}”，期限届满仍未完成。{{escalationReason}}',
      '{{decidingOrganName}}依法决定：{{measureText}}',
      '你单位如不服本决定，可以依法申请行政复议或者提起行政诉讼。',
    ],
  },
  'patrol-entry-notice': {
    // patrol-entry (issue 11): 主送 the actual unit, the 文号 printed, 一次一授权 (湖南制度三(三)1; 盐城方案五(二)).
    label: '进驻通知',
    subject: '关于对{{patrolTarget.name}}开展安全生产巡查的通知',
    addressee: '{{patrolTarget.name}}',
    documentNumberVariable: 'entryNoticeNumber',
    paragraphs: [
      '根据安全生产巡查工作安排，经授权（{{authorizationNumber}}），巡查组定于{{entryDate}}进驻你单位（地区）开展安全生产巡查，现场巡查时间为{{patrolDays}}天。',
      '巡查组进驻后将召开动员会，通报巡查工作任务，请党政主要负责人、班子其他领导成员以及相关部门主要负责同志参加；请做好配合工作，如实、及时提供有关情况和资料。',
      '特此通知。',
    ],
  },
  'major-issue-letter': {
    // patrol-entry (issue 11): 主送 the unit the issue is assigned to, the 交办函 文号 printed (湖南制度三(三)3).
    label: '重大问题交办函',
    subject: '关于交办{{patrolTarget.name}}安全生产重大问题的函',
    addressee: '{{majorIssueAddressee}}',
    documentNumberVariable: 'majorIssueLetterNumber',
    paragraphs: [
      '巡查组在{{patrolTarget.name}}巡查期间发现以下重大问题：{{issueDescription}}',
      '请立即研究处置，于{{dueDate}}前将办理情况书面报送{{notice.issuer}}。',
    ],
  },
  'escalation-decision-overdue': {
    label: '督办决定催办',
    subject: '关于尽快对{{overdueParty.name}}逾期未完成“{{overdueSubject}}”作出督办决定的函',
    paragraphs: [
      '{{caseTitle}}中，{{overdueParty.name}}应于{{overdueDueDate}}前完成“{{overdueSubject}}”，期限届满仍未完成。应于{{decisionDeadline.due}}前作出的督办决定至今未作出。',
      '请立即视情节轻重研究决定督办措施，不得久拖不决。',
    ],
  },
  'patrol-feedback': {
    // safety-patrol (issue 11): 主送 the patrolled unit by name (001 四(五): 由巡查组组长向被巡查地区或单位反馈; 四(七) 整改方案时限).
    label: '巡查反馈意见',
    subject: '关于{{patrolTarget.name}}安全生产巡查情况的反馈意见',
    addressee: '{{patrolTarget.name}}',
    paragraphs: [
      '根据安全生产巡查工作安排，{{patrolTeamName}}（组长{{patrolTeamLeader}}）于{{feedbackDate}}召开{{feedbackMeeting}}，向你单位（地区）主要负责人集中反馈巡查情况。现将巡查发现的主要问题和整改意见反馈如下：{{feedbackSummary}}',
      '请对照问题认真研究，制定整改方案（整改任务清单：问题、措施、责任领导、责任单位、时限），于{{dueDate}}前报送。',
    ],
  },
  'committee-inspection-notice': {
    // special-inspection: 江西办法第十五条 必要时由安委会组织开展，并可延伸至地方党委政府及有关部门; 文号 printed when given.
    label: '专项检查通知',
    subject: '关于开展{{planTitle}}的通知',
    documentNumberVariable: 'planDocumentNumber',
    paragraphs: [
      '根据安全生产工作安排，安委会决定于{{periodFrom}}至{{periodTo}}组织开展专项检查，由{{leadDepartmentName}}牵头实施。',
      '检查范围与重点：{{planScope}}',
      '请各成员单位和属地党委政府按照分工做好配合，检查结束后形成工作报告报送安委办。',
    ],
  },
  'major-hazard-copy': {
    // special-inspection: 江西办法第十七条(四) 对存在重大事故隐患的，抄送属地党委政府或者有关部门跟踪督办.
    label: '重大事故隐患抄送函',
    subject: '关于抄送{{hazard.unitName}}重大事故隐患跟踪督办的函',
    addressee: '{{hazard.region}}党委政府',
    paragraphs: [
      '{{inspectingDepartment}}在专项检查中发现{{hazard.unitName}}存在重大事故隐患：{{hazard.description}}',
      '该隐患{{disposal}}。根据《江西省加强安全生产巡查督查检查工作办法》第十七条第四项，现抄送你们，请跟踪督办，督促企业落实整改。',
    ],
  },
  'credit-listing-notice': {
    // 000 第二十三条 依法依规实施失信惩戒: 告知 before the decision, with the facts, the basis and the 陈述申辩 period.
    label: '拟列入严重失信主体名单告知书',
    subject: '关于拟将{{unitName}}列入安全生产严重失信主体名单的告知书',
    addressee: '{{unitName}}',
    documentNumberVariable: 'creditNoticeNumber',
    paragraphs: [
      '经{{inspectingOrgan}}监督检查查明，你单位存在以下严重违法行为：{{facts}}（行政处罚决定书文号 {{penaltyDocumentNumber}}）。',
      '依据《江西省加强安全生产巡查督查检查工作办法》第二十三条，本机关拟将你单位列入安全生产严重失信主体名单，实施失信惩戒。',
      '你单位有权进行陈述和申辩，请于{{dueDate}}前通过待办系统提交书面陈述申辩意见及证据；逾期未提交的，视为放弃陈述申辩权利。',
    ],
  },
  // 依法处理 of a special inspection (issue enforcement; 004 二(二)3): the acting organ's documents, composed by
  // anquan.enforcement.issue-document (文号 from the letter serials, issuer, citation and receivers of the acting organ).
  'double-penalty-decision': {
    label: '行政处罚决定书（一案双罚）',
    addressee: '{{enforcementDocument.unitName}}',
    documentNumberVariable: 'enforcementDocument.documentNumber',
    subject: '关于对{{enforcementDocument.unitName}}及其{{enforcementDocument.personRoles}}实行“一案双罚”的行政处罚决定书',
    paragraphs: [
      '{{enforcementDocument.issuer}}{{enforcementDocument.occasion}}查明，你单位存在以下违法行为：{{enforcementDocument.facts}}',
      '依据{{enforcementDocument.basis}}，本机关决定对你单位和你单位{{enforcementDocument.personRoles}}实行“一案双罚”：{{enforcementDocument.partiesText}}',
      '被处罚单位和个人如不服本决定，可以依法申请行政复议或者提起行政诉讼。',
    ],
  },
  'closure-request': {
    label: '提请关闭函',
    documentNumberVariable: 'enforcementDocument.documentNumber',
    subject: '关于提请依法关闭{{enforcementDocument.unitName}}的函',
    paragraphs: [
      '{{enforcementDocument.issuer}}{{enforcementDocument.occasion}}查明，{{enforcementDocument.unitName}}存在以下情形：{{enforcementDocument.facts}}',
      '依据{{enforcementDocument.basis}}，提请你们依法予以关闭，有关部门依法吊销其有关证照；对该单位主要负责人落实行业禁入规定：{{enforcementDocument.industryBan}}',
      '请将决定情况函告{{enforcementDocument.issuer}}。',
    ],
  },
  'criminal-referral': {
    label: '涉嫌犯罪案件移送书',
    documentNumberVariable: 'enforcementDocument.documentNumber',
    subject: '关于移送{{enforcementDocument.unitName}}涉嫌犯罪案件的移送书',
    paragraphs: [
      '{{enforcementDocument.issuer}}{{enforcementDocument.occasion}}发现，{{enforcementDocument.unitName}}（涉嫌犯罪人员：{{enforcementDocument.suspects}}）涉嫌犯罪：{{enforcementDocument.facts}}',
      '依据{{enforcementDocument.basis}}，现将该案移送你们依法处理，随附涉嫌犯罪案件情况的调查报告、涉案物品清单、有关检验报告或者鉴定意见及其他有关材料。',
      '请在本移送书回执上签字，依法审查并将立案或者不予立案的决定书面告知{{enforcementDocument.issuer}}。',
    ],
  },
} as const satisfies Record<NoticeType, NoticeTemplate>;
