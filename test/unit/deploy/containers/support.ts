/**
 * Shared by the tests of deploy/containers, deploy/compose and deploy/kubernetes: reading the
 * files, the configuration keys the applications really read, Docker's ignore-file rules and
 * the import graphs of what runs in each image. Nothing here needs Docker or a network.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import path from 'node:path';
import { build } from 'esbuild';
import ts from 'typescript';
import { parseAllDocuments, parse as parseYaml } from 'yaml';
import { PROJECT_ROOT } from '../../../../workers/config.ts';

export const ROOT = PROJECT_ROOT;
export const CONTAINERS_DIR = 'deploy/containers';
export const COMPOSE_FILE = 'deploy/compose/compose.yaml';
export const KUBERNETES_DIR = 'deploy/kubernetes';

export function readRepoFile(relative: string): string {
  return readFileSync(path.join(ROOT, relative), 'utf8');
}

/** Every YAML document of a file, failing on any parse error or warning (duplicate keys included). */
export function loadYamlDocuments(relative: string): unknown[] {
  // merge: YAML 1.1 merge keys (<<: *anchor), which Docker Compose supports.
  const documents = parseAllDocuments(readRepoFile(relative), { uniqueKeys: true, prettyErrors: true, merge: true });
  const list = Array.isArray(documents) ? documents : [documents];
  const problems = list.flatMap((document) => [...document.errors, ...document.warnings]).map((problem) => problem.message);
  if (problems.length > 0) throw new Error(`${relative}: ${problems.join('; ')}`);
  return list.map((document) => document.toJS({ maxAliasCount: 100 }) as unknown).filter((value) => value !== null && value !== undefined);
}

export function loadYaml(relative: string): unknown {
  const documents = loadYamlDocuments(relative);
  if (documents.length !== 1) throw new Error(`${relative}: expected one YAML document, found ${documents.length}`);
  return documents[0];
}

/**
 * The environment variables workers/config.ts reads (the workers, the modeler UI with the
 * workbench, the deploy and access commands), with their defaults. The module keeps its list in
 * the private ENV_DEFAULTS object and exports no list, so it is read from the module's source
 * with the TypeScript parser: a key added there is known here at once, nothing is duplicated.
 */
export function workerConfigKeys(): ReadonlyMap<string, string> {
  const file = 'workers/config.ts';
  const source = ts.createSourceFile(file, readRepoFile(file), ts.ScriptTarget.Latest, true);
  let literal: ts.ObjectLiteralExpression | undefined;
  const visit = (node: ts.Node): void => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.name.text === 'ENV_DEFAULTS' && node.initializer) {
      let init: ts.Expression = node.initializer;
      while (ts.isAsExpression(init) || ts.isSatisfiesExpression(init) || ts.isParenthesizedExpression(init)) init = init.expression;
      if (ts.isObjectLiteralExpression(init)) literal = init;
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  if (!literal) throw new Error(`${file}: no ENV_DEFAULTS object literal; update workerConfigKeys()`);
  const keys = new Map<string, string>();
  for (const property of literal.properties) {
    if (!ts.isPropertyAssignment(property)) throw new Error(`${file}: ENV_DEFAULTS holds something other than key: 'default'`);
    const name = ts.isIdentifier(property.name) || ts.isStringLiteral(property.name) ? property.name.text : property.name.getText(source);
    const value = ts.isStringLiteralLike(property.initializer) ? property.initializer.text : property.initializer.getText(source);
    keys.set(name, value);
  }
  return keys;
}

/** `operaton.bpm.admin-user.id` → `OPERATON_BPM_ADMINUSER_ID`: Spring Boot's form of a property as an environment variable. */
export function springEnvironmentName(property: string): string {
  return property.replaceAll('-', '').replaceAll('.', '_').toUpperCase();
}

const ENGINE_CONFIG_FILE = 'deploy/engine/src/main/resources/application.yaml';

/**
 * The environment variables the engine application reads: every property of its application.yaml
 * in Spring's environment spelling (relaxed binding lets them override the file), and the
 * variables the file names in `${NAME:default}` placeholders.
 */
export function engineEnvironmentKeys(): ReadonlySet<string> {
  const text = readRepoFile(ENGINE_CONFIG_FILE);
  const keys = new Set<string>();
  const walk = (value: unknown, prefix: string): void => {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [key, nested] of Object.entries(value)) walk(nested, prefix ? `${prefix}.${key}` : key);
      return;
    }
    keys.add(springEnvironmentName(prefix));
  };
  walk(parseYaml(text), '');
  for (const match of text.matchAll(/\$\{([A-Z][A-Z0-9_]*)(?::[^}]*)?\}/g)) keys.add(match[1]!);
  return keys;
}

