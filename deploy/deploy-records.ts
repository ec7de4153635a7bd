/**
 * What was last deployed from each file under processes/, so the modeler UI
 * can show the deployed version and whether the file changed since: a small
 * JSON file written after every successful deployment by `npm run deploy`,
 * `npm start` and the modeler UI alike.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { DeployedResource, DeploymentResult } from './deploy.ts';
import { resourceName } from './deploy.ts';
import type { ParsedDiagram, ParsedForm } from './project-files.ts';

export interface DeployRecord {
  /** SHA-256 (hex) of the bytes that were deployed. */
  readonly sha256: string;
  readonly deploymentKey: string;
  /** ISO 8601 timestamp. */
  readonly deployedAt: string;
  /** Login of the person, or the tool (`npm run deploy`) that deployed. */
  readonly deployedBy: string;
  /** What the engine registered from the file: process ids or the form id, with their versions. */
  readonly resources: ReadonlyArray<Pick<DeployedResource, 'kind' | 'id' | 'version' | 'key'>>;
}

/** Records by resource name: the path below processes/, e.g. `safety-patrol.bpmn`, `forms/patrol-plan.form`. */
export type DeployRecords = Readonly<Record<string, DeployRecord>>;

interface RecordFile {
  readonly format: 1;
  readonly files: DeployRecords;
}

export function sha256Hex(content: string | Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

export async function readDeployRecords(recordFile: string): Promise<DeployRecords> {
  let text: string;
  try {
    text = await readFile(recordFile, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw error;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`部署记录文件不是合法 JSON / the deploy record file is not valid JSON: ${recordFile}: ${(error as Error).message}`);
  }
  const files = (parsed as Partial<RecordFile> | null)?.files;
  if (files === null || typeof files !== 'object') {
    throw new Error(`部署记录文件缺少 "files" / the deploy record file has no "files" object: ${recordFile}`);
  }
  return files;
}

/**
 * Adds the files of one successful deployment to the record file (written
 * through a temporary file and a rename, so a reader never sees half of it).
 */
export async function recordDeployment(
  recordFile: string,
  deployed: { readonly diagrams: readonly ParsedDiagram[]; readonly forms: readonly ParsedForm[] },
  result: DeploymentResult,
  deployedBy: string,
  now: Date = new Date(),
): Promise<DeployRecords> {
  const previous = await readDeployRecords(recordFile);
  const contents = new Map<string, string>([
    ...deployed.diagrams.map((diagram) => [resourceName(diagram.file), diagram.xml] as const),
    ...deployed.forms.map((form) => [resourceName(form.file), form.content] as const),
  ]);
  const files: Record<string, DeployRecord> = { ...previous };
  for (const [name, content] of contents) {
    files[name] = {
      sha256: sha256Hex(content),
      deploymentKey: result.deploymentKey,
      deployedAt: now.toISOString(),
      deployedBy,
      resources: result.resources
        .filter((resource) => resource.resourceName === name)
        .map(({ kind, id, version, key }) => ({ kind, id, version, key })),
    };
  }
  await mkdir(path.dirname(recordFile), { recursive: true });
  const temporary = `${recordFile}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(temporary, `${JSON.stringify({ format: 1, files } satisfies RecordFile, null, 2)}\n`, 'utf8');
  await rename(temporary, recordFile);
  return files;
}
