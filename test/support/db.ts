import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Kysely, sql, type Transaction } from 'kysely';
import pg from 'pg';
import { type Config, loadConfig } from '../../src/server/config';
import { type Database, openDatabase } from '../../src/server/db/connection';
import { migrateToLatest } from '../../src/server/db/migrate';

export type TestDatabase = { name: 'sqlite' | 'postgres'; database: Database; config: Config; drop: () => Promise<void> };

/** The databases every store/service test runs on: SQLite always, PostgreSQL when TEST_DATABASE_URL is set. */
export const DATABASES: Array<'sqlite' | 'postgres'> = process.env.TEST_DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite'];

/** A fresh, migrated database of its own for one test file (or one test), dropped afterwards; `migrate: false` leaves it empty. */
export async function freshDatabase(kind: 'sqlite' | 'postgres', options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const migrate = options.migrate ?? true;
  const dir = mkdtempSync(join(tmpdir(), 'cohort-test-'));
  const base = { secretKey: Buffer.alloc(32, 7), dataDir: dir, logLevel: 'silent' as const, loginMaxFailures: 5 };
  if (kind === 'sqlite') {
    const config = loadConfig({}, { ...base, databaseUrl: undefined });
    const database = openDatabase({ dataDir: dir });
    if (migrate) await migrateToLatest(database.db);
    return {
      name: 'sqlite',
      database,
      config,
      drop: async () => {
        await database.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const adminUrl = process.env.TEST_DATABASE_URL!;
  const dbName = `cohort_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${dbName}`;
  const config = loadConfig({}, { ...base, databaseUrl: url.toString() });
  const database = openDatabase({ url: url.toString(), dataDir: dir });
  if (migrate) await migrateToLatest(database.db);
  return {
    name: 'postgres',
    database,
    config,
    drop: async () => {
      await database.close();
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
      await c.end();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** An empty PostgreSQL database of its own (not migrated), e.g. for a restore or a CLI run to fill; dropped by `drop`. */
export async function emptyPostgresDatabase(prefix = 'cohort_empty') {
  const adminUrl = process.env.TEST_DATABASE_URL!;
  const name = `${prefix}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** Row counts of the tables an import writes: equal before and after a refused one. */
export async function importCounts(t: TestDatabase): Promise<number[]> {
  const out: number[] = [];
  for (const table of ['people', 'enrolments', 'groups', 'audit_log']) {
    const r = await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(t.database.db);
    out.push(Number(r.rows[0].n));
  }
  return out;
}

/**
 * Two PostgreSQL transactions writing at once: the first writes, the second's write (which should
 * wait for a lock the first's trigger holds) starts, the first commits 200 ms later, then the
 * second finishes and commits. Both are rolled back if anything fails.
 */
export async function twoAtOnce<DB>(db: Kysely<DB>, first: (trx: Transaction<DB>) => Promise<unknown>, second: (trx: Transaction<DB>) => Promise<unknown>) {
  const one = await db.startTransaction().execute();
  const two = await db.startTransaction().execute();
  try {
    await first(one);
    const waiting = second(two);
    await new Promise((r) => setTimeout(r, 200));
    await one.commit().execute();
    await waiting;
    await two.commit().execute();
  } catch (e) {
    for (const trx of [one, two])
      await trx
        .rollback()
        .execute()
        .catch(() => {});
    throw e;
  }
}
