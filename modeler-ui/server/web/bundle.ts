/**
 * Builds a browser app of ours (the modeler's modeler-ui/web/, the
 * workbench's workbench/web/) with esbuild into a folder under var/
 * (git-ignored), so a fresh clone needs no build step of its own: the server
 * builds at start when the bundle is missing or stale, and `npm run
 * modeler:build` does the same by hand.
 *
 * Every app has the same layout: main.ts, styles/app.css and index.html in
 * its source folder.
 *
 * Stale means the stamp differs: a hash over every source file of the app,
 * the files outside it that it bundles (workers/contract.ts …), package-lock.json
 * (library upgrades) and esbuild's version. Checking costs a few
 * milliseconds; a build takes a few seconds.
 *
 * Builds write to a temporary folder first and then replace the bundle with
 * one rename, so a server starting while another builds never serves half a
 * bundle.
 */
import { createHash } from 'node:crypto';
import { cp, mkdir, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { build, version as esbuildVersion } from 'esbuild';
import type { Logger } from 'pino';
import { PROJECT_ROOT } from '../../../workers/config.ts';

export const WEB_SOURCE_DIR = path.join(PROJECT_ROOT, 'modeler-ui', 'web');
export const WEB_BUNDLE_DIR = path.join(PROJECT_ROOT, 'var', 'modeler-web');

const STAMP_FILE = '.build-stamp';
/** Fonts and images the bundled stylesheets refer to (bpmn-font, form-js icons). */
const ASSET_LOADERS = { '.woff': 'file', '.woff2': 'file', '.ttf': 'file', '.eot': 'file', '.svg': 'file', '.png': 'file' } as const;

/** One browser app: where its sources are, what else it bundles, where the bundle goes. */
export interface WebAppSpec {
  /** Named in logs and errors: `{ zh: '建模界面', en: 'the modeler web app' }`. */
  readonly title: { readonly zh: string; readonly en: string };
  readonly sourceDir: string;
  readonly outDir: string;
  /** Files or folders outside sourceDir that the app imports; package-lock.json is always part of the stamp. */
  readonly extraInputs: readonly string[];
}

/** The modeler also bundles workers/contract.ts (platform and history time-to-live of new diagrams). */
const MODELER_EXTRA_INPUTS = [path.join(PROJECT_ROOT, 'workers', 'contract.ts')];

function modelerSpec(options: { readonly sourceDir?: string; readonly outDir?: string }): WebAppSpec {
  return {
    title: { zh: '建模界面', en: 'the modeler web app' },
    sourceDir: options.sourceDir ?? WEB_SOURCE_DIR,
    outDir: options.outDir ?? WEB_BUNDLE_DIR,
    extraInputs: MODELER_EXTRA_INPUTS,
  };
}

async function sourceFiles(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true });
  const files = await Promise.all(
    entries.map(async (entry) => {
      const full = path.join(directory, entry.name);
      if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(full);
      return [full];
    }),
  );
  return files.flat().sort();
}

async function inputFiles(input: string): Promise<string[]> {
  const info = await stat(input).catch(() => undefined);
  return info?.isDirectory() ? sourceFiles(input) : [input];
}

/** Identifies what an app's bundle was built from. */
export async function appStamp(spec: Pick<WebAppSpec, 'sourceDir' | 'extraInputs'>): Promise<string> {
  const hash = createHash('sha256').update(`esbuild ${esbuildVersion}\n`);
  const extra = (await Promise.all(spec.extraInputs.map(inputFiles))).flat();
  for (const file of [...(await sourceFiles(spec.sourceDir)), ...extra, path.join(PROJECT_ROOT, 'package-lock.json')]) {
    hash.update(`${path.relative(PROJECT_ROOT, file)}\n`);
    hash.update(await readFile(file).catch(() => Buffer.alloc(0)));
  }
  return hash.digest('hex');
}

/** Builds unconditionally; resolves to the bundle folder. */
export async function buildAppBundle(spec: WebAppSpec, logger: Logger): Promise<string> {
  const { sourceDir, outDir, title } = spec;
  const started = Date.now();
  const stamp = await appStamp(spec);
  const staging = `${outDir}.building-${process.pid}-${started}`;
  await rm(staging, { recursive: true, force: true });
  try {
    const result = await build({
      absWorkingDir: PROJECT_ROOT,
      entryPoints: { app: path.join(sourceDir, 'main.ts'), app_styles: path.join(sourceDir, 'styles', 'app.css') },
      outdir: staging,
      bundle: true,
      format: 'esm',
      target: ['es2022'],
      platform: 'browser',
      minify: true,
      sourcemap: 'linked',
      legalComments: 'linked',
      loader: ASSET_LOADERS,
      assetNames: 'assets/[name]-[hash]',
      define: { 'process.env.NODE_ENV': '"production"' },
      logLevel: 'silent',
    });
    for (const warning of result.warnings) logger.warn({ warning: warning.text, file: warning.location?.file }, 'esbuild warning');
    await cp(path.join(sourceDir, 'index.html'), path.join(staging, 'index.html'));
    await writeFile(path.join(staging, STAMP_FILE), stamp);
    await rm(outDir, { recursive: true, force: true });
    await mkdir(path.dirname(outDir), { recursive: true });
    await rename(staging, outDir);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw new Error(`${title.zh}构建失败 / building ${title.en} failed: ${(error as Error).message}`);
  }
  logger.info({ outDir: path.relative(PROJECT_ROOT, outDir), ms: Date.now() - started }, `已构建${title.zh} / ${title.en} built`);
  return outDir;
}

/** Builds only when the bundle is missing or was built from other sources; resolves to the bundle folder. */
export async function ensureAppBundle(spec: WebAppSpec, logger: Logger): Promise<string> {
  const [built, current] = await Promise.all([readFile(path.join(spec.outDir, STAMP_FILE), 'utf8').catch(() => undefined), appStamp(spec)]);
  if (built === current) {
    logger.debug({ outDir: spec.outDir }, `${spec.title.en} is up to date`);
    return spec.outDir;
  }
  return buildAppBundle(spec, logger);
}

export interface BundleOptions {
  readonly sourceDir?: string;
  readonly outDir?: string;
  readonly logger: Logger;
}

/** Identifies what the modeler's bundle was built from. */
export function sourceStamp(sourceDir: string = WEB_SOURCE_DIR): Promise<string> {
  return appStamp(modelerSpec({ sourceDir }));
}

/** Builds the modeler's app unconditionally; resolves to the bundle folder. */
export function buildWebBundle(options: BundleOptions): Promise<string> {
  return buildAppBundle(modelerSpec(options), options.logger);
}

/** Builds the modeler's app only when missing or stale; resolves to the bundle folder. */
export function ensureWebBundle(options: BundleOptions): Promise<string> {
  return ensureAppBundle(modelerSpec(options), options.logger);
}
