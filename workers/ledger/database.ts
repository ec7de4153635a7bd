/**
 * One Kysely instance for either backend. PostgreSQL's type parsers are set
 * per pool so its rows come back as SQLite's do (instants as ISO-8601 UTC
 * text, days as YYYY-MM-DD, 64-bit integers as numbers) and the ledger code
 * above never branches on the backend to read a value.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { type LedgerConfig, redactDatabaseUrl } from '../config.ts';
import type { Logger } from '../logger.ts';
import type { LedgerBackend } from './migrations.ts';
import { NodeSqliteDialect } from './node-sqlite-dialect.ts';
import type { LedgerDatabase } from './schema.ts';

/** How long a SQLite statement waits for another process's write lock. */
export const SQLITE_BUSY_TIMEOUT_MS = 5_000;
/** Connections per worker process; jobs are short single-row writes. */
export const POSTGRES_POOL_SIZE = 10;

export interface LedgerConnection {
  readonly db: Kysely<LedgerDatabase>;
  readonly backend: LedgerBackend;
  /** For logs: the SQLite path, or the connection string without its password. */
  readonly location: string;
}

const { builtins } = pg.types;
const parseTimestampTz = pg.types.getTypeParser(builtins.TIMESTAMPTZ) as (text: string) => Date;

const ledgerTypes: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === builtins.TIMESTAMPTZ) return (text: string) => parseTimestampTz(text).toISOString();
    if (oid === builtins.DATE) return (text: string) => text;
    if (oid === builtins.INT8 || oid === builtins.NUMERIC) return (text: string) => Number(text);
    return format === 'binary' ? pg.types.getTypeParser(oid, 'binary') : pg.types.getTypeParser(oid, 'text');
  }) as pg.CustomTypesConfig['getTypeParser'],
};

export function connectLedgerDatabase(config: LedgerConfig, logger: Logger): LedgerConnection {
  if (config.backend === 'postgres') {
    const pool = new pg.Pool({
      connectionString: config.databaseUrl,
      max: POSTGRES_POOL_SIZE,
      application_name: 'anquan-ledger',
      types: ledgerTypes,
    });
    // An idle client losing its server emits 'error' on the pool; unhandled, it would end the process.
    pool.on('error', (error) => logger.warn({ err: error }, 'idle ledger database connection failed; it will be replaced'));
    return { db: new Kysely<LedgerDatabase>({ dialect: new PostgresDialect({ pool }) }), backend: 'postgres', location: redactDatabaseUrl(config.databaseUrl) };
  }
  mkdirSync(path.dirname(config.sqliteFile), { recursive: true });
  return {
    db: new Kysely<LedgerDatabase>({ dialect: new NodeSqliteDialect({ file: config.sqliteFile, busyTimeoutMs: SQLITE_BUSY_TIMEOUT_MS }) }),
    backend: 'sqlite',
    location: config.sqliteFile,
  };
}
