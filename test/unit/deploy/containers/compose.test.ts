/**
 * deploy/compose/compose.yaml and its Caddyfile, checked without Docker: the file is valid
 * against the published Compose Specification JSON schema (as bundled by the dclint package,
 * schemas/compose.schema.json), and it says what the brief and the applications need: PostgreSQL
 * 16, two engine nodes on one database with their job executors, the proxy with session affinity
 * for the web apps only, two worker replicas through the proxy, the modeler UI, secrets from files,
 * health checks and ordered start-up; every variable is one the receiving application reads.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseDockerfile } from './dockerfile-model.ts';
import { COMPOSE_FILE, RUNTIME_VARIABLES, SECRET_NAME, engineEnvironmentKeys, loadYaml, readRepoFile, workerConfigKeys } from './support.ts';

interface ServiceSecret {
  readonly source: string;
  readonly target?: string;
}
interface Service {
  readonly image?: string;
  readonly build?: { readonly context: string; readonly dockerfile: string };
  readonly environment?: Record<string, string>;
  readonly secrets?: ReadonlyArray<string | ServiceSecret>;
  readonly depends_on?: Record<string, { readonly condition: string }>;
  readonly healthcheck?: { readonly test: readonly string[] };
  readonly deploy?: { readonly replicas?: number; readonly resources?: { readonly limits?: { readonly memory?: string } } };
  readonly volumes?: readonly string[];
  readonly ports?: readonly string[];
  readonly profiles?: readonly string[];
  readonly read_only?: boolean;
  readonly cap_drop?: readonly string[];
  readonly security_opt?: readonly string[];
  readonly tmpfs?: readonly string[];
  readonly user?: string;
  readonly command?: readonly string[];
}
interface ComposeFile {
  readonly name: string;
  readonly services: Record<string, Service>;
  readonly secrets: Record<string, { readonly file: string }>;
  readonly volumes: Record<string, unknown>;
}

const require = createRequire(import.meta.url);
const SCHEMA_FILE = path.join(path.dirname(require.resolve('dclint/package.json')), 'schemas', 'compose.schema.json');

const compose = loadYaml(COMPOSE_FILE) as ComposeFile;
const services = compose.services;
const service = (name: string): Service => {
  const found = services[name];
  if (!found) throw new Error(`compose.yaml has no service ${name}`);
  return found;
};

/** The variables a service receives: its environment plus the secrets mounted under a variable's name. */
function variablesOf(entry: Service): string[] {
  const fromSecrets = (entry.secrets ?? [])
    .map((secret) => (typeof secret === 'string' ? secret : (secret.target ?? secret.source)))
    .filter((name) => /^[A-Z_][A-Z0-9_]*$/.test(name));
  return [...Object.keys(entry.environment ?? {}), ...fromSecrets];
}

const ENGINES = ['engine-1', 'engine-2'] as const;
const NODE_SERVICES = ['workers', 'modeler', 'setup'] as const;

describe('compose.yaml against the Compose Specification schema', () => {
  let validateCompose: ValidateFunction;
  beforeAll(() => {
    const schema = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as { title: string; $id: string };
    expect(schema.title).toBe('Compose Specification');
    // The schema is draft-07 and uses annotation keywords Ajv's strict mode does not know. It names
    // its meta-schema https://json-schema.org/draft-07/schema, which Ajv knows as
    // http://json-schema.org/draft-07/schema#: the same draft-07 meta-schema is added under that name.
    const ajv = new Ajv({ allErrors: true, strict: false });
    const draft07 = JSON.parse(readFileSync(require.resolve('ajv/dist/refs/json-schema-draft-07.json'), 'utf8')) as Record<string, unknown>;
    ajv.addMetaSchema({ ...draft07, $id: 'https://json-schema.org/draft-07/schema' });
    validateCompose = ajv.compile(schema);
  });

  it('is valid', () => {
    const valid = validateCompose(compose);
    expect(validateCompose.errors ?? [], JSON.stringify(validateCompose.errors, null, 2)).toEqual([]);
    expect(valid).toBe(true);
  });

  it('is checked for real: the schema rejects a misspelt key, a wrong type and an unknown condition', () => {
    const broken = structuredClone(compose) as unknown as { services: Record<string, Record<string, unknown>> };
    broken.services['workers']!['healthchek'] = { test: ['CMD', 'true'] };
    expect(validateCompose(broken)).toBe(false);
    const wrongType = structuredClone(compose) as unknown as { services: Record<string, { deploy: Record<string, unknown> }> };
    wrongType.services['workers']!.deploy['replicas'] = [2];
    expect(validateCompose(wrongType)).toBe(false);
    const wrongCondition = structuredClone(compose) as unknown as { services: Record<string, { depends_on: Record<string, unknown> }> };
    wrongCondition.services['engine-2']!.depends_on['engine-1'] = { condition: 'service_ready' };
    expect(validateCompose(wrongCondition)).toBe(false);
  });
});

