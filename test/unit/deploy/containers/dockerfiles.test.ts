/**
 * deploy/containers/*.Dockerfile: what matters for running them in production, checked without
 * Docker. Each file is validated by dockerfile-utils (the Dockerfile language server's validator)
 * and then read for the properties: multi-stage build, base images pinned to a version (and the
 * versions the project itself uses), a non-root numeric USER, a HEALTHCHECK on the health route
 * the application serves, no secret in the image, ENV keys the applications really read, and an
 * ignore file that sends exactly what the image needs: every file the workers or the modeler
 * load at run time is in the context and copied, and nothing private is.
 */
import { existsSync, readFileSync } from 'node:fs';
import { stripTypeScriptTypes } from 'node:module';
import path from 'node:path';
import { validate } from 'dockerfile-utils';
import { describe, expect, it } from 'vitest';
import { type DockerfileModel, parseDockerfile, pathsInFinalImage } from './dockerfile-model.ts';
import {
  CONTAINERS_DIR,
  ROOT,
  RUNTIME_VARIABLES,
  SECRET_NAME,
  engineEnvironmentKeys,
  filesAt,
  importGraph,
  isIgnored,
  listFiles,
  parseDockerignore,
  readRepoFile,
  workerConfigKeys,
} from './support.ts';

interface ImageSpec {
  readonly image: 'engine' | 'workers' | 'modeler';
  readonly runtime: 'engine' | 'node';
  /** The configuration key naming the port the health check probes, its default and the route. */
  readonly healthPort: { readonly key: string; readonly defaultPort: string };
  readonly healthPath: string;
  readonly uid: number;
}

const IMAGES: readonly ImageSpec[] = [
  { image: 'engine', runtime: 'engine', healthPort: { key: 'SERVER_PORT', defaultPort: '8080' }, healthPath: '/actuator/health/readiness', uid: 10001 },
  { image: 'workers', runtime: 'node', healthPort: { key: 'WORKERS_METRICS_PORT', defaultPort: '9400' }, healthPath: '/health/ready', uid: 1000 },
  { image: 'modeler', runtime: 'node', healthPort: { key: 'MODELER_PORT', defaultPort: '3000' }, healthPath: '/api/health', uid: 1000 },
];

const packageJson = JSON.parse(readRepoFile('package.json')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  engines: { node: string };
};

const dockerfileOf = (spec: ImageSpec): DockerfileModel => parseDockerfile(`${CONTAINERS_DIR}/${spec.image}.Dockerfile`);
const ignoreRulesOf = (spec: ImageSpec) => parseDockerignore(readRepoFile(`${CONTAINERS_DIR}/${spec.image}.Dockerfile.dockerignore`));

/** Keys an image's ENV may set: the configuration its application reads, and its runtime's own variables. */
function knownKeys(runtime: ImageSpec['runtime']): ReadonlySet<string> {
  return runtime === 'engine'
    ? new Set([...engineEnvironmentKeys(), ...RUNTIME_VARIABLES.engine])
    : new Set([...workerConfigKeys().keys(), ...RUNTIME_VARIABLES.node]);
}

/** Whether a repository file is inside one of the given paths (a file, or a folder and everything below). */
function under(file: string, paths: readonly string[]): boolean {
  return paths.some((candidate) => file === candidate || file.startsWith(`${candidate}/`));
}

