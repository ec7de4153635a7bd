/**
 * Camunda 8 element templates for the job workers of workers/registry.ts: one
 * per worker, so a process owner who picks e.g. 发送通知 for a service task
 * gets its job type set (hidden, it cannot be mistyped) and one named,
 * validated field per input variable the worker reads.
 *
 * The same JSON is committed as processes/element-templates/anquan-workers.json
 * (`npm run templates` writes it) so Camunda Desktop Modeler offers the same
 * choices; a unit test keeps the file equal to what this module generates.
 */
import path from 'node:path';
import { CAMUNDA_PLATFORM_VERSION } from '../../../workers/contract.ts';
import { PROJECT_ROOT } from '../../../workers/config.ts';
import type { RegisteredWorker, WorkerInput } from '../../../workers/worker-definition.ts';

export const ELEMENT_TEMPLATE_SCHEMA = 'https://unpkg.com/@camunda/zeebe-element-templates-json-schema/resources/schema.json';

export const ELEMENT_TEMPLATES_FILE = path.join(PROJECT_ROOT, 'processes', 'element-templates', 'anquan-workers.json');

/** Template ids are derived from job types, so an applied template keeps pointing at its worker after a rename of the title. */
export function templateId(jobType: string): string {
  return `anquan.worker.${jobType.replace(/^anquan\./, '')}`;
}

export type TemplateBinding =
  | { readonly type: 'zeebe:taskDefinition'; readonly property: 'type' | 'retries' }
  | { readonly type: 'zeebe:input'; readonly name: string };

export interface TemplateProperty {
  readonly id?: string;
  readonly label?: string;
  readonly description?: string;
  readonly type: 'Hidden' | 'String' | 'Text';
  readonly value?: string;
  readonly feel?: 'optional' | 'required';
  readonly optional?: boolean;
  readonly group?: string;
  readonly binding: TemplateBinding;
  readonly constraints?: { readonly notEmpty: true };
}

export interface ElementTemplate {
  readonly $schema: string;
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly category: { readonly id: string; readonly name: string };
  readonly keywords: readonly string[];
  readonly engines: { readonly camunda: string };
  readonly appliesTo: readonly ['bpmn:Task'];
  readonly elementType: { readonly value: 'bpmn:ServiceTask' };
  readonly groups: ReadonlyArray<{ readonly id: string; readonly label: string }>;
  readonly properties: readonly TemplateProperty[];
}

const CATEGORY = { id: 'anquan-workers', name: '安全生产作业处理器' } as const;
/** Retries of the diagrams' own service tasks: a transient failure is retried twice before Operate shows an incident. */
const DEFAULT_RETRIES = '3';

function inputDescription(input: WorkerInput): string {
  const sentences = [input.description];
  if (input.choices && input.choices.length > 0) sentences.push(`可选值：${input.choices.join('、')}`);
  sentences.push(input.required ? '必填' : '选填，留空则不传入该变量');
  if (input.kind === 'expression') sentences.push('须为 FEEL 表达式');
  return `${sentences.map((sentence) => sentence.replace(/[。；]$/, '')).join('。')}。`;
}

function inputProperty(input: WorkerInput): TemplateProperty {
  return {
    id: `input.${input.name}`,
    label: input.label,
    description: inputDescription(input),
    type: input.kind === 'expression' ? 'Text' : 'String',
    feel: input.kind === 'expression' ? 'required' : 'optional',
    group: 'inputs',
    binding: { type: 'zeebe:input', name: input.name },
    ...(input.defaultValue === undefined ? {} : { value: input.defaultValue }),
    // An optional input left empty is removed from the diagram instead of mapping an empty string.
    ...(input.required ? { constraints: { notEmpty: true } } : { optional: true }),
  };
}

export function workerElementTemplate(worker: RegisteredWorker): ElementTemplate {
  const [minor] = CAMUNDA_PLATFORM_VERSION.match(/^\d+\.\d+/) ?? [CAMUNDA_PLATFORM_VERSION];
  return {
    $schema: ELEMENT_TEMPLATE_SCHEMA,
    id: templateId(worker.jobType),
    name: worker.title,
    description: worker.description,
    category: CATEGORY,
    keywords: [worker.jobType],
    engines: { camunda: `^${minor}` },
    appliesTo: ['bpmn:Task'],
    elementType: { value: 'bpmn:ServiceTask' },
    groups: [
      { id: 'job', label: '作业' },
      { id: 'inputs', label: '输入变量' },
    ],
    properties: [
      { type: 'Hidden', value: worker.jobType, binding: { type: 'zeebe:taskDefinition', property: 'type' } },
      {
        id: 'retries',
        label: '重试次数',
        description: '作业处理器报告临时故障时引擎重试的次数，用尽后在 Operate 中显示事件（incident）',
        type: 'String',
        value: DEFAULT_RETRIES,
        group: 'job',
        binding: { type: 'zeebe:taskDefinition', property: 'retries' },
      },
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