describe('compose.yaml', () => {
  it('has PostgreSQL 16, two engine nodes, the proxy, the workers, the modeler UI and the setup step', () => {
    expect(Object.keys(services).sort()).toEqual(['engine-1', 'engine-2', 'modeler', 'postgres', 'proxy', 'setup', 'workers']);
    expect(service('postgres').image).toMatch(/^postgres:16\.\d+/);
    expect(service('setup').profiles).toEqual(['setup']);
  });

  it('builds the images from the repository root with the Dockerfiles of deploy/containers', () => {
    const expected: Record<string, string> = {
      'engine-1': 'engine',
      'engine-2': 'engine',
      workers: 'workers',
      modeler: 'modeler',
      setup: 'modeler',
    };
    for (const [name, image] of Object.entries(expected)) {
      expect(service(name).build).toEqual({ context: '../..', dockerfile: `deploy/containers/${image}.Dockerfile` });
      expect(service(name).image).toBe(`anquan/${image}:\${ANQUAN_VERSION:-local}`);
    }
  });

  it('runs both engine nodes on the same database, with the job executor the engine enables', () => {
    const [first, second] = ENGINES.map(service);
    expect(first!.environment).toEqual(second!.environment);
    expect(first!.secrets).toEqual(second!.secrets);
    expect(first!.environment?.['SPRING_DATASOURCE_URL']).toBe(`jdbc:postgresql://postgres:5432/${service('postgres').environment?.['POSTGRES_DB']}`);
    expect(first!.environment?.['SPRING_DATASOURCE_USERNAME']).toBe(service('postgres').environment?.['POSTGRES_USER']);
    expect(first!.secrets).toContainEqual({ source: 'postgres_password', target: 'SPRING_DATASOURCE_PASSWORD' });
    expect(service('postgres').secrets).toEqual(['postgres_password']);
    expect(service('postgres').environment?.['POSTGRES_PASSWORD_FILE']).toBe('/run/secrets/postgres_password');
    // Nothing turns the job executor off: application.yaml enables it, and no node overrides that.
    expect(readRepoFile('deploy/engine/src/main/resources/application.yaml')).toMatch(/job-execution:\n(?:\s+#.*\n)*\s+enabled: true/);
    for (const engine of [first!, second!]) expect(Object.keys(engine.environment ?? {}).filter((key) => key.includes('JOBEXECUTION'))).toEqual([]);
  });

  it('starts in order: database, first engine, second engine, proxy, workers, each when the previous is healthy', () => {
    expect(service('engine-1').depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
    expect(service('engine-2').depends_on).toEqual({ postgres: { condition: 'service_healthy' }, 'engine-1': { condition: 'service_healthy' } });
    expect(service('proxy').depends_on?.['engine-1']).toEqual({ condition: 'service_healthy' });
    expect(service('proxy').depends_on?.['engine-2']).toEqual({ condition: 'service_healthy' });
    expect(service('workers').depends_on?.['proxy']).toEqual({ condition: 'service_healthy' });
    expect(service('setup').depends_on).toEqual({ proxy: { condition: 'service_healthy' } });
    for (const [name, entry] of Object.entries(services)) {
      for (const [dependency, rule] of Object.entries(entry.depends_on ?? {})) {
        expect(services[dependency], `${name} depends on a service that exists`).toBeDefined();
        expect(['service_healthy', 'service_started', 'service_completed_successfully']).toContain(rule.condition);
        if (rule.condition === 'service_healthy') {
          const dependencyEntry = services[dependency]!;
          const imageHealthcheck = dependencyEntry.build ? parseDockerfile(dependencyEntry.build.dockerfile).final.healthchecks.length > 0 : false;
          expect(dependencyEntry.healthcheck !== undefined || imageHealthcheck, `${dependency} has a health check`).toBe(true);
        }
      }
    }
  });

  it('gives every long-running service a health check, in the file or in its image', () => {
    for (const [name, entry] of Object.entries(services)) {
      if (entry.profiles?.includes('setup')) continue;
      const inImage = entry.build ? parseDockerfile(entry.build.dockerfile).final.healthchecks.length > 0 : false;
      expect(entry.healthcheck !== undefined || inImage, `${name} has a health check`).toBe(true);
    }
  });

  it('runs two worker replicas, below 200 MB each, that reach the engines through the proxy', () => {
    const workers = service('workers');
    expect(workers.deploy?.replicas).toBe(2);
    const memory = workers.deploy?.resources?.limits?.memory ?? '';
    expect(memory).toMatch(/^\d+M$/);
    expect(Number.parseInt(memory, 10)).toBeLessThan(200);
    expect(workers.environment?.['ENGINE_REST_URL']).toBe('http://proxy:8080/engine-rest');
    expect(service('modeler').environment?.['ENGINE_REST_URL']).toBe('http://proxy:8080/engine-rest');
    // The ledger must be shared by the replicas: PostgreSQL, not a SQLite file per container.
    expect(workers.secrets).toContainEqual({ source: 'ledger_database_url', target: 'LEDGER_DATABASE_URL' });
    expect(readRepoFile('deploy/compose/postgres-init/10-ledger-database.sql')).toMatch(/CREATE DATABASE anquan_ledger OWNER anquan;/);
  });

  it('sets for each application only variables it reads', () => {
    const engineKeys = new Set([...engineEnvironmentKeys(), ...RUNTIME_VARIABLES.engine]);
    const nodeKeys = new Set([...workerConfigKeys().keys(), ...RUNTIME_VARIABLES.node]);
    for (const name of ENGINES) {
      for (const key of variablesOf(service(name))) expect(engineKeys.has(key), `${name}: ${key} is read by the engine`).toBe(true);
    }
    for (const name of NODE_SERVICES) {
      for (const key of variablesOf(service(name))) expect(nodeKeys.has(key), `${name}: ${key} is a key of workers/config.ts`).toBe(true);
    }
    expect(variablesOf(service('workers'))).toEqual(expect.arrayContaining(['ENGINE_REST_URL', 'ENGINE_USER', 'ENGINE_PASSWORD']));
  });

  it('passes every secret as a file, never inline, from secrets/ which Git ignores and make-secrets.sh fills', () => {
    for (const [name, entry] of Object.entries(services)) {
      for (const [key, value] of Object.entries(entry.environment ?? {})) {
        if (key.endsWith('_FILE')) continue;
        expect(key, `${name}: ${key}=${value} is a secret and belongs in secrets:`).not.toMatch(SECRET_NAME);
      }
      for (const secret of entry.secrets ?? []) {
        const source = typeof secret === 'string' ? secret : secret.source;
        expect(compose.secrets[source], `${name} uses secret ${source}, which is declared`).toBeDefined();
      }
    }
    const makeSecrets = readRepoFile('deploy/compose/make-secrets.sh');
    for (const [name, secret] of Object.entries(compose.secrets)) {
      expect(secret.file, name).toMatch(/^\.\/secrets\/[A-Za-z0-9_.-]+$/);
      const fileName = secret.file.slice('./secrets/'.length);
      expect(makeSecrets, `make-secrets.sh makes ${fileName}`).toMatch(new RegExp(`(write ${fileName.replaceAll('.', '\\.')} |"\\$dir/${fileName.replaceAll('.', '\\.')}")`));
    }
    expect(readRepoFile('deploy/compose/.gitignore').split('\n')).toContain('/secrets/');
  });

  it('hardens the project\'s containers: read-only root, /tmp in memory, no capabilities, no privilege gain', () => {
    for (const name of [...ENGINES, 'workers', 'modeler', 'setup', 'proxy']) {
      const entry = service(name);
      expect(entry.read_only, name).toBe(true);
      expect(entry.tmpfs, name).toEqual(['/tmp']);
      expect(entry.cap_drop, name).toEqual(['ALL']);
      expect(entry.security_opt, name).toEqual(['no-new-privileges:true']);
    }
    expect(service('proxy').user).toBe('65532:65532');
  });

  it('keeps what the modeler saves and what the workers write in volumes, at the paths they write to', () => {
    const keys = workerConfigKeys();
    const modelerImage = parseDockerfile('deploy/containers/modeler.Dockerfile').final.env;
    expect(service('modeler').volumes).toEqual(['modeler-processes:/app/processes', 'modeler-state:/app/var/state']);
    expect(modelerImage.get('MODELER_HISTORY_DIR')).toMatch(/^var\/state\//);
    expect(modelerImage.get('DEPLOY_RECORD_FILE')).toMatch(/^var\/state\//);
    expect(service('workers').volumes).toEqual(['worker-files:/app/var']);
    for (const key of ['PUBLIC_DIR', 'NOTIFY_MAILBOX_DIR', 'REPORTS_DIR']) expect(keys.get(key), key).toMatch(/^var\//);
    for (const volume of [...(service('modeler').volumes ?? []), ...(service('workers').volumes ?? [])]) {
      expect(compose.volumes).toHaveProperty(volume.split(':')[0]!);
    }
  });

  it('publishes only the proxy', () => {
    for (const [name, entry] of Object.entries(services)) {
      if (name === 'proxy') expect(entry.ports).toEqual(['${ANQUAN_HTTP_PORT:-8080}:8080']);
      else expect(entry.ports, name).toBeUndefined();
    }
  });
});

/** The Caddyfile's `handle <path> { … }` blocks with the upstreams and options of their reverse_proxy. */
function caddyRoutes(text: string): Map<string, { upstreams: string[]; options: Map<string, string>; respond?: string }> {
  const routes = new Map<string, { upstreams: string[]; options: Map<string, string>; respond?: string }>();
  let current: { upstreams: string[]; options: Map<string, string>; respond?: string } | undefined;
  let depth = 0;
  let handleDepth = -1;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*$/, '').trim();
    if (line === '') continue;
    const handle = /^handle(?:\s+(\S+))?\s*\{$/.exec(line);
    if (handle) {
      current = { upstreams: [], options: new Map() };
      routes.set(handle[1] ?? '*', current);
      handleDepth = depth;
    } else if (current) {
      const proxy = /^reverse_proxy\s+(.+?)\s*\{?$/.exec(line);
      const respond = /^respond\s+(.+)$/.exec(line);
      if (proxy) current.upstreams.push(...proxy[1]!.split(/\s+/));
      else if (respond) current.respond = respond[1]!;
      else if (line !== '}' && !line.endsWith('{')) {
        const [key, ...rest] = line.split(/\s+/);
        current.options.set(key!, rest.join(' '));
      }
    }
    depth += (line.match(/\{/g) ?? []).length - (line.match(/\}/g) ?? []).length;
    if (current && depth <= handleDepth) {
      current = undefined;
      handleDepth = -1;
    }
  }
  return routes;
}

describe('the Caddyfile of the proxy', () => {
  const caddyfile = readRepoFile('deploy/compose/Caddyfile');
  const routes = caddyRoutes(caddyfile);
  const engineUpstreams = ENGINES.map((name) => `${name}:8080`);

  it('is the one the proxy mounts, listening on the port compose publishes', () => {
    expect(service('proxy').volumes).toEqual(['./Caddyfile:/etc/caddy/Caddyfile:ro']);
    expect(caddyfile).toMatch(/^:8080 \{$/m);
    expect(service('proxy').healthcheck?.test).toEqual(['CMD', 'wget', '-q', '-O', '/dev/null', 'http://127.0.0.1:8080/healthz']);
    expect(routes.get('/healthz')?.respond).toBe('"ok" 200');
  });

  it('pins web-app browsers to one engine node by cookie, and balances REST by client address', () => {
    expect([...routes.keys()].sort()).toEqual(['*', '/actuator/*', '/engine-rest/*', '/healthz', '/operaton*']);
    const web = routes.get('/operaton*')!;
    const rest = routes.get('/engine-rest/*')!;
    expect(web.upstreams).toEqual(engineUpstreams);
    expect(rest.upstreams).toEqual(engineUpstreams);
    expect(web.options.get('lb_policy')).toBe('cookie anquan_engine');
    expect(rest.options.get('lb_policy')).toBe('ip_hash');
    // Both check the nodes on the readiness route the engine image's HEALTHCHECK uses.
    const engineCheck = parseDockerfile('deploy/containers/engine.Dockerfile').final.healthchecks[0]!.args.at(-1);
    for (const route of [web, rest]) expect(route.options.get('health_uri')).toBe(engineCheck);
  });

  it('sends everything else to the modeler UI on its port, and no /actuator request anywhere', () => {
    expect(routes.get('*')?.upstreams).toEqual([`modeler:${workerConfigKeys().get('MODELER_PORT')}`]);
    expect(routes.get('/actuator/*')?.respond).toBe('404');
    const upstreamHosts = [...routes.values()].flatMap((route) => route.upstreams.map((upstream) => upstream.split(':')[0]!));
    for (const host of upstreamHosts) expect(services[host], `${host} is a compose service`).toBeDefined();
  });
});
