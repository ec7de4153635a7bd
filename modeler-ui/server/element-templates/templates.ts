/**
 * Camunda 7 element templates (the schema of @camunda/element-templates-json-schema)
 * for the external-task workers of workers/registry.ts: one per worker, so a
 * process owner who picks e.g. 发送通知 for a task gets a service task with
 * `camunda:type="external"` and the worker's topic set (hidden, it cannot be
 * mistyped) and one named, validated `camunda:inputParameter` per input
 * variable the worker reads.
 *
 * The same JSON is committed as processes/element-templates/anquan-workers.json
 * (`npm run templates` writes it) so Camunda Desktop Modeler, in a Camunda 7
 * diagram, offers the same choices; a unit test keeps the file equal to what
 * this module generates and valid against the schema.
 */
import path from 'node:path';
import { PROJECT_ROOT } from '../../../workers/config.ts';
import type { RegisteredWorker, WorkerInput } from '../../../workers/worker-definition.ts';

/** The Camunda 7 element template schema, as Desktop Modeler recognises it. */
export const ELEMENT_TEMPLATE_SCHEMA = 'https://unpkg.com/@camunda/element-templates-json-schema/resources/schema.json';

export const ELEMENT_TEMPLATES_FILE = path.join(PROJECT_ROOT, 'processes', 'element-templates', 'anquan-workers.json');

/** Template ids are derived from topics, so an applied template keeps pointing at its worker after a rename of the title. */
export function templateId(jobType: string): string {
  return `anquan.worker.${jobType.replace(/^anquan\./, '')}`;
}

export type TemplateBinding =
  | { readonly type: 'property'; readonly name: 'camunda:type' | 'camunda:topic' }
  | { readonly type: 'camunda:inputParameter'; readonly name: string };

export interface TemplateConstraints {
  readonly notEmpty?: true;
  readonly pattern?: { readonly value: string; readonly message: string };
}

export interface TemplateProperty {
  readonly label?: string;
  readonly description?: string;
  readonly type: 'Hidden' | 'String' | 'Text';
  readonly value?: string;
  readonly editable?: boolean;
  readonly group?: string;
  readonly binding: TemplateBinding;
  readonly constraints?: TemplateConstraints;
}

export interface ElementTemplate {
  readonly $schema: string;
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly version: number;
  readonly keywords: readonly string[];
  readonly appliesTo: readonly ['bpmn:ServiceTask'];
  /** Only the template's own fields show in the properties panel: implementation and inputs cannot drift from the worker. */
  readonly entriesVisible: false;
  readonly groups: ReadonlyArray<{ readonly id: string; readonly label: string }>;
  readonly properties: readonly TemplateProperty[];
}

/**
 * Bumped when the generated shape changes in a way that applied templates
 * should be offered an update for (the properties panel compares versions).
 */
export const TEMPLATE_VERSION = 1;

/** A whole value that is one JUEL expression, `${…}` or `#{…}`; the empty value too, for optional inputs. */
const EXPRESSION_PATTERN = '^([$#]\\{[\\s\\S]*\\})?$';

function inputDescription(input: WorkerInput): string {
  const sentences = [input.description];
  if (input.choices && input.choices.length > 0) sentences.push(`可选值：${input.choices.join('、')}`);
  sentences.push(input.required ? '必填' : '选填，留空即视为未填');
  sentences.push(
    input.kind === 'expression'
      ? '须为一个 ${…} 表达式（JUEL），如 ${finding}；列表和对象也可在流程图中用 camunda:list、camunda:map 给出（此处不显示）'
      : '可填文字，或用 ${…} 取流程变量',
  );
  return `${sentences.map((sentence) => sentence.replace(/[。；]$/, '')).join('。')}。`;
}

function inputProperty(input: WorkerInput): TemplateProperty {
  const constraints: TemplateConstraints = {
    // An expression input may be given as camunda:list / camunda:map instead, which the field cannot show: marking
    // it notEmpty would flag a correct task as empty. Its description still says 必填, and the worker refuses it missing.
    ...(input.required && input.kind === 'text' ? { notEmpty: true as const } : {}),
    ...(input.kind === 'expression'
      ? { pattern: { value: EXPRESSION_PATTERN, message: '须为一个 ${…} 表达式，例如 ${finding} / must be one ${…} expression, e.g. ${finding}' } }
      : {}),
  };
  return {
    label: input.label,
    description: inputDescription(input),
    type: input.kind === 'expression' ? 'Text' : 'String',
    group: 'inputs',
    binding: { type: 'camunda:inputParameter', name: input.name },
    ...(input.defaultValue === undefined ? {} : { value: input.defaultValue }),
    ...(Object.keys(constraints).length > 0 ? { constraints } : {}),
  };
}

export function workerElementTemplate(worker: RegisteredWorker): ElementTemplate {
  return {
    $schema: ELEMENT_TEMPLATE_SCHEMA,
    id: templateId(worker.jobType),
    name: worker.title,
    description: worker.description,
    version: TEMPLATE_VERSION,
    keywords: [worker.jobType],
    appliesTo: ['bpmn:ServiceTask'],
    entriesVisible: false,
    groups: [{ id: 'inputs', label: '输入变量' }],
    properties: [
      { type: 'Hidden', value: 'external', binding: { type: 'property', name: 'camunda:type' } },
      { type: 'Hidden', value: worker.jobType, binding: { type: 'property', name: 'camunda:topic' } },
      ...worker.inputs.map(inputProperty),
    ],
  };
}

export function workerElementTemplates(workers: readonly RegisteredWorker[]): ElementTemplate[] {
  return [...workers].sort((a, b) => a.jobType.localeCompare(b.jobType)).map(workerElementTemplate);
}

/** The committed file's exact content: stable order and formatting, so regenerating without a change is no diff. */
export function elementTemplatesFileContent(workers: readonly RegisteredWorker[]): string {
  return `${JSON.stringify(workerElementTemplates(workers), null, 2)}\n`;
}
