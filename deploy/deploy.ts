/**
 * Deploys checked diagrams and forms in one atomic deployment, so a process
 * never reaches the engine without the form its user task links to.
 */
import path from 'node:path';
import type { ZeebeGrpcClient } from '@camunda8/sdk/dist/zeebe/index.js';
import type { ParsedDiagram, ParsedForm } from './project-files.ts';

export interface DeployedResource {
  readonly kind: 'process' | 'form' | 'decision' | 'decision-requirements';
  /** Process id, form id or decision id. */
  readonly id: string;
  readonly version: number;
  readonly key: string;
  readonly resourceName: string;
}

export interface DeploymentResult {
  readonly deploymentKey: string;
  readonly resources: readonly DeployedResource[];
}

/**
 * Resource names keep the path below processes/ (e.g. forms/x.form), which
 * Operate shows and which keeps same-named files apart.
 */
export function resourceName(file: string): string {
  return file.replace(/^processes\//, '').split(path.sep).join('/');
}

export async function deployResources(
  zeebe: Pick<ZeebeGrpcClient, 'deployResources'>,
  diagrams: readonly ParsedDiagram[],
  forms: readonly ParsedForm[],
): Promise<DeploymentResult> {
  const response = await zeebe.deployResources([
    ...forms.map((form) => ({ name: resourceName(form.file), form: Buffer.from(form.content, 'utf8') })),
    ...diagrams.map((diagram) => ({ name: resourceName(diagram.file), process: Buffer.from(diagram.xml, 'utf8') })),
  ]);

  const resources: DeployedResource[] = [];
  for (const deployment of response.deployments as Array<Record<string, Record<string, unknown> | undefined>>) {
    const { process, form, decision, decisionRequirements } = deployment;
    if (process) {
      resources.push({
        kind: 'process',
        id: String(process['bpmnProcessId']),
        version: Number(process['version']),
        key: String(process['processDefinitionKey']),
        resourceName: String(process['resourceName']),
      });
    } else if (form) {
      resources.push({
        kind: 'form',
        id: String(form['formId']),
        version: Number(form['version']),
        key: String(form['formKey']),
        resourceName: String(form['resourceName']),
      });
    } else if (decision) {
      resources.push({
        kind: 'decision',
        id: String(decision['dmnDecisionId']),
        version: Number(decision['version']),
        key: String(decision['decisionKey']),
        resourceName: String(decision['resourceName']),
      });
    } else if (decisionRequirements) {
      resources.push({
        kind: 'decision-requirements',
        id: String(decisionRequirements['dmnDecisionRequirementsId']),
        version: Number(decisionRequirements['version']),
        key: String(decisionRequirements['decisionRequirementsKey']),
        resourceName: String(decisionRequirements['resourceName']),
      });
    }
  }
  return { deploymentKey: response.key, resources };
}
