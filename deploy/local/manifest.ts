/**
 * What the local engine is made of and where it lives. The one place that pins
 * the Camunda and OpenSearch versions and the ports of each local profile.
 */
import path from 'node:path';
import { PROJECT_ROOT } from '../../workers/config.ts';

/**
 * Camunda's distribution as published on Maven Central. 8.9 is the target, but
 * the registry reachable here publishes `camunda-zeebe` only up to 8.6.0; moving
 * up is this line plus `CAMUNDA_PLATFORM_VERSION` in workers/contract.ts.
 */
export const CAMUNDA_VERSION = '8.6.0';

/**
 * Camunda 8.6 keeps Operate and Tasklist data in Elasticsearch or OpenSearch
 * (RDBMS secondary storage arrived with 8.9). Maven Central has OpenSearch's
 * minimal `integ-test-zip` plus each module as a jar; the modules Camunda needs
 * are added to it at install time.
 */
export const OPENSEARCH_VERSION = '2.19.1';

export interface SearchModule {
  /** Folder under modules/ and the plugin name. */
  readonly name: string;
  /** Entry class named in plugin-descriptor.properties. */
  readonly pluginClass: string;
  /** Maven coordinates groupId:artifactId:version of every jar of the module. */
  readonly artifacts: readonly string[];
  /** Java security policy the module's code needs, if any. */
  readonly securityPolicy?: string;
}

const asm = (artifact: string) => `org.ow2.asm:${artifact}:9.7`;

/**
 * Modules Operate, Tasklist and the Zeebe OpenSearch exporter rely on: painless
 * for scripted upserts, parent-join for Operate's list view, the rest for
 * index settings and aggregations.
 */
export const SEARCH_MODULES: readonly SearchModule[] = [
  {
    name: 'lang-painless',
    pluginClass: 'org.opensearch.painless.PainlessPlugin',
    artifacts: [
      `org.opensearch.plugin:lang-painless:${OPENSEARCH_VERSION}`,
      `org.opensearch.plugin:opensearch-scripting-painless-spi:${OPENSEARCH_VERSION}`,
      'org.antlr:antlr4-runtime:4.13.1',
      asm('asm'),
      asm('asm-util'),
      asm('asm-tree'),
      asm('asm-commons'),
      asm('asm-analysis'),
    ],
    securityPolicy: [
      'grant {',
      '  permission java.lang.RuntimePermission "createClassLoader";',
      '  permission java.lang.RuntimePermission "getClassLoader";',
      '};',
      '',
    ].join('\n'),
  },
  {
    name: 'parent-join',
    pluginClass: 'org.opensearch.join.ParentJoinPlugin',
    artifacts: [`org.opensearch.plugin:parent-join-client:${OPENSEARCH_VERSION}`],
  },
  {
    name: 'analysis-common',
    pluginClass: 'org.opensearch.analysis.common.CommonAnalysisPlugin',
    artifacts: [`org.opensearch.plugin:analysis-common:${OPENSEARCH_VERSION}`],
  },
  {
    name: 'mapper-extras',
    pluginClass: 'org.opensearch.index.mapper.MapperExtrasPlugin',
    artifacts: [`org.opensearch.plugin:mapper-extras-client:${OPENSEARCH_VERSION}`],
  },
  {
    name: 'aggs-matrix-stats',
    pluginClass: 'org.opensearch.search.aggregations.matrix.MatrixAggregationPlugin',
    artifacts: [`org.opensearch.plugin:aggs-matrix-stats-client:${OPENSEARCH_VERSION}`],
  },
];

export const CAMUNDA_ARTIFACT = `io.camunda:camunda-zeebe:${CAMUNDA_VERSION}:tar.gz`;
export const OPENSEARCH_ARTIFACT = `org.opensearch.distribution.integ-test-zip:opensearch:${OPENSEARCH_VERSION}:zip`;

/** Java versions each part accepts: Camunda 8.6 needs 21+, OpenSearch 2.x its security manager (gone in 24). */
export const JAVA_RANGES = {
  camunda: { min: 21, max: 25 },
  search: { min: 17, max: 23 },
} as const;

export const ENGINE_HOME = path.join(PROJECT_ROOT, '.engine');
export const CAMUNDA_HOME = path.join(ENGINE_HOME, `camunda-zeebe-${CAMUNDA_VERSION}`);
export const OPENSEARCH_HOME = path.join(ENGINE_HOME, `opensearch-${OPENSEARCH_VERSION}`);
export const CONFIG_DIR = path.join(PROJECT_ROOT, 'deploy', 'local', 'config');

/**
 * The broker (with gateway and REST API) and the web apps (Operate, Tasklist) run
 * as two JVMs from the same distribution: in one JVM, Camunda 8.6.0's web-app
 * security also guards /v2, so Tasklist cannot assign or complete Zeebe user
 * tasks (camunda/camunda#21818, fixed in 8.6.9, which the registry does not have).
 */
export type CamundaPart = 'broker' | 'webapps';

export interface EnginePorts {
  readonly searchHttp: number;
  readonly searchTransport: number;
  /** Zeebe gRPC gateway. */
  readonly grpc: number;
  readonly command: number;
  readonly internal: number;
  /** Orchestration REST API (/v2), served by the broker without login for local use. */
  readonly rest: number;
  readonly brokerManagement: number;
  /** Operate and Tasklist (/operate, /tasklist, their v1 APIs and /api/login). */
  readonly webapps: number;
  readonly webappsManagement: number;
  /** Cluster-membership port the web apps join the broker's cluster with. */
  readonly webappsCluster: number;
}

export interface EngineProfile {
  readonly name: 'dev' | 'test';
  readonly ports: EnginePorts;
  /** Engine data (Zeebe log and OpenSearch indices). */
  readonly dataDir: string;
  /** Pid files, logs and rendered OpenSearch configuration. */
  readonly runDir: string;
  /** Lets tests pin the engine clock through PUT /v2/clock. */
  readonly clockControlled: boolean;
}

/**
 * `dev` is what `npm start` runs; `test` is the integration tests' own cluster on
 * other ports and data, so a developer's running cluster is left alone.
 */
export const ENGINE_PROFILES: Readonly<Record<EngineProfile['name'], EngineProfile>> = {
  dev: {
    name: 'dev',
    ports: {
      searchHttp: 9200,
      searchTransport: 9300,
      grpc: 26500,
      command: 26501,
      internal: 26502,
      rest: 8088,
      brokerManagement: 9600,
      webapps: 8080,
      webappsManagement: 9601,
      webappsCluster: 26503,
    },
    dataDir: path.join(PROJECT_ROOT, '.data', 'dev'),
    runDir: path.join(ENGINE_HOME, 'run', 'dev'),
    clockControlled: false,
  },
  test: {
    name: 'test',
    ports: {
      searchHttp: 9250,
      searchTransport: 9350,
      grpc: 26550,
      command: 26551,
      internal: 26552,
      rest: 8188,
      brokerManagement: 9650,
      webapps: 8180,
      webappsManagement: 9651,
      webappsCluster: 26553,
    },
    dataDir: path.join(PROJECT_ROOT, '.data', 'test'),
    runDir: path.join(ENGINE_HOME, 'run', 'test'),
    clockControlled: true,
  },
};

/** The demo login the local engine creates; documented in the README. */
export const LOCAL_LOGIN = { username: 'demo', password: 'demo' } as const;
