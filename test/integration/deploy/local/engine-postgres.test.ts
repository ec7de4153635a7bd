/**
 * The production option: the same engine app on PostgreSQL, chosen by the
 * SPRING_DATASOURCE_* environment variables alone. A second engine starts on
 * a throw-away database of the local PostgreSQL server (127.0.0.1:5432), creates
 * its schema, takes a deployment and runs an instance there, then stops.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../../workers/config.ts';
import { EngineRestClient } from '../../../../workers/engine/rest-client.ts';
import { createLogger } from '../../../../workers/logger.ts';
import { engineUrls, startEngine, stopEngine } from '../../../../deploy/local/engine.ts';
import { LOCAL_LOGIN, postgresTestEngineProfile } from '../../../../deploy/local/manifest.ts';
import { postgresReachable } from '../../../unit/workers/ledger/backends.ts';
import { oneTaskProcess } from '../../support/one-task-process.ts';
import { TEST_PROFILE } from '../../support/test-engine.ts';

const ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/test';
const DATABASE = `anquan_engine_it_${process.pid}`;
const profile = postgresTestEngineProfile(TEST_PROFILE.port + 1);
const logger = createLogger({ logLevel: 'warn' }, { name: 'engine-postgres', stream: 'stderr' });
const reachable = await postgresReachable();
if (!reachable) process.stderr.write('PostgreSQL 127.0.0.1:5432 不可用，跳过引擎的 PostgreSQL 测试 / PostgreSQL not reachable; skipping the engine-on-PostgreSQL test\n');

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}


describe.skipIf(!reachable)('the engine app on PostgreSQL', () => {
  beforeAll(async () => {
    await admin(async (client) => {
      await client.query(`DROP DATABASE IF EXISTS ${DATABASE}`);
      await client.query(`CREATE DATABASE ${DATABASE}`);
    });
    const machine = loadConfig();
    await stopEngine(profile, logger);
    await startEngine({
      profile,
      logger,
      pathVariable: machine.localEngine.path,
      jdkSearch: { javaHome: machine.localEngine.javaHome, pathVariable: machine.localEngine.path },
      startTimeoutMs: machine.localEngine.startTimeoutMs,
      environment: {
        SPRING_DATASOURCE_URL: `jdbc:postgresql://127.0.0.1:5432/${DATABASE}`,
        SPRING_DATASOURCE_USERNAME: 'postgres',
        SPRING_DATASOURCE_PASSWORD: '',
      },
    });
  });

  afterAll(async () => {
    await stopEngine(profile, logger);
    if (reachable) await admin((client) => client.query(`DROP DATABASE IF EXISTS ${DATABASE}`));
  });

  it('creates its schema there, deploys and runs an instance whose state is in PostgreSQL, not H2', async () => {
    const engine = new EngineRestClient({ baseUrl: engineUrls(profile).restUrl, ...LOCAL_LOGIN });
    const deployment = await engine.createDeployment({
      name: 'postgres-check',
      source: 'integration-tests',
      deployChangedOnly: false,
      files: [{ name: 'postgres-check.bpmn', content: oneTaskProcess('postgres-check', 'PostgreSQL 检查', 'anwei-ban') }],
    });
    expect(Object.keys(deployment.deployedProcessDefinitions ?? {})).toHaveLength(1);
    const started = await engine.startProcessInstance('postgres-check', { subject: '数据库选项' });

    const rows = await admin(async () => {
      const client = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:5432/${DATABASE}` });
      await client.connect();
      try {
        const tables = await client.query<{ count: string }>("SELECT count(*) FROM information_schema.tables WHERE table_name LIKE 'act_%'");
        const executions = await client.query<{ proc_inst_id_: string }>('SELECT proc_inst_id_ FROM act_ru_execution WHERE proc_inst_id_ = $1', [started.id]);
        const variables = await client.query<{ text_: string }>("SELECT text_ FROM act_ru_variable WHERE name_ = 'subject' AND proc_inst_id_ = $1", [started.id]);
        return { tables: Number(tables.rows[0]!.count), executions: executions.rows.length, subject: variables.rows[0]?.text_ };
      } finally {
        await client.end();
      }
    });
    expect(rows.tables).toBeGreaterThan(40);
    expect(rows.executions).toBeGreaterThan(0);
    expect(rows.subject).toBe('数据库选项');
  });
});
