/**
 * Obtains the local engine once: Camunda's distribution and OpenSearch with the
 * modules Camunda needs, all from Maven Central through `mvn` (the Maven cache
 * keeps them), unpacked into the git-ignored .engine/ folder.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import type { Jdk } from './jdk.ts';
import {
  CAMUNDA_ARTIFACT,
  CAMUNDA_HOME,
  ENGINE_HOME,
  OPENSEARCH_ARTIFACT,
  OPENSEARCH_HOME,
  OPENSEARCH_VERSION,
  SEARCH_MODULES,
} from './manifest.ts';
import { PROJECT_ROOT } from '../../workers/config.ts';

export class EngineInstallError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EngineInstallError';
  }
}

const BUILD_DIR = path.join(ENGINE_HOME, 'build');
const DOWNLOAD_DIR = path.join(BUILD_DIR, 'downloads');
const SETTINGS_PLUGIN = 'ism-settings';
const SETTINGS_PLUGIN_SOURCE = path.join(PROJECT_ROOT, 'deploy', 'local', 'search-plugin', 'src');
const INSTALLED_MARKER = '.installed';

interface ArtifactItem {
  readonly coordinates: string;
  readonly outputDirectory: string;
}

function parseCoordinates(coordinates: string) {
  const [groupId, artifactId, version, type = 'jar'] = coordinates.split(':');
  if (!groupId || !artifactId || !version) throw new EngineInstallError(`bad Maven coordinates: ${coordinates}`);
  return { groupId, artifactId, version, type };
}

/** A throwaway pom whose only job is to let one `mvn dependency:copy` fetch every artifact. */
function renderFetchPom(items: readonly ArtifactItem[]): string {
  const itemXml = items
    .map((item) => {
      const { groupId, artifactId, version, type } = parseCoordinates(item.coordinates);
      return [
        '            <artifactItem>',
        `              <groupId>${groupId}</groupId>`,
        `              <artifactId>${artifactId}</artifactId>`,
        `              <version>${version}</version>`,
        `              <type>${type}</type>`,
        `              <outputDirectory>${item.outputDirectory}</outputDirectory>`,
        '            </artifactItem>',
      ].join('\n');
    })
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.anquan</groupId>
  <artifactId>local-engine-fetch</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <build>
    <plugins>
      <plugin>
        <groupId>org.apache.maven.plugins</groupId>
        <artifactId>maven-dependency-plugin</artifactId>
        <version>3.6.1</version>
        <configuration>
          <artifactItems>
${itemXml}
          </artifactItems>
        </configuration>
      </plugin>
    </plugins>
  </build>
</project>
`;
}

function run(command: string, args: readonly string[], what: string, cwd = BUILD_DIR): void {
  try {
    execFileSync(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  } catch (error) {
    const failure = error as { code?: string; stdout?: string; stderr?: string };
    if (failure.code === 'ENOENT') {
      throw new EngineInstallError(
        `找不到命令 ${command}（${what}需要它）。请安装后重试。\n` +
          `Command not found: ${command} (needed to ${what}). Install it and retry.`,
      );
    }
    const output = `${failure.stdout ?? ''}${failure.stderr ?? ''}`.trim().split('\n').slice(-25).join('\n');
    throw new EngineInstallError(`${what} 失败 / failed:\n${output}`);
  }
}

function moduleDir(name: string): string {
  return path.join(OPENSEARCH_HOME, 'modules', name);
}

function pluginDescriptor(name: string, description: string, pluginClass: string, version: string): string {
  return [
    `description=${description}`,
    `version=${version}`,
    `name=${name}`,
    `classname=${pluginClass}`,
    'java.version=11',
    `opensearch.version=${OPENSEARCH_VERSION}`,
    'custom.foldername=',
    'extended.plugins=',
    'has.native.controller=false',
    '',
  ].join('\n');
}

export function isInstalled(): boolean {
  return existsSync(path.join(CAMUNDA_HOME, INSTALLED_MARKER)) && existsSync(path.join(OPENSEARCH_HOME, INSTALLED_MARKER));
}

/**
 * Installs whatever part is missing. A half-finished earlier attempt is removed
 * first, so an interrupted download never leaves a broken engine behind.
 */
export function installEngine(jdk: Jdk, logger: Logger): void {
  if (isInstalled()) return;
  mkdirSync(DOWNLOAD_DIR, { recursive: true });
  rmSync(CAMUNDA_HOME, { recursive: true, force: true });
  rmSync(OPENSEARCH_HOME, { recursive: true, force: true });

  const moduleStaging = path.join(BUILD_DIR, 'modules');
  rmSync(moduleStaging, { recursive: true, force: true });
  const items: ArtifactItem[] = [
    { coordinates: CAMUNDA_ARTIFACT, outputDirectory: DOWNLOAD_DIR },
    { coordinates: OPENSEARCH_ARTIFACT, outputDirectory: DOWNLOAD_DIR },
    ...SEARCH_MODULES.flatMap((module) =>
      module.artifacts.map((coordinates) => ({ coordinates, outputDirectory: path.join(moduleStaging, module.name) })),
    ),
  ];
  writeFileSync(path.join(BUILD_DIR, 'pom.xml'), renderFetchPom(items));
  logger.info('正在通过 Maven 获取 Camunda 与 OpenSearch（仅首次）/ fetching Camunda and OpenSearch with Maven (first run only)');
  run('mvn', ['-q', '-B', 'dependency:copy'], '通过 Maven 获取引擎 / fetch the engine with Maven');

  const camundaArchive = path.join(DOWNLOAD_DIR, path.basename(CAMUNDA_HOME) + '.tar.gz');
  logger.info({ archive: camundaArchive }, '解压 Camunda / unpacking Camunda');
  run('tar', ['-xzf', camundaArchive, '-C', ENGINE_HOME], '解压 Camunda / unpack Camunda');

  const searchArchive = path.join(DOWNLOAD_DIR, `opensearch-${OPENSEARCH_VERSION}.zip`);
  logger.info({ archive: searchArchive }, '解压 OpenSearch / unpacking OpenSearch');
  // The JDK's jar tool unpacks zips on any machine that can run the engine at all.
  run(path.join(jdk.home, 'bin', 'jar'), ['-xf', searchArchive], '解压 OpenSearch / unpack OpenSearch', ENGINE_HOME);
  for (const entry of readdirSync(path.join(OPENSEARCH_HOME, 'bin'))) {
    chmodSync(path.join(OPENSEARCH_HOME, 'bin', entry), 0o755);
  }

  for (const module of SEARCH_MODULES) {
    const target = moduleDir(module.name);
    renameSync(path.join(moduleStaging, module.name), target);
    writeFileSync(
      path.join(target, 'plugin-descriptor.properties'),
      pluginDescriptor(module.name, `${module.name}, assembled from its Maven artifacts`, module.pluginClass, OPENSEARCH_VERSION),
    );
    if (module.securityPolicy) writeFileSync(path.join(target, 'plugin-security.policy'), module.securityPolicy);
  }
  buildSettingsPlugin(jdk);

  writeFileSync(path.join(CAMUNDA_HOME, INSTALLED_MARKER), new Date().toISOString() + '\n');
  writeFileSync(path.join(OPENSEARCH_HOME, INSTALLED_MARKER), new Date().toISOString() + '\n');
  logger.info({ camunda: CAMUNDA_HOME, opensearch: OPENSEARCH_HOME }, '引擎已安装 / engine installed');
}

/**
 * Camunda's schema managers clear the ISM policy setting on every index template.
 * Without the ISM plugin OpenSearch rejects that unknown setting, so a tiny plugin
 * (source in deploy/local/search-plugin) registers the setting names and nothing more.
 */
function buildSettingsPlugin(jdk: Jdk): void {
  const classes = path.join(BUILD_DIR, 'search-plugin-classes');
  const target = path.join(OPENSEARCH_HOME, 'plugins', SETTINGS_PLUGIN);
  rmSync(classes, { recursive: true, force: true });
  mkdirSync(classes, { recursive: true });
  mkdirSync(target, { recursive: true });
  const sources = ['cn/anquan/opensearch/IndexStateManagementSettingsPlugin.java'].map((file) =>
    path.join(SETTINGS_PLUGIN_SOURCE, file),
  );
  run(
    path.join(jdk.home, 'bin', 'javac'),
    ['--release', '11', '-cp', path.join(OPENSEARCH_HOME, 'lib', '*'), '-d', classes, ...sources],
    '编译 OpenSearch 设置插件 / compile the OpenSearch settings plugin',
  );
  run(
    path.join(jdk.home, 'bin', 'jar'),
    ['--create', '--file', path.join(target, `${SETTINGS_PLUGIN}.jar`), '-C', classes, '.'],
    '打包 OpenSearch 设置插件 / package the OpenSearch settings plugin',
  );
  writeFileSync(
    path.join(target, 'plugin-descriptor.properties'),
    pluginDescriptor(
      SETTINGS_PLUGIN,
      'Registers the ISM index setting names for nodes without the ISM plugin',
      'cn.anquan.opensearch.IndexStateManagementSettingsPlugin',
      '1.0.0',
    ),
  );
}
