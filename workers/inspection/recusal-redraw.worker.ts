/**
 * anquan.inspection.recusal-redraw: 回避 after the 双随机 draw (000 第二十条). An
 * inspector of one target's team asks to step aside (利害关系); the worker
 * replaces them with one inspector drawn from the draw's own scope (its
 * departments, never someone who must avoid the target or was already
 * recused from it) with a seed derived from the draw's seed, and returns the
 * new team (`assignment`) and the record of who was replaced and why
 * (`recusal`), which the diagram keeps in the target's `recusals`. The
 * redraw has no side effect: a redelivered job computes the same result.
 */
import { JobType } from '../contract.ts';
import { InvalidVariablesError, booleanField, choiceField, listField, maybeField, objectField, optionalField, parseVariables, textField } from '../variables.ts';
import { type JobContext, defineWorker, describeInputs } from '../worker-definition.ts';
import { type DrawAssignment, type DrawScope, type Recusal, UNSCOPED, redrawForRecusal } from './draw.ts';
import { OBJECT_CLASSIFICATIONS } from './registers.ts';

export const jobType = JobType.inspectionRecusalRedraw;

const MAX_TEXT = 200;
const ids = () => listField(textField({ maxLength: MAX_TEXT }), { maxItems: 100 });

const assignmentSchema = {
  targetId: textField({ maxLength: MAX_TEXT }),
  targetName: textField({ maxLength: MAX_TEXT }),
  classification: choiceField(OBJECT_CLASSIFICATIONS),
  inspectorIds: listField(textField({ maxLength: MAX_TEXT }), { minItems: 1, maxItems: 20 }),
  inspectorNames: listField(textField({ maxLength: MAX_TEXT }), { minItems: 1, maxItems: 20 }),
} as const;

const inputSchema = {
  /** The batch's recorded draw (seed, scope, assignments). */
  draw: objectField({
    seed: textField({ maxLength: MAX_TEXT }),
    scope: maybeField(objectField({ departments: maybeField(ids()), industries: maybeField(ids()), includeKeyTargets: optionalField(booleanField(), true) })),
    assignments: listField(objectField(assignmentSchema), { maxItems: 10_000 }),
  }),
  /** The target's current team. */
  assignment: objectField(assignmentSchema),
  /** Who asks for 回避: the inspector's id or name. */
  inspectorId: textField({ maxLength: MAX_TEXT }),
  /** 回避理由 (利害关系). */
  reason: textField({ maxLength: 2000 }),
  /** Earlier recusals of this target (their records). */
  recusals: optionalField(listField(objectField({ replacedInspectorId: textField({ maxLength: MAX_TEXT }) }), { maxItems: 100 }), []),
} as const;

const inputs = describeInputs(inputSchema, {
  draw: { label: '本批次抽取结果', kind: 'expression', description: '双随机抽取结果（种子、范围、分配），如 ${draw}' },
  assignment: { label: '检查组', kind: 'expression', description: '该检查对象当前的检查组，如 ${assignment}' },
  inspectorId: { label: '申请回避的检查人员', kind: 'expression', description: '申请回避的检查人员编号' },
  reason: { label: '回避理由', kind: 'expression', description: '与检查对象的利害关系' },
  recusals: { label: '此前的回避记录', kind: 'expression', description: '该检查对象此前的回避记录（已回避者不再抽回）' },
});

export interface RecusalRedrawInput {
  readonly draw: { seed: string; scope?: { departments?: string[]; industries?: string[]; includeKeyTargets: boolean }; assignments: DrawAssignment[] };
  readonly assignment: DrawAssignment;
  readonly inspectorId: string;
  readonly reason: string;
  readonly recusals: Array<{ replacedInspectorId: string }>;
}

export type RecusalRedrawOutput = { assignment: DrawAssignment; recusal: Recusal };

export function parseRecusalRedrawInput(variables: Readonly<Record<string, unknown>>): RecusalRedrawInput {
  return parseVariables(variables, inputSchema) as RecusalRedrawInput;
}

export async function handleRecusalRedraw(input: RecusalRedrawInput, context: Pick<JobContext, 'logger' | 'services'>): Promise<RecusalRedrawOutput> {
  const registers = await context.services.inspectionRegisters.load();
  const scope: DrawScope =
    input.draw.scope === undefined
      ? UNSCOPED
      : { departments: input.draw.scope.departments ?? null, industries: input.draw.scope.industries ?? null, includeKeyTargets: input.draw.scope.includeKeyTargets };
  let result: RecusalRedrawOutput;
  try {
    result = redrawForRecusal({
      draw: { seed: input.draw.seed, scope, assignments: input.draw.assignments },
      assignment: input.assignment,
      // The form asks for the name or the id of the inspector who steps aside.
      inspectorId: input.assignment.inspectorIds.includes(input.inspectorId)
        ? input.inspectorId
        : (input.assignment.inspectorIds[input.assignment.inspectorNames.indexOf(input.inspectorId)] ?? input.inspectorId),
      reason: input.reason,
      recusedIds: input.recusals.map((recusal) => recusal.replacedInspectorId),
      registers,
    });
  } catch (error) {
    if (error instanceof RangeError) throw new InvalidVariablesError([error.message]);
    throw error;
  }
  context.logger.info({ targetId: result.recusal.targetId, replaced: result.recusal.replacedInspectorId, replacement: result.recusal.replacementId, seed: result.recusal.seed }, '回避 redraw made');
  return result;
}

export const recusalRedrawWorker = defineWorker<RecusalRedrawInput, RecusalRedrawOutput>({
  jobType,
  title: '回避重抽',
  inputs,
  description: '回避：检查人员申请回避后，从本部门（及联动部门）名录中按种子重抽一名替换人员并记录 / seeded redraw after a recusal',
  parseInput: parseRecusalRedrawInput,
  handle: (input, context) => handleRecusalRedraw(input, context),
});
