import './tables';
import type { Executor } from '../../db/connection';
import type { Patch } from '../../db/schema';

// The backup module's own tables, and the few reads a backup makes across the database: it looks
// at the columns that name stored files (photos, certificate batch files) and at encrypted values
// (to check a key), the way the scope store looks at ownership columns; it never writes them.

/** Raw SQL against a database snapshot (a SQLite copy, or a PostgreSQL transaction on an exported snapshot). */
export type SnapshotQuery = (sql: string) => Promise<Array<Record<string, unknown>>>;

export const makeBackupStore = () => ({
  keyCheck: (db: Executor) => db.selectFrom('secret_key_check').selectAll().where('id', '=', 1).executeTakeFirst(),
  recordKeyCheck: (db: Executor, fingerprint: string, at: string) =>
    db
      .insertInto('secret_key_check')
      .values({ id: 1, fingerprint, recorded_at: at })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute(),
  /** One encrypted ID number and one encrypted signing key, if any: enough to tell whether a key fits. */
  async encryptedSamples(db: Executor) {
    const person = await db.selectFrom('people').select('id_number_enc').where('id_number_enc', 'is not', null).limit(1).executeTakeFirst();
    const key = await db.selectFrom('signing_keys').select('private_enc').limit(1).executeTakeFirst();
    return { idNumber: person?.id_number_enc ?? null, signingKey: key?.private_enc ?? null };
  },

  claimRun: async (db: Executor, scheduledFor: string, at: string) =>
    (
      await db
        .insertInto('backup_runs')
        .values({ scheduled_for: scheduledFor, started_at: at, status: 'running', finished_at: null, archive: null, error: null })
        .onConflict((oc) => oc.column('scheduled_for').doNothing())
        .returning('id')
        .execute()
    )[0]?.id ?? null,
  updateRun: (db: Executor, id: number, patch: Patch<'backup_runs'>) => db.updateTable('backup_runs').set(patch).where('id', '=', id).execute(),
  lastRuns: (db: Executor, limit = 20) => db.selectFrom('backup_runs').selectAll().orderBy('id', 'desc').limit(limit).execute(),
});
export type BackupStore = ReturnType<typeof makeBackupStore>;

/** Every stored file the snapshot's rows name: photo variants and finished certificate batch files. */
export async function storedFileKeys(q: SnapshotQuery): Promise<string[]> {
  const keys: string[] = [];
  for (const r of await q('select storage_key, variants_json from photos order by id')) {
    for (const file of Object.values(JSON.parse(String(r.variants_json)) as Record<string, string>)) keys.push(`${r.storage_key}/${file}`);
  }
  for (const r of await q('select storage_key from certificate_jobs where storage_key is not null order by id')) keys.push(String(r.storage_key));
  return [...new Set(keys)];
}

/** The application's tables (migrations' own excluded) and their row counts. */
export async function tableCounts(q: SnapshotQuery, dialect: 'sqlite' | 'postgres'): Promise<Record<string, number>> {
  const tables = (
    await q(
      dialect === 'sqlite'
        ? "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like 'kysely_%' order by name"
        : "select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' and table_name not like 'kysely_%' order by table_name",
    )
  ).map((r) => String(r.name));
  const out: Record<string, number> = {};
  for (const t of tables) out[t] = Number((await q(`select count(*) as n from "${t}"`))[0].n);
  return out;
}

export async function appliedMigrations(q: SnapshotQuery): Promise<string[]> {
  return (await q('select name from kysely_migration order by name')).map((r) => String(r.name));
}
