/**
 * Builds the browser app (modeler-ui/web/) with esbuild into var/modeler-web/
 * (git-ignored), so a fresh clone needs no build step of its own: the server
 * builds at start when the bundle is missing or stale, and `npm run
 * modeler:build` does the same by hand.
 *
 * Stale means the stamp differs: a hash over every source file of the app,
 * workers/contract.ts, package-lock.json (library upgrades) and esbuild's version. Checking costs a
 * few milliseconds; a build takes a few seconds.
 *
 * Builds write to a temporary folder first and then replace the bundle with
 * one rename, so a server starting while another builds never serves half a
 * bundle.
 */
import { createHash } from 'node:crypto';
import { cp, mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { build, version as esbuildVersion } from 'esbuild';
import type { Logger } from 'pino';
import { PROJECT_ROOT } from '../../../workers/config.ts';

export const WEB_SOURCE_DIR = path.join(PROJECT_ROOT, 'modeler-ui', 'web');
export const WEB_BUNDLE_DIR = path.join(PROJECT_ROOT, 'var', 'modeler-web');

const STAMP_FILE = '.build-stamp';
/** Fonts and images the bundled stylesheets refer to (bpmn-font, form-js icons). */
const ASSET_LOADERS = { '.woff': 'file', '.woff2': 'file', '.ttf': 'file', '.eot': 'file', '.svg': 'file', '.png': 'file' } as const;

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

/** Identifies what a bundle was built from. */
export async function sourceStamp(sourceDir: string = WEB_SOURCE_DIR): Promise<string> {
  const hash = createHash('sha256').update(`esbuild ${esbuildVersion}\n`);
  // The app also bundles workers/contract.ts (platform and history time-to-live of new diagrams).
  for (const file of [...(await sourceFiles(sourceDir)), path.join(PROJECT_ROOT, 'workers', 'contract.ts'), path.join(PROJECT_ROOT, 'package-lock.json')]) {
    hash.update(`${path.relative(PROJECT_ROOT, file)}\n`);
    hash.update(await readFile(file).catch(() => Buffer.alloc(0)));
  }
  return hash.digest('hex');
}

export interface BundleOptions {
  readonly sourceDir?: string;
  readonly outDir?: string;
  readonly logger: Logger;
}

/** Builds unconditionally; resolves to the bundle folder. */
export async function buildWebBundle(options: BundleOptions): Promise<string> {
  const sourceDir = options.sourceDir ?? WEB_SOURCE_DIR;
  const outDir = options.outDir ?? WEB_BUNDLE_DIR;
  const started = Date.now();
  const stamp = await sourceStamp(sourceDir);
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
    for (const warning of result.warnings) options.logger.warn({ warning: warning.text, file: warning.location?.file }, 'esbuild warning');
    await cp(path.join(sourceDir, 'index.html'), path.join(staging, 'index.html'));
    await writeFile(path.join(staging, STAMP_FILE), stamp);
    await rm(outDir, { recursive: true, force: true });
    await mkdir(path.dirname(outDir), { recursive: true });
    await rename(staging, outDir);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw new Error(`建模界面构建失败 / building the modeler web app failed: ${(error as Error).message}`);
  }
  options.logger.info({ outDir: path.relative(PROJECT_ROOT, outDir), ms: Date.now() - started }, '已构建建模界面 / modeler web app built');
  return outDir;
}

/** Builds only when the bundle is missing or was built from other sources; resolves to the bundle folder. */
export async function ensureWebBundle(options: BundleOptions): Promise<string> {
  const outDir = options.outDir ?? WEB_BUNDLE_DIR;
  const [built, current] = await Promise.all([
    readFile(path.join(outDir, STAMP_FILE), 'utf8').catch(() => undefined),
    sourceStamp(options.sourceDir ?? WEB_SOURCE_DIR),
  ]);
  if (built === current) {
    options.logger.debug({ outDir }, 'modeler web app is up to date');
    return outDir;
  }
  return buildWebBundle(options);
}
