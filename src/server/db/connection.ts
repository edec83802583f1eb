import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import SQLite from 'better-sqlite3';
import { CompiledQuery, type DatabaseConnection, type Driver, Kysely, PostgresDialect, SqliteDialect, SqliteDriver, type Transaction } from 'kysely';
import pg from 'pg';
import type { DB } from './schema';

export type Dialect = 'sqlite' | 'postgres';
export type Db = Kysely<DB>;
export type Trx = Transaction<DB>;
/** Either the database or an open transaction: stores accept both. */
export type Executor = Kysely<DB> | Transaction<DB>;

export type Database = {
  db: Db;
  dialect: Dialect;
  /** Runs `fn` in one transaction; every write of a request goes through here. */
  transaction: <T>(fn: (trx: Trx) => Promise<T>) => Promise<T>;
  ping: () => Promise<boolean>;
  close: () => Promise<void>;
  describe: string;
};

// PostgreSQL returns int8 (count, sum of integers) as strings; parse them so callers see numbers
// on both databases. Values beyond 2^53 do not occur in this domain.
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));
pg.types.setTypeParser(1700, (v) => Number.parseFloat(v));

export function openDatabase(options: { url?: string; dataDir: string }): Database {
  const url = options.url;
  if (url && /^postgres(ql)?:\/\//.test(url)) {
    const pool = new pg.Pool({ connectionString: url, max: Number(process.env.PG_POOL_MAX ?? 10) });
    // An idle connection that the server drops (restart, failover) must not crash the process;
    // the pool replaces it on the next query.
    pool.on('error', (err) => console.warn(`PostgreSQL idle connection error: ${err.message}`));
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    return wrap(db, 'postgres', `PostgreSQL ${new URL(url).host}${new URL(url).pathname}`);
  }
  const file = url ? url.replace(/^(sqlite:|file:)/, '') : join(options.dataDir, 'cohort.sqlite');
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('synchronous = NORMAL');
  const db = new Kysely<DB>({ dialect: new ImmediateSqliteDialect({ database: withStatementCache(sqlite) }) });
  return wrap(db, 'sqlite', `SQLite ${file}`);
}

// Kysely prepares every query afresh, and better-sqlite3's prepare (parse and plan) costs more
// than running most of our queries. Statements are reusable, so keep the last two thousand by their
// SQL text; SQLite re-prepares one by itself if the schema changed under it.
function withStatementCache(sqlite: SQLite.Database, size = 2000) {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      let stmt = cache.get(sql);
      if (stmt) {
        cache.delete(sql);
      } else {
        stmt = sqlite.prepare(sql);
        if (cache.size >= size) cache.delete(cache.keys().next().value!);
      }
      cache.set(sql, stmt);
      return stmt;
    },
  };
}

// SQLite's default deferred transactions take the write lock only at the first write; if another
// process (the CLI importing while the server runs) wrote in between, the upgrade fails with
// SQLITE_BUSY at once, whatever busy_timeout says. BEGIN IMMEDIATE takes the lock up front, so
// writers queue politely for up to busy_timeout instead.
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}
class ImmediateSqliteDialect extends SqliteDialect {
  constructor(private readonly options: ConstructorParameters<typeof SqliteDialect>[0]) {
    super(options);
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.options);
  }
}

function wrap(db: Db, dialect: Dialect, describe: string): Database {
  return {
    db,
    dialect,
    describe,
    transaction: (fn) => db.transaction().execute(fn),
    ping: async () => {
      try {
        await db.selectNoFrom((eb) => eb.val(1).as('one')).execute();
        return true;
      } catch {
        return false;
      }
    },
    close: () => db.destroy(),
  };
}

export const nowIso = () => new Date().toISOString();

/** UPDATE … WHERE id = ?; an empty patch is a no-op rather than invalid SQL. */
export async function updateById<T extends 'users' | 'programmes' | 'classes' | 'enrolments' | 'people' | 'groups' | 'sites' | 'lecturers'>(
  db: Executor,
  table: T,
  id: number,
  patch: import('kysely').Updateable<DB[T]>,
) {
  if (Object.values(patch as object).every((v) => v === undefined)) return;
  // Kysely cannot narrow a union of tables inside a generic helper; the signature above keeps callers typed.
  await (db as unknown as Kysely<Record<string, { id: number }>>)
    .updateTable(table as string)
    .set(patch as never)
    .where('id', '=', id)
    .execute();
}
