/**
 * Everything that must hold before anything is deployed: each diagram parses
 * (no DOCTYPE, entity declaration, processing instruction or character XML
 * forbids), passes lint, honours the contract with workers and forms, and (as
 * warnings) is laid out readably (deploy/diagram-layout.ts); each form carries
 * no script and no absurd nesting.
 */
import path from 'node:path';
import { Parser } from 'saxen';
import { registeredJobTypes as jobTypesOfRegistry } from '../workers/registry.ts';
import { checkContract } from './contract-check.ts';
import { layoutWarnings } from './diagram-layout.ts';
import { lintDiagrams } from './lint.ts';
import {
  FORMS_DIR,
  PROCESSES_DIR,
  type ParsedDiagram,
  type ParsedForm,
  type ResourceProblem,
  findDiagramFiles,
  findFormFiles,
  parseDiagram,
  parseForm,
  readDiagram,
  readForm,
} from './project-files.ts';

export interface ResourceCheck {
  readonly diagrams: readonly ParsedDiagram[];
  readonly forms: readonly ParsedForm[];
  readonly problems: readonly ResourceProblem[];
  /** True when no problem blocks deployment (warnings do not). */
  readonly deployable: boolean;
}

export interface CheckOptions {
  readonly processesDir?: string;
  readonly formsDir?: string;
  readonly registeredJobTypes?: ReadonlySet<string>;
  /**
   * Content to check instead of what is on disk, by absolute file path (the
   * modeler UI lints an unsaved diagram together with the saved rest). A path
   * not on disk is added when it lies in the scanned folders.
   */
  readonly contentOverrides?: ReadonlyMap<string, string>;
}

function withOverrides(files: readonly string[], overrides: ReadonlyMap<string, string>, directory: string, extension: string, recursive: boolean): string[] {
  const added = [...overrides.keys()].filter((file) => {
    if (!file.endsWith(extension) || files.includes(file)) return false;
    const relative = path.relative(directory, file);
    return !relative.startsWith('..') && !path.isAbsolute(relative) && (recursive || !relative.includes(path.sep));
  });
  return [...files, ...added].sort();
}

/** Characters XML 1.0 does not allow anywhere (NUL, other C0 controls but tab, LF and CR, U+FFFE/U+FFFF). */
const INVALID_XML_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

/**
 * The first character XML 1.0 forbids, with its line: saxen and bpmn-moddle
 * read past it, and the engine's parser then refuses the whole deployment.
 */
export function invalidXmlCharacter(xml: string): { readonly line: number; readonly zh: string; readonly en: string } | undefined {
  const match = INVALID_XML_CHARACTER.exec(xml);
  if (!match) return undefined;
  const line = xml.slice(0, match.index).split('\n').length;
  const code = `U+${(match[0].codePointAt(0) as number).toString(16).toUpperCase().padStart(4, '0')}`;
  return { line, zh: `XML 中不允许字符 ${code}（第 ${line} 行）`, en: `XML does not allow the character ${code} (line ${line})` };
}

/**
 * DOCTYPE, entity declarations and processing instructions have no place in a
 * diagram. bpmn-moddle reads past an external DTD (`<!DOCTYPE … SYSTEM
 * "http://…">`), so without this `npm run deploy` passed such a file on to the
 * engine. The scan resolves nothing: saxen reports the declaration, and the
 * first one found is the problem. Malformed XML is left to bpmn-moddle.
 */
export function xmlDeclarationProblems(file: string, xml: string): ResourceProblem[] {
  const character = invalidXmlCharacter(xml);
  if (character) {
    const { zh, en } = character;
    return [{ file, rule: 'xml-character', message: `${zh} / ${en}`, severity: 'error' }];
  }
  const problems: ResourceProblem[] = [];
  const parser = new Parser();
  let seenMarkup = false;
  const found = (rule: string, zh: string, en: string, context: () => { line: number; column: number }): void => {
    const line = context().line + 1;
    problems.push({ file, rule, message: `${zh}（第 ${line} 行），请删除后再部署 / ${en} (line ${line}); remove it before deploying`, severity: 'error' });
    parser.stop();
  };
  parser.on('attention', (text, _decode, context) => {
    const declaration = text.slice(0, 60).replace(/\s+/g, ' ');
    found('xml-doctype', `不允许 DOCTYPE 或实体声明：${declaration}…`, `DOCTYPE and entity declarations are not allowed: ${declaration}…`, context);
  });
  parser.on('question', (text, context) => {
    const isDeclaration = !seenMarkup && /^<\?xml\s/.test(text);
    seenMarkup = true;
    if (!isDeclaration) found('xml-processing-instruction', '不允许处理指令（<?…?>）', 'processing instructions (<?…?>) are not allowed', context);
  });
  parser.on('openTag', () => {
    seenMarkup = true;
  });
  parser.on('error', () => {
    parser.stop();
  });
  parser.parse(xml.replace(/^\uFEFF/, ''));
  return problems;
}

