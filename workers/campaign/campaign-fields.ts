/**
 * Input fields shared by the campaign workers (anquan.campaign.schedule, anquan.campaign.dispatch-table): the
 * 专项整治行动编号, the 填报单位 and the month of a 调度表, each checked against the rule that keeps the tables'
 * folder and file names safe (report-folder.ts).
 */
import { type FieldParser, describeValue, objectField, textField } from '../variables.ts';
import { MONTH_PATTERN } from './dispatch-table.ts';
import { MAX_CAMPAIGN_ID_LENGTH, MAX_REPORTING_UNIT_ID_LENGTH, isCampaignId, isReportingUnitId } from './report-folder.ts';

const MAX_UNIT_NAME_LENGTH = 200;

/** 专项整治行动编号: the folder of its tables, e.g. jinxian-2023-major-hazards. */
export function campaignIdField(): FieldParser<string> {
  return {
    optional: false,
    parse: (value, name) =>
      typeof value === 'string' && isCampaignId(value.trim())
        ? { ok: true, value: value.trim() }
        : {
            ok: false,
            problem:
              `变量 ${name} 应为专项整治行动编号：不超过 ${MAX_CAMPAIGN_ID_LENGTH} 个字符（字母、数字、点、短横线、下划线） / ` +
              `variable ${name} must be an id of at most ${MAX_CAMPAIGN_ID_LENGTH} letters, digits, dots, dashes or underscores (got ${describeValue(value)})`,
          },
  };
}

/**
 * 填报单位编号: the value the recording workers wrote as reportingUnitId (special-inspection writes the organ's
 * name, e.g. 进贤县应急管理局), and part of the file name unit-<id>.csv.
 */
export function reportingUnitIdField(): FieldParser<string> {
  return {
    optional: false,
    parse: (value, name) =>
      typeof value === 'string' && isReportingUnitId(value.trim())
        ? { ok: true, value: value.trim() }
        : {
            ok: false,
            problem:
              `变量 ${name} 应为填报单位编号或名称：不超过 ${MAX_REPORTING_UNIT_ID_LENGTH} 个字符，不含斜杠、反斜杠、控制字符和 <>:"|?*，不以点开头 / ` +
              `variable ${name} must be a reporting unit id or name of at most ${MAX_REPORTING_UNIT_ID_LENGTH} characters, without slashes, backslashes, control characters or <>:"|?*, not starting with a dot (got ${describeValue(value)})`,
          },
  };
}

/** A 填报单位 {id, name}: a 乡镇 or a 县安委会成员单位. */
export const reportingUnitField = objectField({ id: reportingUnitIdField(), name: textField({ maxLength: MAX_UNIT_NAME_LENGTH }) });

/** The month of a 调度表, YYYY-MM. */
export function monthField(): FieldParser<string> {
  return {
    optional: false,
    parse: (value, name) =>
      typeof value === 'string' && MONTH_PATTERN.test(value.trim())
        ? { ok: true, value: value.trim() }
        : { ok: false, problem: `变量 ${name} 应为 YYYY-MM 月份 / variable ${name} must be a YYYY-MM month (got ${describeValue(value)})` },
  };
}