describe.each(IMAGES.map((spec) => [spec.image, spec] as const))('deploy/containers/%s.Dockerfile', (_image, spec) => {
  const model = dockerfileOf(spec);

  it('passes the Dockerfile validator without a diagnostic', () => {
    const diagnostics = validate(model.text).map((diagnostic) => `line ${diagnostic.range.start.line + 1}: ${diagnostic.message}`);
    expect(diagnostics).toEqual([]);
  });

  it('is a multi-stage build whose earlier stages are named', () => {
    expect(model.stages.length).toBeGreaterThanOrEqual(2);
    for (const stage of model.stages.slice(0, -1)) expect(stage.name, 'every stage but the last is named').toBeTruthy();
  });

  it('pins every base image to a full version, never a floating tag', () => {
    const stageNames = new Set(model.stages.flatMap((stage) => (stage.name ? [stage.name] : [])));
    for (const stage of model.stages) {
      if (stageNames.has(stage.image.name)) continue;
      expect(stage.image.tag, `${stage.image.name} has a tag`).toBeDefined();
      expect(stage.image.tag).not.toMatch(/^(latest|lts|current|stable)(-|$)/);
      expect(stage.image.tag, `${stage.image.name}:${stage.image.tag} names a major.minor.patch version`).toMatch(/\d+\.\d+\.\d+/);
      if (stage.image.digest !== undefined) expect(stage.image.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    }
  });

  it('runs as a fixed non-root user, set once in the final stage', () => {
    expect(model.final.users).toEqual([`${spec.uid}:${spec.uid}`]);
    expect(spec.uid).toBeGreaterThan(0);
    // Nothing after USER switches back, and no earlier stage's USER leaks into the image.
    const lastKeywords = model.final.instructions.map((instruction) => instruction.getKeyword());
    expect(lastKeywords.slice(lastKeywords.indexOf('USER') + 1)).not.toContain('USER');
  });

  it('has one HEALTHCHECK probing the health route on the configured port, with its default', () => {
    expect(model.final.healthchecks).toHaveLength(1);
    const [check] = model.final.healthchecks;
    const flags = check!.flags;
    for (const flag of ['interval', 'timeout', 'start-period', 'retries']) expect(flags.get(flag), `--${flag}`).toBeTruthy();
    expect(check!.args).toEqual(['CMD', 'http-probe', `"\${${spec.healthPort.key}:-${spec.healthPort.defaultPort}}"`, spec.healthPath]);
    expect(model.final.exposed).toEqual([spec.healthPort.defaultPort]);
  });

  it('sets only environment variables its application reads, and none that carries a secret', () => {
    const known = knownKeys(spec.runtime);
    for (const stage of model.stages) {
      for (const [key, value] of stage.env) {
        if (stage === model.final) expect(known.has(key), `ENV ${key} is read by the ${spec.image}`).toBe(true);
        expect(key, `ENV ${key}=${value} bakes a secret into the image`).not.toMatch(SECRET_NAME);
      }
    }
    // No ARG may carry one either: build arguments end up in the image's history.
    expect(model.text).not.toMatch(/^\s*ARG\s+\S*(PASSWORD|SECRET|TOKEN)/im);
  });

  it('starts through secrets-env with exec-form ENTRYPOINT and CMD', () => {
    expect(model.final.entrypoint).toEqual(['secrets-env']);
    expect(model.final.cmd?.length).toBeGreaterThan(0);
    const copiedScripts = model.final.copies.filter((copy) => copy.from === undefined && copy.destination.startsWith('/usr/local/bin/'));
    expect(copiedScripts.map((copy) => [copy.sources, copy.destination, copy.flags.get('chmod')])).toEqual([
      [['deploy/containers/secrets-env.sh'], '/usr/local/bin/secrets-env', '0755'],
      [['deploy/containers/http-probe.sh'], '/usr/local/bin/http-probe', '0755'],
    ]);
  });

  it('copies only paths that exist and that its ignore file lets into the context', () => {
    const rules = ignoreRulesOf(spec);
    for (const stage of model.stages) {
      for (const copy of stage.copies.filter((candidate) => candidate.from === undefined)) {
        for (const source of copy.sources) {
          expect(existsSync(path.join(ROOT, source)), `${source} exists`).toBe(true);
          const sent = filesAt(source).filter((file) => !isIgnored(rules, file));
          expect(sent.length, `${source} reaches the build context`).toBeGreaterThan(0);
        }
      }
    }
  });

  it('has an ignore file that keeps local data, build output, secrets and Git out of the context', () => {
    const rules = ignoreRulesOf(spec);
    for (const privatePath of [
      '.git/config',
      '.data/dev/engine/h2/engine.mv.db',
      '.engine/build.log',
      'var/ledger.sqlite',
      'var/mailbox/anwei-ban/1.eml',
      'node_modules/express/package.json',
      'workers/node_modules/x/index.js',
      'deploy/engine/target/anquan-engine.jar',
      'deploy/compose/secrets/postgres_password',
      'deploy/compose/secrets/modeler-users.json',
      'deploy/kubernetes/secrets.example.yaml',
      '.env',
      'test/unit/deploy/containers/support.ts',
    ]) {
      expect(isIgnored(rules, privatePath), `${privatePath} stays out of the context`).toBe(true);
    }
  });
});

describe('the images agree with the project', () => {
  it('build the engine with Java 17 and run it on a Java 17 JRE, the release the pom compiles for', () => {
    const pom = readRepoFile('deploy/engine/pom.xml');
    const release = /<maven\.compiler\.release>(\d+)<\/maven\.compiler\.release>/.exec(pom)?.[1];
    expect(release).toBe('17');
    const model = dockerfileOf(IMAGES[0]!);
    const [buildStage] = model.stages;
    expect(buildStage!.image.name).toBe('maven');
    expect(buildStage!.image.tag).toMatch(new RegExp(`-eclipse-temurin-${release}$`));
    expect(model.final.image.name).toBe('eclipse-temurin');
    expect(model.final.image.tag).toMatch(new RegExp(`^${release}\\.\\d+\\.\\d+.*-jre-`));
    expect(model.final.cmd).toEqual(['java', '-jar', '/app/anquan-engine.jar']);
    // The jar name the Maven build produces.
    expect(pom).toContain('<finalName>anquan-engine</finalName>');
    expect(model.stages[0]!.instructions.map((instruction) => instruction.getRawArgumentsContent() ?? '').join('\n')).toContain('target/anquan-engine.jar');
  });

  it('run the Node images on the Node version package.json pins, which satisfies its engines field', () => {
    const pinned = packageJson.devDependencies['node'];
    expect(pinned).toMatch(/^\d+\.\d+\.\d+$/);
    const minimum = Number(/>=\s*(\d+)/.exec(packageJson.engines.node)?.[1]);
    expect(Number(pinned!.split('.')[0])).toBeGreaterThanOrEqual(minimum);
    for (const spec of IMAGES.filter((candidate) => candidate.runtime === 'node')) {
      for (const stage of dockerfileOf(spec).stages) {
        expect(`${stage.image.name}:${stage.image.tag}`).toBe(`node:${pinned}-bookworm-slim`);
      }
    }
  });

  it('install the workers with npm ci --omit=dev and the modeler with its development dependencies', () => {
    const workers = readRepoFile(`${CONTAINERS_DIR}/workers.Dockerfile`);
    const modeler = readRepoFile(`${CONTAINERS_DIR}/modeler.Dockerfile`);
    expect(workers).toMatch(/npm ci --omit=dev --ignore-scripts/);
    expect(modeler).toMatch(/npm ci --ignore-scripts/);
    expect(modeler).not.toMatch(/--omit=dev/);
  });

  it('probe the health routes the applications serve', () => {
    // The modeler UI's server answers /api/health without a login (modeler-ui/server/app.ts).
    expect(readRepoFile('modeler-ui/server/app.ts')).toMatch(/app\.get\('\/api\/health'/);
    // The engine's port is server.port of application.yaml.
    expect(readRepoFile('deploy/engine/src/main/resources/application.yaml')).toMatch(/^server:\n(?:\s+#.*\n)*\s+port: 8080$/m);
    expect(workerConfigKeys().get('MODELER_PORT')).toBe('3000');
  });

  it('probe the workers on the default of WORKERS_METRICS_PORT', () => {
    expect(workerConfigKeys().get('WORKERS_METRICS_PORT')).toBe('9400');
  });

  it('listen on every interface of the container, where probes and the proxy reach them', () => {
    // The applications' defaults (127.0.0.1) suit a workstation, not a container.
    expect(workerConfigKeys().get('MODELER_HOST')).toBe('127.0.0.1');
    expect(dockerfileOf(IMAGES[2]!).final.env.get('MODELER_HOST')).toBe('0.0.0.0');
    expect(workerConfigKeys().has('WORKERS_METRICS_HOST')).toBe(true);
    expect(dockerfileOf(IMAGES[1]!).final.env.get('WORKERS_METRICS_HOST')).toBe('0.0.0.0');
    // Spring Boot's server listens on every interface unless server.address says otherwise.
    expect(readRepoFile('deploy/engine/src/main/resources/application.yaml')).not.toMatch(/^\s+address:/m);
  });
});

describe('what runs in the images is in the images', () => {
  it('workers: every file workers/main.ts loads is copied, every package is a production dependency, and Node can strip its types', async () => {
    const spec = IMAGES[1]!;
    const model = dockerfileOf(spec);
    const rules = ignoreRulesOf(spec);
    const { fromContext } = pathsInFinalImage(model);
    const graph = await importGraph(['workers/main.ts']);
    expect(graph.files).toContain('workers/main.ts');
    for (const file of graph.files) {
      expect(under(file, fromContext), `${file} is copied into the image`).toBe(true);
      expect(isIgnored(rules, file), `${file} reaches the build context`).toBe(false);
    }
    for (const name of graph.packages) expect(packageJson.dependencies[name], `${name} is a production dependency`).toBeDefined();
    // The image runs `node workers/main.ts` on Node's type stripping, which refuses enums,
    // namespaces and parameter properties; this fails before the image would.
    for (const file of graph.files.filter((candidate) => candidate.endsWith('.ts'))) {
      expect(() => stripTypeScriptTypes(readFileSync(path.join(ROOT, file), 'utf8'), { mode: 'strip' }), file).not.toThrow();
    }
    expect(model.final.cmd).toEqual(['node', 'workers/main.ts']);
  });

  it('workers: the data files they read (profiles, calendar, directory, registers) are copied', () => {
    const spec = IMAGES[1]!;
    const rules = ignoreRulesOf(spec);
    const { fromContext } = pathsInFinalImage(dockerfileOf(spec));
    const defaults = workerConfigKeys();
    for (const key of ['CALENDAR_OVERRIDE_FILE', 'PROFILE_DIRECTORY', 'NOTIFY_DIRECTORY_FILE', 'INSPECTION_REGISTER_DIR']) {
      const target = defaults.get(key)!;
      expect(existsSync(path.join(ROOT, target)), `${key}=${target} exists`).toBe(true);
      expect(under(target, fromContext), `${key}=${target} is copied`).toBe(true);
      for (const file of filesAt(target)) expect(isIgnored(rules, file), file).toBe(false);
    }
  });

  it('modeler: the server, the setup commands and both browser apps are built from files in the context and copied', async () => {
    const spec = IMAGES[2]!;
    const model = dockerfileOf(spec);
    const rules = ignoreRulesOf(spec);
    const { fromContext, built } = pathsInFinalImage(model);
    expect(built).toEqual(expect.arrayContaining(['node_modules', 'var/modeler-web', 'var/workbench-web']));
    const graph = await importGraph([
      'modeler-ui/server/main.ts',
      'modeler-ui/server/web/build-cli.ts',
      'deploy/cli.ts',
      'deploy/access/cli.ts',
      'deploy/compose/setup/service-account.ts',
    ]);
    // Compose mounts deploy/compose/setup at its repository place; the rest must be in the image.
    for (const file of graph.files.filter((candidate) => !candidate.startsWith('deploy/compose/setup/'))) {
      expect(under(file, fromContext), `${file} is copied into the image`).toBe(true);
      expect(isIgnored(rules, file), `${file} reaches the build context`).toBe(false);
    }
    const allDependencies = { ...packageJson.dependencies, ...packageJson.devDependencies };
    for (const name of graph.packages) expect(allDependencies[name], `${name} is installed by npm ci`).toBeDefined();
    for (const source of ['modeler-ui/web', 'workbench/web', 'workbench/api-types.ts', 'workers/contract.ts', 'package-lock.json']) {
      for (const file of filesAt(source)) {
        expect(isIgnored(rules, file), `${file} (browser bundle input) reaches the build context`).toBe(false);
        expect(under(file, fromContext), `${file} is in the image, so the bundle stamp matches`).toBe(true);
      }
    }
    expect(model.final.cmd).toEqual(['node', '--import', 'tsx', 'modeler-ui/server/main.ts']);
  });

  it('modeler: the demo logins (password demo) are left out of the image', () => {
    expect(isIgnored(ignoreRulesOf(IMAGES[2]!), 'modeler-ui/users.json')).toBe(true);
    expect(dockerfileOf(IMAGES[2]!).final.env.get('MODELER_USERS_FILE')).toBe('/run/secrets/modeler-users.json');
  });

  it('engine: the Maven build gets the pom and every source file', () => {
    const rules = ignoreRulesOf(IMAGES[0]!);
    const files = ['deploy/engine/pom.xml', ...listFiles('deploy/engine/src')];
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) expect(isIgnored(rules, file), file).toBe(false);
    expect(isIgnored(rules, 'deploy/engine/target/classes/application.yaml')).toBe(true);
  });
});