/**
 * Variables of the runtimes themselves, not of our configuration, that the images and manifests
 * may set: the JVM's options, Node's options and its production switch.
 */
export const RUNTIME_VARIABLES = {
  engine: new Set(['JAVA_TOOL_OPTIONS']),
  node: new Set(['NODE_ENV', 'NODE_OPTIONS']),
} as const;

/** Names that look like they carry a secret; such a variable must come from a secret, never inline. */
export const SECRET_NAME = /PASSWORD|SECRET|TOKEN|DATABASE_URL|SMTP_URL|PRIVATE|CREDENTIAL/;

// ---------------------------------------------------------------------------------------------
// Docker ignore files

/** One rule of a .dockerignore file. */
interface IgnoreRule {
  readonly pattern: RegExp;
  readonly exception: boolean;
}

function patternToRegExp(pattern: string): RegExp {
  let source = '';
  for (let index = 0; index < pattern.length; index += 1) {
    const char = pattern[index]!;
    if (char === '*') {
      if (pattern[index + 1] === '*') {
        // "**" matches any number of directories, none included.
        index += 1;
        if (pattern[index + 1] === '/') {
          index += 1;
          source += '(?:.*/)?';
        } else {
          source += '.*';
        }
      } else {
        source += '[^/]*';
      }
    } else if (char === '?') {
      source += '[^/]';
    } else if (char === '[') {
      const end = pattern.indexOf(']', index);
      if (end < 0) throw new Error(`unclosed [ in ignore pattern ${pattern}`);
      source += `[${pattern.slice(index + 1, end)}]`;
      index = end;
    } else if (char === '\\') {
      index += 1;
      source += (pattern[index] ?? '').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    } else {
      source += char.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    }
  }
  return new RegExp(`^${source}$`);
}

/** Parses a .dockerignore file: comments and blank lines dropped, paths cleaned as Docker does. */
export function parseDockerignore(text: string): IgnoreRule[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const exception = line.startsWith('!');
      const cleaned = path.posix.normalize((exception ? line.slice(1) : line).trim()).replace(/^\/+/, '').replace(/\/+$/, '');
      return { pattern: patternToRegExp(cleaned), exception };
    });
}

/**
 * Whether Docker leaves a path (relative to the context) out of the build context: the last rule
 * that matches the path or one of its parent folders decides, an exception ("!") including it again.
 */
export function isIgnored(rules: readonly IgnoreRule[], relative: string): boolean {
  const parts = relative.split('/');
  const candidates = parts.map((_, index) => parts.slice(0, index + 1).join('/'));
  let ignored = false;
  for (const rule of rules) {
    if (candidates.some((candidate) => rule.pattern.test(candidate))) ignored = !rule.exception;
  }
  return ignored;
}

/** Every file below a folder of the repository (relative paths), skipping installed packages and Git. */
export function listFiles(relative: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
      const child = dir ? `${dir}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (entry.name === 'node_modules' || entry.name === '.git') continue;
        walk(child);
      } else if (entry.isFile()) {
        out.push(child);
      }
    }
  };
  walk(relative);
  return out.sort();
}

/** The files at a repository path: the file itself, or every file below the folder. */
export function filesAt(relative: string): string[] {
  return statSync(path.join(ROOT, relative)).isDirectory() ? listFiles(relative) : [relative];
}

// ---------------------------------------------------------------------------------------------
// Import graphs

export interface ImportGraph {
  /** Files of this repository the entry points load, relative to the root. */
  readonly files: readonly string[];
  /** npm packages they import (package names, subpaths stripped). */
  readonly packages: readonly string[];
}

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

/** What the given entry points load, resolved by esbuild as Node would (packages left external). */
export async function importGraph(entryPoints: readonly string[]): Promise<ImportGraph> {
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: [...entryPoints],
    bundle: true,
    write: false,
    metafile: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    outdir: path.join(ROOT, 'var', 'import-graph-unused'),
    logLevel: 'silent',
  });
  const files = new Set<string>();
  const packages = new Set<string>();
  for (const [file, input] of Object.entries(result.metafile.inputs)) {
    files.add(file);
    for (const imported of input.imports) {
      if (imported.external && !isBuiltin(imported.path)) packages.add(packageName(imported.path));
    }
  }
  return { files: [...files].sort(), packages: [...packages].sort() };
}
