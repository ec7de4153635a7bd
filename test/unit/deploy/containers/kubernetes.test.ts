/**
 * deploy/kubernetes/, checked without a cluster. Every object is validated twice against the
 * published Kubernetes API schema, as packaged by kubernetes-models (generated from the Kubernetes
 * OpenAPI definitions):
 *  - with the package's JSON-schema validators (types, enums, required fields, formats), which like
 *    the API server accept unknown fields;
 *  - strictly, like `kubectl apply` with strict field validation: the objects are type-checked by
 *    the TypeScript compiler against the package's interfaces of the same definitions, so a
 *    misspelt or misplaced field is an excess-property error.
 * Then the manifests are read for what the brief and the applications need: replicas, probes on the
 * health routes, resources (engine about 700 MB, workers below 200 MB), non-root security
 * contexts matching the images, Services and Ingress routes that fit together, session affinity
 * for the web apps only, example Secrets clearly marked, and environment keys the applications read.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseDockerfile } from './dockerfile-model.ts';
import {
  KUBERNETES_DIR,
  ROOT,
  RUNTIME_VARIABLES,
  SECRET_NAME,
  engineEnvironmentKeys,
  loadYaml,
  loadYamlDocuments,
  readRepoFile,
  workerConfigKeys,
} from './support.ts';

// ---------------------------------------------------------------------------------------------
// The manifests

interface Metadata {
  readonly name: string;
  readonly namespace?: string;
  readonly labels?: Record<string, string>;
  readonly annotations?: Record<string, string>;
}
interface KubernetesObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: Metadata;
  readonly [field: string]: unknown;
}
interface Probe {
  readonly httpGet?: { readonly path: string; readonly port: string | number };
  readonly exec?: { readonly command: readonly string[] };
}
interface Container {
  readonly name: string;
  readonly image: string;
  readonly ports?: ReadonlyArray<{ readonly name?: string; readonly containerPort: number }>;
  readonly envFrom?: ReadonlyArray<{ readonly configMapRef?: { readonly name: string }; readonly secretRef?: { readonly name: string } }>;
  readonly env?: ReadonlyArray<{ readonly name: string; readonly value?: string; readonly valueFrom?: unknown }>;
  readonly livenessProbe?: Probe;
  readonly readinessProbe?: Probe;
  readonly startupProbe?: Probe;
  readonly resources?: { readonly requests?: Record<string, string>; readonly limits?: Record<string, string> };
  readonly securityContext?: { readonly allowPrivilegeEscalation?: boolean; readonly readOnlyRootFilesystem?: boolean; readonly capabilities?: { readonly drop?: readonly string[] } };
  readonly volumeMounts?: ReadonlyArray<{ readonly name: string; readonly mountPath: string }>;
  readonly command?: readonly string[];
}
interface PodSpec {
  readonly securityContext?: { readonly runAsNonRoot?: boolean; readonly runAsUser?: number; readonly runAsGroup?: number; readonly fsGroup?: number; readonly seccompProfile?: { readonly type: string } };
  readonly containers: readonly Container[];
  readonly initContainers?: readonly Container[];
  readonly volumes?: ReadonlyArray<{ readonly name: string; readonly persistentVolumeClaim?: { readonly claimName: string }; readonly secret?: { readonly secretName: string }; readonly configMap?: { readonly name: string } }>;
}
interface Workload extends KubernetesObject {
  readonly spec: {
    readonly replicas: number;
    readonly selector: { readonly matchLabels: Record<string, string> };
    readonly template: { readonly metadata: { readonly labels: Record<string, string>; readonly annotations?: Record<string, string> }; readonly spec: PodSpec };
  };
}

interface Located {
  readonly file: string;
  readonly index: number;
  readonly object: KubernetesObject;
}

const MANIFEST_FILES = readdirSync(path.join(ROOT, KUBERNETES_DIR))
  .filter((name) => name.endsWith('.yaml') && name !== 'kustomization.yaml')
  .sort();
const manifests: Located[] = MANIFEST_FILES.flatMap((name) =>
  loadYamlDocuments(`${KUBERNETES_DIR}/${name}`).map((object, index) => ({ file: name, index, object: object as KubernetesObject })),
);
const objects = manifests.map((located) => located.object);

function find<T extends KubernetesObject>(kind: string, name: string): T {
  const found = objects.find((object) => object.kind === kind && object.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name} in ${KUBERNETES_DIR}`);
  return found as T;
}
const deployment = (name: string) => find<Workload>('Deployment', name);
const configMap = (name: string) => find<KubernetesObject & { data: Record<string, string> }>('ConfigMap', name);
const secret = (name: string) => find<KubernetesObject & { stringData: Record<string, string> }>('Secret', name);

/** Bytes of a Kubernetes memory quantity (Mi, Gi, M, G, plain). */
function bytes(quantity: string): number {
  const match = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|k|M|G)?$/.exec(quantity);
  if (!match) throw new Error(`unsupported quantity ${quantity}`);
  const factor = { Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, k: 1e3, M: 1e6, G: 1e9 }[match[2] ?? ''] ?? 1;
  return Number(match[1]) * factor;
}

