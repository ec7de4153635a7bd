/**
 * Finding and parsing the deployable resources under processes/: BPMN
 * diagrams anywhere below it, Camunda forms in processes/forms/.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { BpmnModdle, type ModdleElement } from 'bpmn-moddle';
import camundaModdleDescriptor from 'camunda-bpmn-moddle/resources/camunda.json' with { type: 'json' };
import { PROJECT_ROOT } from '../workers/config.ts';

export const PROCESSES_DIR = path.join(PROJECT_ROOT, 'processes');
export const FORMS_DIR = path.join(PROCESSES_DIR, 'forms');

/** One problem found before deployment, located precisely enough to fix it. */
export interface ResourceProblem {
  /** Path relative to the repository root. */
  readonly file: string;
  readonly elementId?: string;
  /** Lint rule name, or the contract check that failed. */
  readonly rule: string;
  readonly message: string;
  readonly severity: 'error' | 'warning';
}

export interface ParsedDiagram {
  /** Path relative to the repository root. */
  readonly file: string;
  readonly xml: string;
  /** Undefined when the XML could not be parsed; see `problems`. */
  readonly definitions?: ModdleElement;
  /** Import warnings (unknown elements, broken references) as problems. */
  readonly problems: readonly ResourceProblem[];
}

export interface ParsedForm {
  readonly file: string;
  readonly content: string;
  /** Undefined when the file is not a form (bad JSON, no id); see `problems`. */
  readonly formId?: string;
  readonly executionPlatform?: string;
  readonly executionPlatformVersion?: string;
  readonly problems: readonly ResourceProblem[];
}

export function relativeToRoot(file: string): string {
  return path.relative(PROJECT_ROOT, file).split(path.sep).join('/');
}

async function listFiles(directory: string, extension: string, recursive: boolean): Promise<string[]> {
  let entries: string[];
  try {
    entries = await readdir(directory, { recursive });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return entries
    .filter((entry) => entry.endsWith(extension))
    .map((entry) => path.join(directory, entry))
    .sort();
}

export function findDiagramFiles(processesDir: string = PROCESSES_DIR): Promise<string[]> {
  return listFiles(processesDir, '.bpmn', true);
}

export function findFormFiles(formsDir: string = FORMS_DIR): Promise<string[]> {
  return listFiles(formsDir, '.form', false);
}

/** The namespace of the Camunda 7 extensions (`camunda:`) that Operaton executes. */
export const CAMUNDA_NAMESPACE = 'http://camunda.org/schema/1.0/bpmn';

export function createBpmnModdle(): BpmnModdle {
  return new BpmnModdle({ camunda: camundaModdleDescriptor });
}

/**
 * Parses BPMN XML with the Camunda 7 extensions (camunda-bpmn-moddle) that
 * lint rules and contract checks read. Elements and attributes of other
 * namespaces survive as generic elements and `$attrs`, which the contract
 * check reports.
 */
export async function parseDiagram(file: string, xml: string): Promise<ParsedDiagram> {
  const relative = relativeToRoot(file);
  const moddle = createBpmnModdle();
  let parsed;
  try {
    parsed = await moddle.fromXML(xml);
  } catch (error) {
    const message = (error as Error).message;
    return {
      file: relative,
      xml,
      problems: [{ file: relative, rule: 'bpmn-parse', message: `无法解析 BPMN / cannot parse BPMN: ${message}`, severity: 'error' }],
    };
  }
  const problems = parsed.warnings.map(
    (warning): ResourceProblem => ({
      file: relative,
      ...(warning.element?.id ? { elementId: warning.element.id } : {}),
      rule: 'bpmn-import',
      message: warning.message,
      severity: 'error',
    }),
  );
  return { file: relative, xml, definitions: parsed.rootElement, problems };
}

export async function readDiagram(file: string): Promise<ParsedDiagram> {
  return parseDiagram(file, await readFile(file, 'utf8'));
}

export function parseForm(file: string, content: string): ParsedForm {
  const relative = relativeToRoot(file);
  let data: unknown;
  try {
    data = JSON.parse(content);
  } catch (error) {
    return {
      file: relative,
      content,
      problems: [{ file: relative, rule: 'form-parse', message: `不是合法 JSON / not valid JSON: ${(error as Error).message}`, severity: 'error' }],
    };
  }
  const record = data !== null && typeof data === 'object' ? (data as Record<string, unknown>) : {};
  const formId = record['id'];
  if (typeof formId !== 'string' || formId.length === 0) {
    return {
      file: relative,
      content,
      problems: [{ file: relative, rule: 'form-id', message: '表单缺少 id / the form has no "id"', severity: 'error' }],
    };
  }
  const optionalText = (key: string): string | undefined => (typeof record[key] === 'string' ? (record[key] as string) : undefined);
  const executionPlatform = optionalText('executionPlatform');
  const executionPlatformVersion = optionalText('executionPlatformVersion');
  return {
    file: relative,
    content,
    formId,
    ...(executionPlatform ? { executionPlatform } : {}),
    ...(executionPlatformVersion ? { executionPlatformVersion } : {}),
    problems: [],
  };
}

export async function readForm(file: string): Promise<ParsedForm> {
  return parseForm(file, await readFile(file, 'utf8'));
}
