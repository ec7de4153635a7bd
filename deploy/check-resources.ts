/**
 * Everything that must hold before anything is deployed: each diagram parses,
 * passes lint, and honours the contract with workers and forms.
 */
import { registeredJobTypes as jobTypesOfRegistry } from '../workers/registry.ts';
import { checkContract } from './contract-check.ts';
import { lintDiagrams } from './lint.ts';
import {
  FORMS_DIR,
  PROCESSES_DIR,
  type ParsedDiagram,
  type ParsedForm,
  type ResourceProblem,
  findDiagramFiles,
  findFormFiles,
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
}

export async function checkResources(options: CheckOptions = {}): Promise<ResourceCheck> {
  const diagramFiles = await findDiagramFiles(options.processesDir ?? PROCESSES_DIR);
  const formFiles = await findFormFiles(options.formsDir ?? FORMS_DIR);
  const diagrams = await Promise.all(diagramFiles.map(readDiagram));
  const forms = await Promise.all(formFiles.map(readForm));

  const problems: ResourceProblem[] = [
    ...diagrams.flatMap((diagram) => diagram.problems),
    ...(await lintDiagrams(diagrams)),
    ...checkContract(diagrams, forms, options.registeredJobTypes ?? jobTypesOfRegistry()),
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
