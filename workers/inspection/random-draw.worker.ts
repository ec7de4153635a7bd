/**
 * anquan.inspection.random-draw: the 双随机 draw of a daily-inspection plan
 * (000 第二十条). The draw is returned as the process variable `draw`, seed
 * included, so Cockpit's history keeps the record an auditor needs to repeat it with
 * `npm run --silent draw`. Without a `seed` variable one is generated from
 * crypto; a redelivered job then draws afresh, which is harmless because the
 * draw has no side effect and only the completing delivery is recorded.
 */
import { randomBytes } from 'node:crypto';
import { BpmnErrorCode, JobType } from '../contract.ts';
import { booleanField, integerField, listField, maybeField, optionalField, parseVariables, textField } from '../variables.ts';
import { BusinessError, type JobContext, defineWorker, describeInputs } from '../worker-definition.ts';
import { DEFAULT_INSPECTORS_PER_TARGET, type Draw, DrawInfeasibleError, drawInspection } from './draw.ts';
import { type InspectionObject, type Inspector, inspectionObjectListField, inspectorListField } from './registers.ts';

export const jobType = JobType.randomDraw;

/** More targets than any county register holds; guards against a typo like 1000000. */
export const MAX_TARGET_COUNT = 10_000;
export const MAX_INSPECTORS_PER_TARGET = 10;

const inputSchema = {
  /** The 年度监督检查计划 (or its batch) the draw belongs to. */
  planId: textField({ maxLength: 200 }),
  /** Given to repeat a draw; absent, a fresh one is generated and returned. */
  seed: maybeField(textField({ maxLength: 200 })),
  /** How many general objects to draw. */
  targetCount: integerField({ min: 0, max: MAX_TARGET_COUNT }),
  inspectorsPerTarget: optionalField(integerField({ min: 1, max: MAX_INSPECTORS_PER_TARGET }), DEFAULT_INSPECTORS_PER_TARGET),
  /** Replaces processes/registers/inspection-objects.json for this draw. */
  objects: maybeField(inspectionObjectListField()),
  /** Replaces processes/registers/inspectors.json for this draw. */
  inspectors: maybeField(inspectorListField()),
  /** 执法检查人员 of these departments only: the inspecting department and its 联动 partners (000 第十九、二十条). */
  departments: maybeField(listField(textField({ maxLength: 200 }), { maxItems: 50 })),
  /** 检查对象 of these industries only (the department's own 监管行业). */
  industries: maybeField(listField(textField({ maxLength: 200 }), { maxItems: 50 })),
  /** false in a batch where the key objects are not due (分级分类 frequency). */
  includeKeyTargets: optionalField(booleanField(), true),
} as const;

const inputs = describeInputs(inputSchema, {
  planId: { label: '检查计划编号', kind: 'text', description: '本次抽取所属的年度监督检查计划（或批次）编号' },
  seed: { label: '随机种子', kind: 'text', description: '复现既往抽取时填写；不填则生成新种子并随结果保存' },
  targetCount: { label: '抽取对象数', kind: 'expression', description: `随机抽取的一般检查对象数（0 到 ${MAX_TARGET_COUNT}）；重点检查对象全部纳入` },
  inspectorsPerTarget: {
    label: '每个对象检查人员数',
    kind: 'expression',
    description: `每个检查对象随机选派的执法检查人员数（1 到 ${MAX_INSPECTORS_PER_TARGET}），不填为 ${DEFAULT_INSPECTORS_PER_TARGET}`,
  },
  objects: { label: '检查对象名录', kind: 'expression', description: '本次使用的检查对象名录；不填用 processes/registers/inspection-objects.json' },
  inspectors: { label: '执法检查人员名录', kind: 'expression', description: '本次使用的执法检查人员名录；不填用 processes/registers/inspectors.json' },
  departments: { label: '检查人员所属部门', kind: 'expression', description: '只从这些部门的执法检查人员中选派（本部门及联动部门）；不填不限' },
  industries: { label: '检查对象行业', kind: 'expression', description: '只从这些行业的检查对象中抽取（本部门监管行业）；不填不限' },
  includeKeyTargets: { label: '纳入重点监管对象', kind: 'expression', description: '本批次是否对重点监管对象全覆盖（分级分类频次），不填为 true' },
});

export interface RandomDrawInput {
  readonly planId: string;
  readonly seed?: string;
  readonly targetCount: number;
  readonly inspectorsPerTarget: number;
  readonly objects?: InspectionObject[];
  readonly inspectors?: Inspector[];
  readonly departments?: string[];
  readonly industries?: string[];
  readonly includeKeyTargets: boolean;
}

export type RandomDrawOutput = { draw: Draw };

/** 128 bits from crypto, as hex: unguessable before the draw, easy to copy into the audit command. */
export function generateSeed(): string {
  return randomBytes(16).toString('hex');
}

export function parseRandomDrawInput(variables: Readonly<Record<string, unknown>>): RandomDrawInput {
  return parseVariables(variables, inputSchema);
}

export async function handleRandomDraw(
  input: RandomDrawInput,
  context: Pick<JobContext, 'job' | 'logger' | 'services'>,
): Promise<RandomDrawOutput> {
  const needsFiles = input.objects === undefined || input.inspectors === undefined;
  const loaded = needsFiles ? await context.services.inspectionRegisters.load() : undefined;
  // The register files are checked together when loaded; an override may be a partial list, so its 回避 ids are taken as given.
  const registers = {
    objects: input.objects ?? loaded?.objects ?? [],
    inspectors: input.inspectors ?? loaded?.inspectors ?? [],
  };
  const seed = input.seed ?? generateSeed();
  try {
    const draw = drawInspection({
      planId: input.planId,
      seed,
      targetCount: input.targetCount,
      inspectorsPerTarget: input.inspectorsPerTarget,
      registers,
      // The engine's time, so the record agrees with the instance's other dates in Cockpit.
      drawnAt: context.job.activatedAt,
      scope: { departments: input.departments ?? null, industries: input.industries ?? null, includeKeyTargets: input.includeKeyTargets },
    });
    context.logger.info(
      { planId: draw.planId, seed: draw.seed, keyTargets: draw.keyTargets.length, randomTargets: draw.randomTargets.length },
      '双随机 draw made',
    );
    return { draw };
  } catch (error) {
    if (error instanceof DrawInfeasibleError) {
      throw new BusinessError(BpmnErrorCode.drawInfeasible, error.message, {
        drawProblems: { planId: input.planId, seed, problems: [...error.problems] },
      });
    }
    throw error;
  }
}

export const randomDrawWorker = defineWorker<RandomDrawInput, RandomDrawOutput>({
  jobType,
  title: '双随机抽取',
  inputs,
  description: '双随机：随机抽取检查对象、随机选派检查人员（回避、可复现种子），重点对象全覆盖 / random draw of targets and inspectors',
  parseInput: parseRandomDrawInput,
  handle: (input, context) => handleRandomDraw(input, context),
});
