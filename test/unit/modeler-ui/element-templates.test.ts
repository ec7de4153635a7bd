/**
 * The element templates offered in the modeler (and committed for Camunda
 * Desktop Modeler) against the workers that serve them: one per worker of
 * workers/registry.ts, with its job type, a field per input it reads, the
 * required ones marked, valid against the Camunda 8 template schema, and the
 * committed file equal to what the generator writes.
 */
import { readFileSync } from 'node:fs';
import { validateAllZeebe } from '@bpmn-io/element-templates-validator';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import {
  ELEMENT_TEMPLATES_FILE,
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

function taskType(template: ElementTemplate): string | undefined {
  return template.properties.find((property) => property.binding.type === 'zeebe:taskDefinition' && property.binding.property === 'type')?.value;
}

function inputProperties(template: ElementTemplate) {
  return template.properties.flatMap((property) => (property.binding.type === 'zeebe:input' ? [{ ...property, name: property.binding.name }] : []));
}

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
  it('are valid Camunda 8 element templates', () => {
    const { valid, results } = validateAllZeebe(templates);
    expect(results.flatMap((result) => result.errors ?? [])).toEqual([]);
    expect(valid).toBe(true);
  });

  it.each(allWorkers.map((worker) => [worker.jobType, worker] as const))('%s has a service task template with its job type', (_jobType, worker) => {
    const template = templateOf(worker);
    expect(template.name).toBe(worker.title);
    expect(template.name).toMatch(/[\u4e00-\u9fff]/);
    expect(template.appliesTo).toEqual(['bpmn:Task']);
    expect(template.elementType).toEqual({ value: 'bpmn:ServiceTask' });
    expect(taskType(template)).toBe(worker.jobType);
    expect(template.properties.find((property) => property.binding.type === 'zeebe:taskDefinition' && property.binding.property === 'type')?.type).toBe(
      'Hidden',
    );
  });

  it.each(allWorkers.map((worker) => [worker.jobType, worker] as const))('%s: one labelled field per input, required ones must not be empty', (_jobType, worker) => {
    const fields = inputProperties(templateOf(worker));
    expect(fields.map((field) => field.name)).toEqual(worker.inputs.map((input) => input.name));
    for (const input of worker.inputs) {
      const field = fields.find((candidate) => candidate.name === input.name);
      expect(field?.label).toMatch(/[\u4e00-\u9fff]/);
      expect(field?.description).toContain(input.description.replace(/[。；]$/, ''));
      if (input.required) {
        expect(field?.constraints).toEqual({ notEmpty: true });
        expect(field?.description).toContain('必填');
      } else {
        expect(field?.optional).toBe(true);
      }
      expect(field?.feel).toBe(input.kind === 'expression' ? 'required' : 'optional');
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
