/**
 * The checks of `npm run deploy` (deploy/check-resources.ts: bpmnlint with
 * the camunda-compat rules, a worker for every job type, linked forms, the
 * names of workers/contract.ts) run on the processes folder the server was
 * given, with file names as paths below it.
 */
import path from 'node:path';
import { type ResourceCheck, checkResources } from '../../../deploy/check-resources.ts';
import type { ResourceProblem } from '../../../deploy/project-files.ts';
import { PROJECT_ROOT } from '../../../workers/config.ts';

export interface ProjectCheckOptions {
  readonly processesDir: string;
  readonly registeredJobTypes?: ReadonlySet<string>;
  /** Unsaved content by absolute path, checked instead of the file on disk. */
  readonly contentOverrides?: ReadonlyMap<string, string>;
}

/** A problem as the API returns it: `file` is the path below processes/. */
export interface ProblemView {
  readonly file: string;
  readonly elementId?: string;
  readonly rule: string;
  readonly message: string;
  readonly severity: 'error' | 'warning';
}

/** checkResources names files relative to the repository root; the API names them below processes/. */
export function fileBelowProcesses(processesDir: string, fileFromRoot: string): string {
  const relative = path.relative(processesDir, path.resolve(PROJECT_ROOT, fileFromRoot));
  return relative.startsWith('..') || path.isAbsolute(relative) ? fileFromRoot : relative.split(path.sep).join('/');
}

export function problemView(processesDir: string, problem: ResourceProblem): ProblemView {
  return { ...problem, file: fileBelowProcesses(processesDir, problem.file) };
}

export function checkProject(options: ProjectCheckOptions): Promise<ResourceCheck> {
  return checkResources({
    processesDir: options.processesDir,
    formsDir: path.join(options.processesDir, 'forms'),
    ...(options.registeredJobTypes ? { registeredJobTypes: options.registeredJobTypes } : {}),
    ...(options.contentOverrides ? { contentOverrides: options.contentOverrides } : {}),
  });
}
