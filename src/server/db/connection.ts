import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import SQLite from 'better-sqlite3';
import {
  type BinaryOperationNode,
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  Kysely,
  type LogEvent,
  OperatorNode,
  PostgresDialect,
  PostgresQueryCompiler,
  PrimitiveValueListNode,
  type QueryCompiler,
  SqliteDialect,
  SqliteDriver,
  type Transaction,
  ValueListNode,
} from 'kysely';
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

export const isPostgresUrl = (url: string | undefined): url is string => !!url && /^postgres(ql)?:\/\//.test(url);
/** The SQLite file a configuration uses (DATA_DIR/cohort.sqlite unless DATABASE_URL names one). */
export const sqliteFileOf = (options: { url?: string; dataDir: string }) =>
  options.url ? options.url.replace(/^(sqlite:|file:)/, '') : join(options.dataDir, 'cohort.sqlite');

/** Every query's SQL and parameters, as sent (benches use it to EXPLAIN what the services run). */
export type QueryLog = (query: { sql: string; parameters: readonly unknown[] }) => void;

export function openDatabase(options: { url?: string; dataDir: string; log?: QueryLog }): Database {
  const url = options.url;
  const onQuery = options.log;
  const log = onQuery ? (e: LogEvent) => (e.level === 'query' ? onQuery(e.query) : undefined) : undefined;
  if (isPostgresUrl(url)) {
    const pool = new pg.Pool({ connectionString: url, max: Number(process.env.PG_POOL_MAX ?? 10) });
    // An idle connection that the server drops (restart, failover) must not crash the process;
    // the pool replaces it on the next query.
    pool.on('error', (err) => console.warn(`PostgreSQL idle connection error: ${err.message}`));
    // The same for a connection that is checked out, in the middle of a request: the pool removes
    // its 'error' listener while a client is lent, and pg emits 'error' when the server ends the
    // connection (pg_terminate_backend, a restart), which would end the process unhandled. The
    // query in flight fails on its own (the request answers 503, see isDatabaseUnavailable) and the
    // pool discards the broken client when it comes back.
    pool.on('connect', (client) => {
      client.on('error', (err) => console.warn(`PostgreSQL connection lost during a request: ${err.message}`));
      if (process.env.PG_PREPARED !== 'off') keepPreparedOn(client);
    });
    const db = new Kysely<DB>({ dialect: new EmptyListPostgresDialect({ pool }), log });
    return wrap(db, 'postgres', `PostgreSQL ${new URL(url).host}${new URL(url).pathname}`);
  }
  const file = sqliteFileOf(options);
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('synchronous = NORMAL');
  const db = new Kysely<DB>({ dialect: new ImmediateSqliteDialect({ database: withStatementCache(sqlite) }), log });
  return wrap(db, 'sqlite', `SQLite ${file}`);
}

// PostgreSQL plans every unnamed statement again: for a person's hours (a join of six tables that
// runs in 0.2 ms) planning took 1.1 ms of 1.5 (issue 17, docs/benchmarks.md). The fixed-shape
// queries of precompile() are therefore sent as named statements, which each connection parses
// and plans once (PostgreSQL keeps a generic plan once it costs no more than the custom ones).
// Only those: their number is fixed, so what a connection keeps stays bounded. PG_PREPARED=off
// sends them unnamed (a pooler in transaction mode that cannot carry named statements).
const preparedNames = new Map<string, string>();

/** Has PostgreSQL connections keep `sql` prepared (precompile() calls it for its queries). */
export function keepPrepared(sql: string) {
  if (!preparedNames.has(sql)) preparedNames.set(sql, `cohort_${preparedNames.size + 1}`);
}

type QueryFn = (...args: unknown[]) => unknown;
function keepPreparedOn(client: pg.PoolClient) {
  const query = client.query.bind(client) as QueryFn;
  // Kysely sends (text, values); anything else (a cursor, a config object) goes through as it is.
  (client as unknown as { query: QueryFn }).query = (...args: unknown[]) => {
    const [text, values] = args;
    const name = args.length === 2 && typeof text === 'string' && Array.isArray(values) ? preparedNames.get(text) : undefined;
    return name ? query({ name, text, values }) : query(...args);
  };
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

// `x in ()` is valid in SQLite (never true; `not in ()` always true) but a syntax error in
// PostgreSQL. Every store that filters by a list may get an empty one (an agenda without trainees
// or groups, a batch with nothing to look up), so the PostgreSQL compiler writes what SQLite means.
class EmptyListPostgresCompiler extends PostgresQueryCompiler {
  protected override visitBinaryOperation(node: BinaryOperationNode): void {
    const op = OperatorNode.is(node.operator) ? node.operator.operator : null;
    const right = node.rightOperand;
    if ((op === 'in' || op === 'not in') && (PrimitiveValueListNode.is(right) || ValueListNode.is(right)) && right.values.length === 0) {
      this.append(op === 'in' ? '1 = 0' : '1 = 1');
      return;
    }
    super.visitBinaryOperation(node);
  }
}
class EmptyListPostgresDialect extends PostgresDialect {
  override createQueryCompiler(): QueryCompiler {
    return new EmptyListPostgresCompiler();
  }
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

const UNAVAILABLE_CODES = new Set(['57P01', '57P02', '57P03', '53300', 'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'SQLITE_BUSY']);
/**
 * The database could not answer: PostgreSQL ended or refused the connection, or SQLite stayed
 * locked past busy_timeout. The request may simply be retried, so it is a 503, not a 500.
 */
export function isDatabaseUnavailable(e: unknown): boolean {
  if (!e || typeof e !== 'object') return false;
  const { code, message } = e as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && (UNAVAILABLE_CODES.has(code) || code.startsWith('08'))) return true;
  return typeof message === 'string' && /Connection terminated|not queryable|terminating connection|timeout exceeded when trying to connect/.test(message);
}

/** A unique index refused the row (SQLite and PostgreSQL report it differently). */
export const isUniqueViolation = (e: unknown) => {
  const code = (e as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === '23505';
};

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
