/**
 * Everything that must hold before anything is deployed: each diagram parses,
 * passes lint, honours the contract with workers and forms, and (as warnings)
 * is laid out readably (deploy/diagram-layout.ts).
 */
import path from 'node:path';
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
    ...diagrams.flatMap((diagram) => diagram.problems),
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
