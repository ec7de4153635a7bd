/**
 * bpmnlint with the Camunda compatibility rules for the target platform
 * version, as a function the deploy CLI, the tests and the modeler UI share.
 * The project's own rules are the contract checks (deploy/contract-check.ts),
 * which run beside the linter on the same parsed diagrams.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import bpmnlint, { type LinterConfig } from 'bpmnlint';
import NodeResolver from 'bpmnlint/lib/resolver/node-resolver.js';
import { EXECUTION_PLATFORM_VERSION, camundaCompatLintConfigName } from '../workers/contract.ts';
import { PROJECT_ROOT } from '../workers/config.ts';
import type { ParsedDiagram, ResourceProblem } from './project-files.ts';

/** Generic BPMN hygiene plus what the target Camunda 7 version (which Operaton continues) checks, e.g. camunda-platform-7-24. */
export const LINT_CONFIG: LinterConfig = {
  extends: ['bpmnlint:recommended', `plugin:camunda-compat/${camundaCompatLintConfigName(EXECUTION_PLATFORM_VERSION)}`],
};

// Rules and configs are resolved from the project's node_modules, whatever
// directory the caller runs in.
const projectRequire = createRequire(path.join(PROJECT_ROOT, 'package.json'));

export function createLinter(config: LinterConfig = LINT_CONFIG): InstanceType<typeof bpmnlint.Linter> {
  return new bpmnlint.Linter({ config, resolver: new NodeResolver({ require: projectRequire }) });
}

/**
 * Lint reports of one parsed diagram as problems. 'warn' and 'info' reports
 * are warnings (shown, not blocking); 'error' and rule crashes block deployment.
 */
export async function lintDiagram(diagram: ParsedDiagram, linter = createLinter()): Promise<ResourceProblem[]> {
  // The rules assume a consistent model; on broken references they crash
  // with stack traces that hide the real problem, already in diagram.problems.
  if (!diagram.definitions || diagram.problems.length > 0) return [];
  const reportsByRule = await linter.lint(diagram.definitions);
  const problems: ResourceProblem[] = [];
  for (const [rule, reports] of Object.entries(reportsByRule)) {
    for (const report of reports) {
      if (report.category === 'off') continue;
      problems.push({
        file: diagram.file,
        ...(report.id ? { elementId: report.id } : {}),
        rule,
        message: report.message,
        severity: report.category === 'warn' || report.category === 'info' ? 'warning' : 'error',
      });
    }
  }
  return problems;
}

export async function lintDiagrams(diagrams: readonly ParsedDiagram[]): Promise<ResourceProblem[]> {
  const linter = createLinter();
  const perDiagram = await Promise.all(diagrams.map((diagram) => lintDiagram(diagram, linter)));
  return perDiagram.flat();
}
