/**
 * The two registers a 双随机 draw is made from (000 第二十条: 对一般监管对象，
 * 采取"随机抽取检查对象、随机选派检查人员"方式进行；对重点监管对象，采取全覆盖的方式进行):
 *
 *   inspection-objects.json  检查对象名录: { "enterprises": [{ id, name, unifiedCreditCode,
 *                            region, industry, classification: "general" | "key" }] }
 *   inspectors.json          执法检查人员名录: { "inspectors": [{ id, name, department,
 *                            qualification, avoid: [enterprise ids] }] }
 *
 * `avoid` lists the enterprises an inspector must not be sent to (回避: a
 * relative works there, a former employer, an earlier personal involvement…).
 * The files are re-read for every draw, so an edited register applies to the
 * next draw without restarting the workers.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { type FieldParser, choiceField, listField, maybeField, objectField, optionalField, textField } from '../variables.ts';

export const OBJECTS_FILE = 'inspection-objects.json';
export const INSPECTORS_FILE = 'inspectors.json';

export const OBJECT_CLASSIFICATIONS = ['general', 'key'] as const;
/** general: 一般监管对象 (drawn at random); key: 重点监管对象 (inspected in full). */
export type ObjectClassification = (typeof OBJECT_CLASSIFICATIONS)[number];

const MAX_TEXT = 200;

/** One 检查对象 (a 生产经营单位). */
export type InspectionObject = {
  id: string;
  name: string;
  /** 统一社会信用代码. */
  unifiedCreditCode: string | null;
  /** 属地 (乡镇、园区). */
  region: string | null;
  industry: string | null;
  classification: ObjectClassification;
};

/** One 执法检查人员. */
export type Inspector = {
  id: string;
  name: string;
  department: string | null;
  /** 执法证 or other qualification. */
  qualification: string | null;
  /** Ids of the enterprises this inspector must avoid (回避). */
  avoid: string[];
};

export interface Registers {
  readonly objects: readonly InspectionObject[];
  readonly inspectors: readonly Inspector[];
}

const idField = () => textField({ maxLength: MAX_TEXT });
const nullable = (parser: FieldParser<string>) => maybeField(parser);

const objectSchema = {
  id: idField(),
  name: textField({ maxLength: MAX_TEXT }),
  unifiedCreditCode: nullable(textField({ maxLength: 18 })),
  region: nullable(textField({ maxLength: MAX_TEXT })),
  industry: nullable(textField({ maxLength: MAX_TEXT })),
  classification: choiceField(OBJECT_CLASSIFICATIONS),
} as const;

const inspectorSchema = {
  id: idField(),
  name: textField({ maxLength: MAX_TEXT }),
  department: nullable(textField({ maxLength: MAX_TEXT })),
  qualification: nullable(textField({ maxLength: MAX_TEXT })),
  avoid: optionalField(listField(idField()), [] as string[]),
} as const;

/** Reads a list of 检查对象, e.g. the `objects` override of a draw job. */
export function inspectionObjectListField(): FieldParser<InspectionObject[]> {
  const list = listField(objectField(objectSchema));
  return {
    optional: false,
    parse(value, name) {
      const result = list.parse(value, name);
      if (!result.ok) return result;
      const objects = result.value.map(
        (object): InspectionObject => ({
          id: object.id,
          name: object.name,
          unifiedCreditCode: object.unifiedCreditCode ?? null,
          region: object.region ?? null,
          industry: object.industry ?? null,
          classification: object.classification,
        }),
      );
      const duplicate = firstDuplicate(objects.map((object) => object.id));
      return duplicate === undefined
        ? { ok: true, value: objects }
        : { ok: false, problem: `变量 ${name} 中检查对象编号 ${duplicate} 重复 / variable ${name} lists object id ${duplicate} twice` };
    },
  };
}

/** Reads a list of 执法检查人员, e.g. the `inspectors` override of a draw job. */
export function inspectorListField(): FieldParser<Inspector[]> {
  const list = listField(objectField(inspectorSchema));
  return {
    optional: false,
    parse(value, name) {
      const result = list.parse(value, name);
      if (!result.ok) return result;
      const inspectors = result.value.map(
        (inspector): Inspector => ({
          id: inspector.id,
          name: inspector.name,
          department: inspector.department ?? null,
          qualification: inspector.qualification ?? null,
          avoid: [...new Set(inspector.avoid)].sort(compareCodeUnits),
        }),
      );
      const duplicate = firstDuplicate(inspectors.map((inspector) => inspector.id));
      return duplicate === undefined
        ? { ok: true, value: inspectors }
        : { ok: false, problem: `变量 ${name} 中检查人员编号 ${duplicate} 重复 / variable ${name} lists inspector id ${duplicate} twice` };
    },
  };
}

/** Plain code-unit order: the same on every machine and locale, so a draw reproduces anywhere. */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function firstDuplicate(ids: readonly string[]): string | undefined {
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) return id;
    seen.add(id);
  }
  return undefined;
}

/** A register file is missing, unreadable or inconsistent; the message names the file and every problem. */
export class RegisterError extends Error {
  readonly problems: readonly string[];

  constructor(source: string, problems: readonly string[]) {
    super(`双随机名录无效 / invalid inspection register ${source}:\n  - ${problems.join('\n  - ')}`);
    this.name = 'RegisterError';
    this.problems = problems;
  }
}

async function readJson(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new RegisterError(file, [`无法读取 / cannot be read: ${(error as Error).message}`]);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new RegisterError(file, [`不是合法 JSON / is not valid JSON: ${(error as Error).message}`]);
  }
}

function listIn<T>(file: string, data: unknown, key: string, field: FieldParser<T[]>): T[] {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new RegisterError(file, [`顶层应为含 ${key} 列表的 JSON 对象 / top level must be a JSON object with a ${key} list`]);
  }
  const result = field.parse((data as Record<string, unknown>)[key], key);
  if (!result.ok) throw new RegisterError(file, [result.problem]);
  return result.value;
}

/** Both registers, checked together: an `avoid` entry must name an enterprise of the objects register, or 回避 would silently not apply. */
export function checkRegisters(objects: readonly InspectionObject[], inspectors: readonly Inspector[], source: string): Registers {
  const known = new Set(objects.map((object) => object.id));
  const problems = inspectors.flatMap((inspector) =>
    inspector.avoid
      .filter((id) => !known.has(id))
      .map(
        (id) =>
          `检查人员 ${inspector.name}（${inspector.id}）的回避对象 ${id} 不在检查对象名录中 / ` +
          `inspector ${inspector.id} avoids ${id}, which is not in the objects register`,
      ),
  );
  if (problems.length > 0) throw new RegisterError(source, problems);
  return { objects, inspectors };
}

/** The registers in a folder ({@link OBJECTS_FILE}, {@link INSPECTORS_FILE}). */
export class InspectionRegisters {
  readonly directory: string;

  constructor(directory: string) {
    this.directory = directory;
  }

  async load(): Promise<Registers> {
    const objectsFile = path.join(this.directory, OBJECTS_FILE);
    const inspectorsFile = path.join(this.directory, INSPECTORS_FILE);
    const [objectsData, inspectorsData] = await Promise.all([readJson(objectsFile), readJson(inspectorsFile)]);
    const objects = listIn(objectsFile, objectsData, 'enterprises', inspectionObjectListField());
    const inspectors = listIn(inspectorsFile, inspectorsData, 'inspectors', inspectorListField());
    return checkRegisters(objects, inspectors, this.directory);
  }
}
