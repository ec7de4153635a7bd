/**
 * anquan.inspection.result-summary: the daily inspection's result for a
 * calling process (a 综合督查 回头看 run through a daily inspection, 000 第十三条(四)):
 * the process variable `inspectionResult`, a JSON object (as special-inspection hands back)
 * `{ "conclusion", "findingCount", "majorHazardCount", "completedOn" }` counted
 * from every batch's per-target results. `completedOn` is the engine's date
 * (China time) when the job was activated. No side effect.
 */
import { JobType } from '../contract.ts';
import { integerField, listField, maybeField, objectField, optionalField, parseVariables, textField } from '../variables.ts';
import { defineWorker, describeInputs } from '../worker-definition.ts';

export const jobType = JobType.inspectionResultSummary;

const targetSchema = {
  findingCount: optionalField(integerField({ min: 0, max: 10_000 }), 0),
  majorHazardCount: optionalField(integerField({ min: 0, max: 10_000 }), 0),
} as const;

const inputSchema = {
  conclusion: textField({ maxLength: 20_000 }),
  /** One list of per-target results per batch (`batchResults`), or one flat list. */
  batchResults: optionalField(listField(maybeField(listField(maybeField(objectField(targetSchema)), { maxItems: 10_000 })), { maxItems: 100 }), []),
} as const;

const inputs = describeInputs(inputSchema, {
  conclusion: { label: '检查结论', kind: 'expression', description: '汇总的检查结论，如 ${resultsSummary}' },
  batchResults: { label: '各批次检查结果', kind: 'expression', description: '各批次逐对象检查结果，如 ${batchResults}' },
});

export type ResultSummaryInput = {
  readonly conclusion: string;
  readonly batchResults: Array<Array<{ findingCount: number; majorHazardCount: number } | undefined> | undefined>;
};

export type InspectionResult = { conclusion: string; findingCount: number; majorHazardCount: number; completedOn: string };

/** The calendar day in China (UTC+8, no daylight saving) of an instant. */
export function chinaDate(instant: string): string {
  return new Date(Date.parse(instant) + 8 * 3600_000).toISOString().slice(0, 10);
}

export function summarizeResults(input: ResultSummaryInput, activatedAt: string): InspectionResult {
  const targets = input.batchResults.flatMap((batch) => (batch ?? []).filter((target) => target !== undefined));
  return {
    conclusion: input.conclusion,
    findingCount: targets.reduce((sum, target) => sum + target.findingCount, 0),
    majorHazardCount: targets.reduce((sum, target) => sum + target.majorHazardCount, 0),
    completedOn: chinaDate(activatedAt),
  };
}

export function parseResultSummaryInput(variables: Readonly<Record<string, unknown>>): ResultSummaryInput {
  return parseVariables(variables, inputSchema) as ResultSummaryInput;
}

export const resultSummaryWorker = defineWorker<ResultSummaryInput, { inspectionResult: InspectionResult }>({
  jobType,
  title: '检查结果摘要',
  inputs,
  description: '汇总日常监督检查结果（结论、问题数、重大事故隐患数、完成日期）供调用流程使用 / the inspectionResult JSON for a calling process',
  parseInput: parseResultSummaryInput,
  handle: async (input, context) => ({ inspectionResult: summarizeResults(input, context.job.activatedAt) }),
});