/** Deeper than any form needs (components in groups in dynamic lists are a few levels); deeper is a mistake or an attack. */
export const MAX_FORM_NESTING = 64;

export interface FormContentProblem {
  readonly code: 'form-script' | 'form-too-deep';
  readonly zh: string;
  readonly en: string;
}

const FORM_SCRIPT = /<\s*script\b|javascript\s*:/i;

/**
 * Markup in a form that runs code when Tasklist or the workbench renders it,
 * or nesting no form needs. Walked without recursion, so a form nested
 * 100 000 levels deep is answered, not a stack overflow.
 */
export function formContentProblem(data: unknown): FormContentProblem | undefined {
  const shown = (at: string): string => (at.length > 120 ? `${at.slice(0, 120)}…` : at);
  const stack: Array<{ readonly value: unknown; readonly at: string; readonly depth: number }> = [{ value: data, at: '$', depth: 0 }];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const { value, at, depth } = next;
    if (typeof value === 'string') {
      if (FORM_SCRIPT.test(value)) return { code: 'form-script', zh: `表单不允许脚本（${shown(at)}）`, en: `scripts are not allowed in a form (${shown(at)})` };
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_FORM_NESTING) {
      return {
        code: 'form-too-deep',
        zh: `表单嵌套超过 ${MAX_FORM_NESTING} 层（${shown(at)}）`,
        en: `the form is nested more than ${MAX_FORM_NESTING} levels deep (${shown(at)})`,
      };
    }
    const children = Array.isArray(value)
      ? value.map((item, index) => ({ value: item as unknown, at: `${at}[${index}]`, depth: depth + 1 }))
      : Object.entries(value).map(([key, item]) => ({ value: item as unknown, at: `${at}.${key}`, depth: depth + 1 }));
    // Reversed onto the stack, so the first offending field in document order is the one named.
    for (let index = children.length - 1; index >= 0; index -= 1) stack.push(children[index] as (typeof children)[number]);
  }
  return undefined;
}

function formProblems(form: ParsedForm): ResourceProblem[] {
  if (form.formId === undefined) return [];
  const problem = formContentProblem(JSON.parse(form.content));
  return problem ? [{ file: form.file, rule: problem.code, message: `${problem.zh} / ${problem.en}`, severity: 'error' }] : [];
}

/** bpmn-moddle's import warnings are English only; the person reading them may not be. */
function bilingualImportProblem(problem: ResourceProblem): ResourceProblem {
  return problem.rule === 'bpmn-import' && !/[\u4e00-\u9fff]/.test(problem.message)
    ? { ...problem, message: `BPMN 内容无法读取 / cannot read the BPMN content: ${problem.message}` }
    : problem;
}

export async function checkResources(options: CheckOptions = {}): Promise<ResourceCheck> {
  const processesDir = options.processesDir ?? PROCESSES_DIR;
  const formsDir = options.formsDir ?? FORMS_DIR;
  const overrides = options.contentOverrides ?? new Map<string, string>();
  const diagramFiles = withOverrides(await findDiagramFiles(processesDir), overrides, processesDir, '.bpmn', true);
  const formFiles = withOverrides(await findFormFiles(formsDir), overrides, formsDir, '.form', false);
  const diagrams = await Promise.all(
    diagramFiles.map((file) => {
      const content = overrides.get(file);
      return content === undefined ? readDiagram(file) : parseDiagram(file, content);
    }),
  );
  const forms = await Promise.all(
    formFiles.map((file) => {
      const content = overrides.get(file);
      return content === undefined ? readForm(file) : parseForm(file, content);
    }),
  );

  const problems: ResourceProblem[] = [
    ...diagrams.flatMap((diagram) => [...xmlDeclarationProblems(diagram.file, diagram.xml), ...diagram.problems.map(bilingualImportProblem)]),
    ...forms.flatMap(formProblems),
    ...(await lintDiagrams(diagrams)),
    ...checkContract(diagrams, forms, options.registeredJobTypes ?? jobTypesOfRegistry()),
    ...diagrams.flatMap((diagram) => layoutWarnings(diagram)),
  ];
  if (diagrams.length === 0) {
    problems.push({
      file: 'processes',
      rule: 'no-diagrams',
      message: '未找到任何 .bpmn 文件 / no .bpmn files found',
      severity: 'error',
    });
  }
  return { diagrams, forms, problems, deployable: problems.every((problem) => problem.severity !== 'error') };
}

/** One line per problem: `file  element  rule  message`. */
export function formatProblem(problem: ResourceProblem): string {
  const label = problem.severity === 'error' ? '错误 error' : '警告 warning';
  return `${label}  ${problem.file}  ${problem.elementId ?? '-'}  ${problem.rule}  ${problem.message}`;
}
