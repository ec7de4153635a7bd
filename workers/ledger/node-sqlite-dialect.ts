/**
 * Kysely on Node's built-in `node:sqlite`, so the embedded ledger needs no
 * native addon. Kysely's SqliteDialect expects a better-sqlite3-shaped
 * database; {@link adaptDatabase} gives node:sqlite's DatabaseSync that shape.
 */
import { DatabaseSync, type SQLInputValue, type StatementSync } from 'node:sqlite';
import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  SqliteDialect,
  type SqliteDatabase,
  SqliteDriver,
  type SqliteStatement,
} from 'kysely';

/** Values node:sqlite cannot bind are converted the way the ledger stores them. */
function toSqliteValue(value: unknown): SQLInputValue {
  if (value === undefined || value === null) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'string') return value;
  if (ArrayBuffer.isView(value)) return value as SQLInputValue;
  throw new TypeError(`node:sqlite cannot bind a value of type ${typeof value}`);
}

function adaptStatement(statement: StatementSync): SqliteStatement {
  const bind = (parameters: ReadonlyArray<unknown>): SQLInputValue[] => parameters.map(toSqliteValue);
  return {
    // better-sqlite3's `reader`: the statement yields rows (SELECT, PRAGMA, or INSERT … RETURNING).
    reader: statement.columns().length > 0,
    all: (parameters) => statement.all(...bind(parameters)),
    run: (parameters) => statement.run(...bind(parameters)),
    iterate: (parameters) => statement.iterate(...bind(parameters)),
  };
}

export function adaptDatabase(database: DatabaseSync): SqliteDatabase {
  return {
    close: () => database.close(),
    prepare: (sql) => adaptStatement(database.prepare(sql)),
  };
}

/**
 * Transactions start with BEGIN IMMEDIATE: they take the write lock at once,
 * so a second process waits on busy_timeout instead of failing when a read
 * transaction would have to be upgraded to a write one.
 */
class ImmediateTransactionSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

export interface NodeSqliteDialectOptions {
  /** Path of the database file, or `:memory:`. */
  readonly file: string;
  /** How long a statement waits for another process's write lock, in milliseconds. */
  readonly busyTimeoutMs: number;
}

function openDatabase(options: NodeSqliteDialectOptions): SqliteDatabase {
  const native = new DatabaseSync(options.file);
  native.exec(`pragma busy_timeout = ${Math.trunc(options.busyTimeoutMs)}`);
  // WAL lets readers in other processes run alongside the single writer.
  native.exec('pragma journal_mode = wal');
  native.exec('pragma foreign_keys = on');
  return adaptDatabase(native);
}

export class NodeSqliteDialect extends SqliteDialect {
  readonly #options: NodeSqliteDialectOptions;

  constructor(options: NodeSqliteDialectOptions) {
    super({ database: async () => openDatabase(options) });
    this.#options = options;
  }

  override createDriver(): Driver {
    return new ImmediateTransactionSqliteDriver({ database: async () => openDatabase(this.#options) });
  }
}
