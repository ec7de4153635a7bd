/**
 * The two ledger backends the same test suite runs against: a SQLite file in
 * a temporary folder, and a throw-away database on the local PostgreSQL
 * server (trust authentication, user postgres), dropped afterwards.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { LedgerConfig } from '../../../../workers/config.ts';
import { LedgerInputError } from '../../../../workers/ledger/validation.ts';

/** The maintenance connection used to create and drop the per-run databases. */
export const POSTGRES_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/test';

export interface TestBackend {
  readonly name: 'sqlite' | 'postgres';
  /** A new, empty database; every one is removed by {@link TestBackend.removeAll}. */
  fresh(): Promise<LedgerConfig>;
  removeAll(): Promise<void>;
}

export function sqliteBackend(): TestBackend {
  const folders: string[] = [];
  return {
    name: 'sqlite',
    async fresh() {
      const folder = await mkdtemp(path.join(os.tmpdir(), 'anquan-ledger-'));
      folders.push(folder);
      return { backend: 'sqlite', sqliteFile: path.join(folder, 'ledger.sqlite') };
    },
    async removeAll() {
      await Promise.all(folders.splice(0).map((folder) => rm(folder, { recursive: true, force: true })));
    },
  };
}

export async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function withAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export function postgresBackend(): TestBackend {
  const databases: string[] = [];
  return {
    name: 'postgres',
    async fresh() {
      // Random, lower-case and prefixed: safe to interpolate as an identifier.
      const name = `ledger_test_${process.pid}_${randomBytes(4).toString('hex')}`;
      await withAdmin((client) => client.query(`create database ${name}`));
      databases.push(name);
      const url = new URL(POSTGRES_ADMIN_URL);
      url.pathname = `/${name}`;
      return { backend: 'postgres', databaseUrl: url.toString() };
    },
    async removeAll() {
      const names = databases.splice(0);
      if (names.length === 0) return;
      await withAdmin(async (client) => {
        for (const name of names) await client.query(`drop database if exists ${name} with (force)`);
      });
    },
  };
}

/** The LedgerInputError a ledger call is expected to reject with (anything else fails the test). */
export async function inputError(promise: Promise<unknown>): Promise<LedgerInputError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof LedgerInputError) return error;
    throw error;
  }
  throw new Error('expected a LedgerInputError');
}
