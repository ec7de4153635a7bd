import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, PROJECT_ROOT, loadConfig, redactDatabaseUrl } from '../../../../workers/config.ts';

describe('ledger configuration', () => {
  it('defaults to the SQLite file var/ledger.sqlite under the repository root', () => {
    expect(loadConfig({}).ledger).toEqual({ backend: 'sqlite', sqliteFile: path.join(PROJECT_ROOT, 'var/ledger.sqlite') });
  });

  it('resolves LEDGER_SQLITE_FILE against the repository root, and keeps an absolute path', () => {
    expect(loadConfig({ LEDGER_SQLITE_FILE: 'data/taizhang.sqlite' }).ledger).toEqual({
      backend: 'sqlite',
      sqliteFile: path.join(PROJECT_ROOT, 'data/taizhang.sqlite'),
    });
    expect(loadConfig({ LEDGER_SQLITE_FILE: '/srv/anquan/ledger.sqlite' }).ledger).toMatchObject({ sqliteFile: '/srv/anquan/ledger.sqlite' });
  });

  it('uses PostgreSQL when LEDGER_DATABASE_URL is set, and ignores a blank one', () => {
    expect(loadConfig({ LEDGER_DATABASE_URL: 'postgresql://ledger:secret@db.internal:5432/anquan' }).ledger).toEqual({
      backend: 'postgres',
      databaseUrl: 'postgresql://ledger:secret@db.internal:5432/anquan',
    });
    expect(loadConfig({ LEDGER_DATABASE_URL: '  ' }).ledger.backend).toBe('sqlite');
  });

  it.each(['mysql://db.internal/anquan', 'postgres://db.internal', 'not a url'])('rejects LEDGER_DATABASE_URL=%s without echoing it', (value) => {
    let error: unknown;
    try {
      loadConfig({ LEDGER_DATABASE_URL: value });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toContain('LEDGER_DATABASE_URL');
    expect((error as ConfigError).message).not.toContain(value);
  });

  it('masks the password of a connection string for logs', () => {
    expect(redactDatabaseUrl('postgres://ledger:secret@db.internal:5432/anquan')).toBe('postgres://ledger:***@db.internal:5432/anquan');
    expect(redactDatabaseUrl('postgres://postgres@127.0.0.1:5432/test')).toBe('postgres://postgres@127.0.0.1:5432/test');
  });
});