/** The environment variable names a container receives, from env and from the ConfigMaps and Secrets of envFrom. */
function variablesOf(container: Container): string[] {
  const names = (container.env ?? []).map((variable) => variable.name);
  for (const source of container.envFrom ?? []) {
    if (source.configMapRef) names.push(...Object.keys(configMap(source.configMapRef.name).data));
    if (source.secretRef) names.push(...Object.keys(secret(source.secretRef.name).stringData));
  }
  return names;
}

/** The value a container gets for a variable from its ConfigMaps (not from Secrets). */
function configValue(container: Container, key: string): string | undefined {
  for (const source of container.envFrom ?? []) {
    if (source.configMapRef) {
      const value = configMap(source.configMapRef.name).data[key];
      if (value !== undefined) return value;
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Schema validation

/** `apps/v1` + `Deployment` → the kubernetes-models module of that definition. */
function modelModule(object: KubernetesObject): string {
  return `kubernetes-models/${object.apiVersion}/${object.kind}`;
}

interface Model {
  validate(): void;
}

/** Type-checks the objects against kubernetes-models' interfaces; returns one message per problem, naming file and document. */
function strictTypeCheck(located: readonly Located[]): string[] {
  const virtualFile = path.join(ROOT, 'test/unit/deploy/containers/__kubernetes-manifests__.ts');
  // One import per object, then one typed constant per object; lineOwners says whose each line is.
  const parts: string[] = [];
  const lineOwners: string[] = [];
  located.forEach(({ object }, position) => {
    parts.push(`import type { I${object.kind} as T${position} } from '${modelModule(object)}';`);
    lineOwners.push('(import)');
  });
  located.forEach(({ file, index, object }, position) => {
    const literal = JSON.stringify(object, null, 2);
    parts.push(`export const object${position}: T${position} = ${literal};`);
    for (let count = literal.split('\n').length; count > 0; count -= 1) lineOwners.push(`${file}#${index} ${object.kind} ${object.metadata.name}`);
  });
  const text = parts.join('\n');

  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, ...rest) =>
    path.resolve(fileName) === virtualFile ? ts.createSourceFile(fileName, text, languageVersion, true) : getSourceFile(fileName, languageVersion, ...rest);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (fileName) => path.resolve(fileName) === virtualFile || fileExists(fileName);
  const readFile = host.readFile.bind(host);
  host.readFile = (fileName) => (path.resolve(fileName) === virtualFile ? text : readFile(fileName));
  const program = ts.createProgram([virtualFile], options, host);
  const source = program.getSourceFile(virtualFile)!;
  return ts.getPreEmitDiagnostics(program, source).map((diagnostic) => {
    const line = diagnostic.start === undefined ? -1 : source.getLineAndCharacterOfPosition(diagnostic.start).line;
    return `${lineOwners[line] ?? '?'}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`;
  });
}

describe('deploy/kubernetes against the Kubernetes API schema (kubernetes-models)', () => {
  it('has manifests to check', () => {
    expect(MANIFEST_FILES).toEqual(['config.yaml', 'engine.yaml', 'ingress.yaml', 'modeler.yaml', 'namespace.yaml', 'postgres.yaml', 'secrets.example.yaml', 'workers.yaml']);
    expect(objects.length).toBeGreaterThan(15);
  });

  it.each(manifests.map((located) => [`${located.file}#${located.index} ${located.object.kind} ${located.object.metadata.name}`, located] as const))(
    '%s is valid',
    async (_label, located) => {
      const module = (await import(modelModule(located.object))) as Record<string, new (data: unknown) => Model>;
      const ModelClass = module[located.object.kind];
      expect(ModelClass, `kubernetes-models knows ${located.object.apiVersion} ${located.object.kind}`).toBeDefined();
      expect(() => new ModelClass!(located.object).validate()).not.toThrow();
    },
  );

  let strictProblems: string[];
  beforeAll(() => {
    strictProblems = strictTypeCheck(manifests);
  }, 60_000);

  it('has no field the API does not define (strict, like kubectl)', () => {
    expect(strictProblems).toEqual([]);
  });

  it('is checked for real: a wrong type fails the schema, an unknown field fails the strict check', async () => {
    const engine = structuredClone(deployment('anquan-engine')) as unknown as { spec: Record<string, unknown> & { template: { spec: { containers: Array<Record<string, unknown>> } } } };
    engine.spec['replicas'] = 'two';
    const { Deployment } = (await import('kubernetes-models/apps/v1/Deployment')) as unknown as { Deployment: new (data: unknown) => Model };
    expect(() => new Deployment(engine).validate()).toThrow(/replicas/);
    const misspelt = structuredClone(deployment('anquan-engine')) as unknown as { spec: { template: { spec: { containers: Array<Record<string, unknown>> } } } };
    misspelt.spec.template.spec.containers[0]!['livenesProbe'] = { httpGet: { path: '/', port: 8080 } };
    expect(() => new Deployment(misspelt).validate(), 'the JSON schema alone lets an unknown field through').not.toThrow();
    const problems = strictTypeCheck([{ file: 'engine.yaml', index: 99, object: misspelt as unknown as KubernetesObject }]);
    expect(problems.join('\n')).toMatch(/livenesProbe/);
  }, 60_000);
});

// ---------------------------------------------------------------------------------------------
// What the manifests say

const kustomization = loadYaml(`${KUBERNETES_DIR}/kustomization.yaml`) as {
  namespace: string;
  resources: string[];
  images: Array<{ name: string; newTag: string }>;
};

const APPS = {
  engine: { deployment: 'anquan-engine', image: 'anquan/engine', dockerfile: 'deploy/containers/engine.Dockerfile', replicas: 2 },
  workers: { deployment: 'anquan-workers', image: 'anquan/workers', dockerfile: 'deploy/containers/workers.Dockerfile', replicas: 2 },
  modeler: { deployment: 'anquan-modeler', image: 'anquan/modeler', dockerfile: 'deploy/containers/modeler.Dockerfile', replicas: 1 },
} as const;

describe('the kustomization', () => {
  it('applies every manifest of the folder into the namespace anquan, except the example Secrets', () => {
    expect(kustomization.namespace).toBe('anquan');
    expect([...kustomization.resources].sort()).toEqual(MANIFEST_FILES.filter((name) => name !== 'secrets.example.yaml'));
    for (const object of objects) {
      if (object.kind === 'Namespace') expect(object.metadata.name).toBe('anquan');
      else expect(object.metadata.namespace, `${object.kind} ${object.metadata.name}`).toBe('anquan');
    }
  });

  it('names the images the Deployments run', () => {
    expect(kustomization.images.map((image) => image.name).sort()).toEqual(Object.values(APPS).map((app) => app.image).sort());
    for (const app of Object.values(APPS)) {
      for (const container of [...deployment(app.deployment).spec.template.spec.containers, ...(deployment(app.deployment).spec.template.spec.initContainers ?? [])]) {
        expect(container.image.split(':')[0]).toBe(app.image);
      }
    }
  });
});

describe.each(Object.entries(APPS))('the %s Deployment', (name, app) => {
  const workload = deployment(app.deployment);
  const pod = workload.spec.template.spec;
  const image = parseDockerfile(app.dockerfile).final;
  const [main] = pod.containers;

  it(`runs ${app.replicas} replica(s) of one container`, () => {
    expect(workload.spec.replicas).toBe(app.replicas);
    expect(pod.containers).toHaveLength(1);
    expect(workload.spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': app.deployment });
    expect(workload.spec.template.metadata.labels).toMatchObject(workload.spec.selector.matchLabels);
  });

  it('runs as the image\'s non-root user, without privileges, on a read-only root filesystem', () => {
    const uid = Number(image.users.at(-1)!.split(':')[0]);
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: uid, runAsGroup: uid, fsGroup: uid, seccompProfile: { type: 'RuntimeDefault' } });
    for (const container of [...pod.containers, ...(pod.initContainers ?? [])]) {
      expect(container.securityContext, container.name).toEqual({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
      // A read-only root needs a writable /tmp (Tomcat's work folders, tsx's cache), except for a one-shot copy.
      if (container !== pod.initContainers?.[0]) expect(container.volumeMounts?.find((mount) => mount.mountPath === '/tmp'), `${container.name} has /tmp`).toBeDefined();
    }
  });

  it('sets requests and limits of CPU and memory for every container', () => {
    for (const container of [...pod.containers, ...(pod.initContainers ?? [])]) {
      for (const kind of ['requests', 'limits'] as const) {
        expect(container.resources?.[kind]?.['cpu'], `${container.name} ${kind}.cpu`).toBeDefined();
        expect(container.resources?.[kind]?.['memory'], `${container.name} ${kind}.memory`).toBeDefined();
      }
      expect(bytes(container.resources!.requests!['memory']!)).toBeLessThanOrEqual(bytes(container.resources!.limits!['memory']!));
    }
  });

  it('exposes the image\'s port and probes its health routes there', () => {
    const port = main!.ports?.[0];
    expect(String(port?.containerPort)).toBe(image.exposed[0]);
    expect(main!.livenessProbe?.httpGet?.port).toBe(port?.name);
    expect(main!.readinessProbe?.httpGet?.port).toBe(port?.name);
    // The readiness probe asks what the image's HEALTHCHECK asks.
    expect(main!.readinessProbe?.httpGet?.path).toBe(image.healthchecks[0]!.args.at(-1));
  });

  it('receives only variables its application reads, and secrets only from Secrets', () => {
    const known =
      name === 'engine'
        ? new Set([...engineEnvironmentKeys(), ...RUNTIME_VARIABLES.engine])
        : new Set([...workerConfigKeys().keys(), ...RUNTIME_VARIABLES.node]);
    const variables = variablesOf(main!);
    expect(variables.length).toBeGreaterThan(0);
    for (const variable of variables) expect(known.has(variable), `${app.deployment}: ${variable} is read by the ${name}`).toBe(true);
    for (const source of main!.envFrom ?? []) {
      if (!source.configMapRef) continue;
      for (const key of Object.keys(configMap(source.configMapRef.name).data)) expect(key, `${source.configMapRef.name}.${key} belongs in a Secret`).not.toMatch(SECRET_NAME);
    }
    expect(main!.env).toBeUndefined();
  });

  it('mounts only claims, Secrets and ConfigMaps that exist', () => {
    for (const volume of pod.volumes ?? []) {
      if (volume.persistentVolumeClaim) expect(find('PersistentVolumeClaim', volume.persistentVolumeClaim.claimName)).toBeDefined();
      if (volume.secret) expect(find('Secret', volume.secret.secretName)).toBeDefined();
      if (volume.configMap) expect(find('ConfigMap', volume.configMap.name)).toBeDefined();
    }
  });
});

describe('the Deployments in particular', () => {
  it('engine: liveness and readiness on the actuator, a startup probe for the slow start, about 700 MB', () => {
    const [engine] = deployment('anquan-engine').spec.template.spec.containers;
    expect(engine!.livenessProbe?.httpGet?.path).toBe('/actuator/health/liveness');
    expect(engine!.readinessProbe?.httpGet?.path).toBe('/actuator/health/readiness');
    expect(engine!.startupProbe?.httpGet?.path).toBe('/actuator/health/liveness');
    expect(bytes(engine!.resources!.requests!['memory']!)).toBeGreaterThanOrEqual(600 * 1024 ** 2);
    expect(bytes(engine!.resources!.limits!['memory']!)).toBeLessThanOrEqual(800 * 1024 ** 2);
    // The heap follows the limit (a percentage), so a changed limit cannot leave a fixed -Xmx behind.
    expect(parseDockerfile(APPS.engine.dockerfile).final.env.get('JAVA_TOOL_OPTIONS')).toMatch(/-XX:MaxRAMPercentage=\d+/);
    expect(parseDockerfile(APPS.engine.dockerfile).final.env.get('JAVA_TOOL_OPTIONS')).not.toMatch(/-Xmx/);
    expect(find('PodDisruptionBudget', 'anquan-engine')).toMatchObject({ spec: { minAvailable: 1 } });
  });

  it('engine: both pods use the same database, the PostgreSQL Service, with the password from a Secret', () => {
    const [engine] = deployment('anquan-engine').spec.template.spec.containers;
    const postgres = find<Workload>('StatefulSet', 'anquan-postgres').spec.template.spec.containers[0]!;
    const postgresDb = postgres.env?.find((variable) => variable.name === 'POSTGRES_DB')?.value;
    expect(configValue(engine!, 'SPRING_DATASOURCE_URL')).toBe(`jdbc:postgresql://anquan-postgres:5432/${postgresDb}`);
    expect(variablesOf(engine!)).toContain('SPRING_DATASOURCE_PASSWORD');
    expect(postgres.image).toBe((loadYaml('deploy/compose/compose.yaml') as { services: { postgres: { image: string } } }).services.postgres.image);
  });

  it('workers: below 200 MB each, probed on WORKERS_METRICS_PORT, talking to the engine Service, sharing the ledger and their files', () => {
    const workers = deployment('anquan-workers');
    const [container] = workers.spec.template.spec.containers;
    expect(bytes(container!.resources!.limits!['memory']!)).toBeLessThan(200 * 1000 ** 2);
    expect(container!.livenessProbe?.httpGet?.path).toBe('/health/live');
    expect(container!.readinessProbe?.httpGet?.path).toBe('/health/ready');
    expect(container!.ports).toEqual([{ name: 'metrics', containerPort: 9400 }]);
    expect(workers.spec.template.metadata.annotations).toMatchObject({ 'prometheus.io/port': '9400', 'prometheus.io/path': '/metrics' });
    expect(configValue(container!, 'ENGINE_REST_URL')).toBe('http://anquan-engine:8080/engine-rest');
    expect(secret('anquan-workers-secrets').stringData['LEDGER_DATABASE_URL']).toMatch(/^postgres:\/\/anquan:[^@]+@anquan-postgres:5432\/anquan_ledger$/);
    expect(configMap('anquan-postgres-init').data['10-ledger-database.sql']).toContain('CREATE DATABASE anquan_ledger OWNER anquan;');
    const claim = find<KubernetesObject & { spec: { accessModes: string[] } }>('PersistentVolumeClaim', 'anquan-worker-files');
    expect(claim.spec.accessModes).toEqual(['ReadWriteMany']);
    expect(container!.volumeMounts).toContainEqual({ name: 'files', mountPath: '/app/var' });
  });

  it('modeler: one pod, recreated, with its saved files on volumes seeded from the image and its logins from a Secret', () => {
    const modeler = deployment('anquan-modeler') as Workload & { spec: { strategy: { type: string } } };
    expect(modeler.spec.strategy.type).toBe('Recreate');
    const pod = modeler.spec.template.spec;
    expect(pod.initContainers?.[0]?.command).toEqual(['cp', '-R', '-n', '/app/processes/.', '/seed/']);
    expect(pod.containers[0]!.volumeMounts).toEqual(
      expect.arrayContaining([
        { name: 'processes', mountPath: '/app/processes' },
        { name: 'state', mountPath: '/app/var/state' },
        { name: 'users', mountPath: '/etc/anquan/modeler', readOnly: true },
      ]),
    );
    expect(configValue(pod.containers[0]!, 'MODELER_USERS_FILE')).toBe('/etc/anquan/modeler/users.json');
    expect(Object.keys(secret('anquan-modeler-users').stringData)).toEqual(['users.json']);
  });
});

describe('Services and Ingress', () => {
  const services = objects.filter((object) => object.kind === 'Service') as Array<
    KubernetesObject & { spec: { selector: Record<string, string>; ports: Array<{ name: string; port: number; targetPort: string }>; sessionAffinity?: string } }
  >;
  const pods = objects.filter((object) => object.kind === 'Deployment' || object.kind === 'StatefulSet') as Workload[];

  it('select pods that exist and target ports those pods name', () => {
    for (const service of services) {
      const selected = pods.filter((pod) => Object.entries(service.spec.selector).every(([key, value]) => pod.spec.template.metadata.labels[key] === value));
      expect(selected.length, `${service.metadata.name} selects a workload`).toBeGreaterThan(0);
      for (const port of service.spec.ports) {
        for (const pod of selected) {
          const names = pod.spec.template.spec.containers.flatMap((container) => (container.ports ?? []).map((candidate) => candidate.name));
          expect(names, `${service.metadata.name} → ${pod.metadata.name} port ${port.targetPort}`).toContain(port.targetPort);
        }
      }
    }
  });

  it('keep each client of the REST Service on one engine pod (the workers\' long polls), and only there', () => {
    expect(find<(typeof services)[number]>('Service', 'anquan-engine').spec.sessionAffinity).toBe('ClientIP');
    expect(find<(typeof services)[number]>('Service', 'anquan-engine-web').spec.sessionAffinity).toBeUndefined();
    expect(find('Service', 'anquan-engine-web').metadata.annotations).toMatchObject({ 'traefik.ingress.kubernetes.io/service.sticky.cookie': 'true' });
  });

  const ingresses = objects.filter((object) => object.kind === 'Ingress') as Array<
    KubernetesObject & {
      spec: { rules: Array<{ host: string; http: { paths: Array<{ path: string; pathType: string; backend: { service: { name: string; port: { name: string } } } }> } }> };
    }
  >;
  const routes = (name: string) =>
    find<(typeof ingresses)[number]>('Ingress', name).spec.rules.flatMap((rule) => rule.http.paths.map((route) => [route.path, route.backend.service.name] as const));

  it('pin web-app browsers to one engine pod by cookie, and route REST and the modeler without affinity', () => {
    expect(routes('anquan-web')).toEqual([['/operaton', 'anquan-engine-web']]);
    expect(find('Ingress', 'anquan-web').metadata.annotations).toMatchObject({
      'nginx.ingress.kubernetes.io/affinity': 'cookie',
      'nginx.ingress.kubernetes.io/affinity-mode': 'persistent',
      'nginx.ingress.kubernetes.io/session-cookie-name': 'anquan_engine',
    });
    expect(routes('anquan-api')).toEqual([
      ['/engine-rest', 'anquan-engine'],
      ['/', 'anquan-modeler'],
    ]);
    expect(Object.keys(find('Ingress', 'anquan-api').metadata.annotations ?? {}).filter((key) => key.includes('affinity') || key.includes('session-cookie'))).toEqual([]);
  });

  it('route to Services and ports that exist, and never to /actuator', () => {
    for (const ingress of ingresses) {
      for (const rule of ingress.spec.rules) {
        for (const route of rule.http.paths) {
          expect(route.path.startsWith('/actuator')).toBe(false);
          const target = find<(typeof services)[number]>('Service', route.backend.service.name);
          expect(target.spec.ports.map((port) => port.name)).toContain(route.backend.service.port.name);
        }
      }
    }
  });

  it('allow uploads as large as the workbench accepts', () => {
    const limit = Number(workerConfigKeys().get('WORKBENCH_MAX_ATTACHMENT_BYTES'));
    const bodySize = find('Ingress', 'anquan-api').metadata.annotations?.['nginx.ingress.kubernetes.io/proxy-body-size'] ?? '1m';
    // Attachments travel base64-encoded in JSON: 4/3 of their size.
    expect(Number.parseInt(bodySize, 10) * 1024 ** 2).toBeGreaterThan((limit * 4) / 3);
  });
});

describe('the example Secrets', () => {
  const secrets = manifests.filter((located) => located.object.kind === 'Secret');

  it('are all in secrets.example.yaml, marked as examples, with CHANGE-ME values only', () => {
    expect(secrets.length).toBeGreaterThan(0);
    expect(readRepoFile(`${KUBERNETES_DIR}/secrets.example.yaml`)).toMatch(/EXAMPLE VALUES ONLY/);
    for (const { file, object } of secrets) {
      expect(file).toBe('secrets.example.yaml');
      expect(object.metadata.annotations?.['anquan.example/values']).toBe('example-only');
      for (const [key, value] of Object.entries((object as unknown as { stringData: Record<string, string> }).stringData)) {
        expect(value, `${object.metadata.name}.${key}`).toContain('CHANGE-ME');
      }
    }
  });

  it('cover every Secret the workloads refer to', () => {
    const referenced = new Set<string>();
    for (const workload of objects.filter((object) => object.kind === 'Deployment' || object.kind === 'StatefulSet') as Workload[]) {
      const pod = workload.spec.template.spec;
      for (const container of [...pod.containers, ...(pod.initContainers ?? [])]) {
        for (const source of container.envFrom ?? []) if (source.secretRef) referenced.add(source.secretRef.name);
        for (const variable of container.env ?? []) {
          const name = (variable.valueFrom as { secretKeyRef?: { name: string } } | undefined)?.secretKeyRef?.name;
          if (name) referenced.add(name);
        }
      }
      for (const volume of pod.volumes ?? []) if (volume.secret) referenced.add(volume.secret.secretName);
    }
    expect([...referenced].sort()).toEqual(secrets.map((located) => located.object.metadata.name).sort());
  });
});
