/**
 * Which files the modeler UI may read and write: BPMN diagrams anywhere
 * below processes/ and Camunda forms in processes/forms/ (exactly what
 * `npm run deploy` deploys), named by their path below processes/.
 */
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { HttpError } from '../errors.ts';

export type ResourceKind = 'process' | 'form';

export interface ResourcePath {
  /** Path below processes/ with forward slashes, e.g. `forms/patrol-plan.form`. */
  readonly relative: string;
  readonly absolute: string;
  readonly kind: ResourceKind;
}

const SEGMENT = /^[\p{L}\p{N}_-][\p{L}\p{N}._-]*$/u;

function invalid(relative: string): HttpError {
  return new HttpError(
    400,
    'invalid-path',
    `"${relative}" 不是可编辑的文件：只能是 processes/ 下的 .bpmn 或 processes/forms/ 下的 .form`,
    `"${relative}" is not an editable file: only .bpmn below processes/ or .form in processes/forms/`,
  );
}

/** Validates a path below processes/ given as URL segments or a string. */
export function resourcePath(processesDir: string, segments: readonly string[] | string): ResourcePath {
  const parts = typeof segments === 'string' ? segments.split('/') : [...segments];
  const relative = parts.join('/');
  if (parts.length === 0 || relative.length > 255 || !parts.every((part) => SEGMENT.test(part))) throw invalid(relative);
  let kind: ResourceKind;
  if (relative.endsWith('.bpmn')) kind = 'process';
  else if (relative.endsWith('.form') && parts.length === 2 && parts[0] === 'forms') kind = 'form';
  else throw invalid(relative);
  return { relative, absolute: path.join(processesDir, ...parts), kind };
}

/**
 * Refuses a path whose folder leads outside processes/ through a symbolic
 * link; the folder must exist (the UI does not create folders).
 */
export async function assertInside(processesDir: string, resource: ResourcePath): Promise<void> {
  let root: string;
  let folder: string;
  try {
    root = await realpath(processesDir);
    folder = await realpath(path.dirname(resource.absolute));
  } catch {
    throw new HttpError(404, 'folder-not-found', `文件夹不存在：${path.posix.dirname(resource.relative)}`, `no such folder: ${path.posix.dirname(resource.relative)}`);
  }
  const relative = path.relative(root, folder);
  if (relative.startsWith('..') || path.isAbsolute(relative)) throw invalid(resource.relative);
}
