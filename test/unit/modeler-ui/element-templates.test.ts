/**
 * The element templates offered in the modeler (and committed for Camunda
 * Desktop Modeler) against the workers that serve them: one per worker of
 * workers/registry.ts, an external task with its topic, a camunda:inputParameter
 * per input it reads, the required ones marked, expression inputs held to one
 * JUEL `${…}`, valid against the Camunda 7 template schema
 * (@camunda/element-templates-json-schema), and the committed file equal to
 * what the generator writes.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { getSchemaPackage, getSchemaVersion, validateAll } from '@bpmn-io/element-templates-validator';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import {
  ELEMENT_TEMPLATES_FILE,
  ELEMENT_TEMPLATE_SCHEMA,
  type ElementTemplate,
  elementTemplatesFileContent,
  templateId,
  workerElementTemplates,
} from '../../../modeler-ui/server/element-templates/templates.ts';
import { allWorkers } from '../../../workers/registry.ts';
import { booleanField, maybeField, optionalField, textField } from '../../../workers/variables.ts';
import { type RegisteredWorker, type WorkerServices, describeInputs } from '../../../workers/worker-definition.ts';
import { fakeJob } from '../workers/support/job.ts';

const templates = workerElementTemplates(allWorkers);

function templateOf(worker: RegisteredWorker): ElementTemplate {
  const template = templates.find((candidate) => candidate.id === templateId(worker.jobType));
  if (!template) throw new Error(`no element template for ${worker.jobType}`);
  return template;
}

function hiddenProperty(template: ElementTemplate, name: string) {
  return template.properties.find((property) => property.binding.type === 'property' && property.binding.name === name);
}

function inputProperties(template: ElementTemplate) {
  return template.properties.flatMap((property) => (property.binding.type === 'camunda:inputParameter' ? [{ ...property, name: property.binding.name }] : []));
}

/** A value as the previous engine's FEEL wrote it, e.g. `=finding` or `如 =profile.patrol…`. */
const FEEL_VALUE = /(?:^|[\s如（(，,])=[\w[{"(]/;

/** The variable names an incident message of the worker's own parser complains about. */
async function variablesMissingFromEmptyJob(worker: RegisteredWorker): Promise<string[] | undefined> {
  const job = fakeJob({ type: worker.jobType, variables: {} });
  // Input is parsed before any service is used; a worker that accepts no input at all would reach them and fail transiently.
  const { outcome } = await worker.run(job, { logger: pino({ level: 'silent' }), services: {} as WorkerServices });
  const [call] = job.calls;
  if (outcome !== 'invalid-input' || call?.action !== 'fail') return undefined;
  const english = call.errorMessage.split('\n').map((line) => line.split(' / ').slice(1).join(' / '));
  return [...english.join('\n').matchAll(/variables? ([A-Za-z_][A-Za-z0-9_]*)/g)].map((match) => match[1] as string);
}

describe('element templates of the workers', () => {
  it('are valid Camunda 7 element templates, checked against the installed schema version', () => {
    const installed = createRequire(import.meta.url)('@camunda/element-templates-json-schema/package.json') as { name: string; version: string };
    expect(getSchemaPackage()).toBe(installed.name);
    expect(getSchemaVersion()).toBe(installed.version);
    const { valid, results } = validateAll(templates);
    expect(results.flatMap((result) => result.errors ?? [])).toEqual([]);
    expect(valid).toBe(true);
    // Desktop Modeler tells Camunda 7 templates from others by this schema address.
    for (const template of templates) expect(template.$schema).toBe(ELEMENT_TEMPLATE_SCHEMA);
    expect(ELEMENT_TEMPLATE_SCHEMA).toContain(installed.name);
  });

  it.each(allWorkers.map((worker) => [worker.jobType, worker] as const))('%s has an external service task template with its topic', (_jobType, worker) => {
    const template = templateOf(worker);
    expect(template.name).toBe(worker.title);
    expect(template.name).toMatch(/[\u4e00-\u9fff]/);
    expect(template.appliesTo).toEqual(['bpmn:ServiceTask']);
    expect(template.entriesVisible).toBe(false);
    expect(hiddenProperty(template, 'camunda:type')).toMatchObject({ type: 'Hidden', value: 'external' });
    expect(hiddenProperty(template, 'camunda:topic')).toMatchObject({ type: 'Hidden', value: worker.jobType });
    expect(template.keywords).toContain(worker.jobType);
  });

  it.each(allWorkers.map((worker) => [worker.jobType, worker] as const))('%s: one labelled field per input, required text ones must not be empty', (_jobType, worker) => {
    const fields = inputProperties(templateOf(worker));
    expect(fields.map((field) => field.name)).toEqual(worker.inputs.map((input) => input.name));
    for (const input of worker.inputs) {
      const field = fields.find((candidate) => candidate.name === input.name);
      expect(field?.label).toMatch(/[\u4e00-\u9fff]/);
      expect(field?.description).toContain(input.description.replace(/[。；]$/, ''));
      // Expression inputs may be a camunda:list or camunda:map, which the field shows empty.
      expect(field?.constraints?.notEmpty).toBe(input.required && input.kind === 'text' ? true : undefined);
      expect(field?.description).toContain(input.required ? '必填' : '选填');
      if (input.kind === 'expression') {
        expect(field?.type).toBe('Text');
        const pattern = new RegExp(field?.constraints?.pattern?.value ?? '(?!)');
        expect(pattern.test('${finding}')).toBe(true);
        expect(pattern.test('#{profile.patrol.reportWorkingDays}')).toBe(true);
        expect(pattern.test('')).toBe(true);
        expect(pattern.test('=finding')).toBe(false);
        expect(pattern.test('finding')).toBe(false);
        if (field?.value !== undefined) expect(field.value, `default of ${input.name}`).toMatch(pattern);
      } else {
        expect(field?.type).toBe('String');
        expect(field?.constraints?.pattern).toBeUndefined();
      }
    }
  });

  it.each(allWorkers.map((worker) => [worker.jobType, worker] as const))('%s: defaults and examples are JUEL, not FEEL', (_jobType, worker) => {
    for (const input of worker.inputs) {
      expect(input.defaultValue ?? '', `${worker.jobType} ${input.name} defaultValue`).not.toMatch(FEEL_VALUE);
      expect(input.description, `${worker.jobType} ${input.name} description`).not.toMatch(FEEL_VALUE);
    }
  });

  it.each(allWorkers.map((worker) => [worker.jobType, worker] as const))(
    '%s: the inputs its parser demands on an empty job are declared, and declared required ones are demanded',
    async (_jobType, worker) => {
      const demanded = await variablesMissingFromEmptyJob(worker);
      const declared = worker.inputs.map((input) => input.name);
      const required = worker.inputs.filter((input) => input.required).map((input) => input.name);
      if (demanded === undefined) {
        // A worker that accepts an empty job has no required input.
        expect(required).toEqual([]);
        return;
      }
      expect(declared).toEqual(expect.arrayContaining(demanded));
      expect(demanded).toEqual(expect.arrayContaining(required));
    },
  );

  it('processes/element-templates/anquan-workers.json is what `npm run templates` writes', () => {
    expect(readFileSync(ELEMENT_TEMPLATES_FILE, 'utf8'), 'run `npm run templates` and commit the file').toBe(elementTemplatesFileContent(allWorkers));
  });
});

describe('describeInputs', () => {
  it('takes required from the field parser, not from the description', () => {
    const schema = { title: textField(), note: maybeField(textField()), strict: optionalField(booleanField(), false) };
    const inputs = describeInputs(schema, {
      title: { label: '标题', kind: 'text', description: '标题' },
      note: { label: '说明', kind: 'text', description: '说明' },
      strict: { label: '严格', kind: 'expression', description: '严格' },
    });
    expect(inputs.map((input) => [input.name, input.required])).toEqual([
      ['title', true],
      ['note', false],
      ['strict', false],
    ]);
  });
});
