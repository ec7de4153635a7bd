/**
 * Builds the workbench's browser app (workbench/web/) into var/workbench-web/
 * with the modeler's bundler (modeler-ui/server/web/bundle.ts): same stamp,
 * same atomic replace, so the server builds it at start when it is missing
 * or stale and `npm run modeler:build` builds both apps.
 */
import path from 'node:path';
import type { Logger } from 'pino';
import { type WebAppSpec, buildAppBundle, ensureAppBundle } from '../../modeler-ui/server/web/bundle.ts';
import { PROJECT_ROOT } from '../../workers/config.ts';

export const WORKBENCH_SOURCE_DIR = path.join(PROJECT_ROOT, 'workbench', 'web');
export const WORKBENCH_BUNDLE_DIR = path.join(PROJECT_ROOT, 'var', 'workbench-web');

export interface WorkbenchBundleOptions {
  readonly outDir?: string;
  readonly logger: Logger;
}

/** The app also bundles the API's types and the modeler's element builder and JSON request code. */
export function workbenchSpec(outDir: string = WORKBENCH_BUNDLE_DIR): WebAppSpec {
  return {
    title: { zh: '待办工作台', en: 'the workbench web app' },
    sourceDir: WORKBENCH_SOURCE_DIR,
    outDir,
    extraInputs: [path.join(PROJECT_ROOT, 'workbench', 'api-types.ts'), path.join(PROJECT_ROOT, 'modeler-ui', 'web', 'ui', 'dom.ts'), path.join(PROJECT_ROOT, 'modeler-ui', 'web', 'api', 'json-request.ts')],
  };
}

/** Builds unconditionally; resolves to the bundle folder. */
export function buildWorkbenchBundle(options: WorkbenchBundleOptions): Promise<string> {
  return buildAppBundle(workbenchSpec(options.outDir), options.logger);
}

/** Builds only when the bundle is missing or stale; resolves to the bundle folder. */
export function ensureWorkbenchBundle(options: WorkbenchBundleOptions): Promise<string> {
  return ensureAppBundle(workbenchSpec(options.outDir), options.logger);
}
