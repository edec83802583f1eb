import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { isPostgresUrl, openDatabase, sqliteFileOf } from '../../db/connection';
import { migrateToLatest } from '../../db/migrate';
import { makePersonalDataCipher } from '../../lib/personal-data';
import { makeStorage } from '../../storage';
import { localStorage } from '../../storage/local';
import { sha256 } from './archive';
import { ensureSecretKey } from './key-check';
import { type BackupConfig, BackupError, copyOfSqlite } from './service';
import { appliedMigrations, makeBackupStore, type SnapshotQuery, storedFileKeys, tableCounts } from './store';

// `cohort db copy --to postgres://…`: moves a SQLite installation to PostgreSQL, for a college
// that outgrows one machine. Like a backup it reads a consistent copy (SQLite's online backup, so
// the server may keep running, though what it writes after the copy began stays behind), and like
// a restore it refuses a target that holds anything. The target is migrated by this version first,
// then every table's rows go over in foreign-key order, in batches, in one transaction; sequences
// are set past the copied ids, and the row counts and the secret key are checked on the target.
// Generic over tables (it copies whatever the migrations made), so it reads and writes through raw
// SQL on both sides, as the backup does with its snapshots.

export type CopyPhase = { table: string; done: number; total: number } | { files: number; total: number };
export type CopyResult = {
  tables: Array<{ table: string; rows: number }>;
  files: { copied: number; where: string | null };
  keyCheck: string;
};

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
/** PostgreSQL takes at most 65,535 parameters per statement. */
const batchRows = (columns: number) => Math.max(1, Math.min(1000, Math.floor(60_000 / columns)));

/** Tables in an order where every table comes after the tables its foreign keys name. */
export function dependencyOrder(tables: string[], references: (table: string) => string[]): string[] {
  const out: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (t: string, path: string[]) => {
    if (state.get(t) === 'done') return;
    if (state.get(t) === 'visiting') throw new BackupError(`The tables' foreign keys form a cycle (${[...path, t].join(' → ')}); cannot order the copy`);
    state.set(t, 'visiting');
    for (const r of references(t)) if (r !== t && tables.includes(r)) visit(r, [...path, t]);
    state.set(t, 'done');
    out.push(t);
  };
  for (const t of [...tables].sort()) visit(t, []);
  return out;
}

export async function copyToPostgres(
  config: BackupConfig & { secretKeySource: string },
  targetUrl: string,
  options: { filesTo?: string } = {},
  onProgress: (p: CopyPhase) => void = () => {},
): Promise<CopyResult> {
  if (isPostgresUrl(config.databaseUrl))
    throw new BackupError('This installation already runs on PostgreSQL (DATABASE_URL); db copy moves a SQLite installation');
  if (!isPostgresUrl(targetUrl)) throw new BackupError(`--to must be a postgres:// URL, not ${targetUrl}`);
  const file = sqliteFileOf({ url: config.databaseUrl, dataDir: config.dataDir });
  if (!existsSync(file)) throw new BackupError(`No database at ${file}`);

  // The source as this version expects it, and a key that fits it.
  const source = openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrateToLatest(source.db);
    await ensureSecretKey(source, makeBackupStore(), config.secretKey, config.secretKeySource);
  } finally {
    await source.close();
  }

  const target = openDatabase({ url: targetUrl, dataDir: config.dataDir });
  const work = await mkdtemp(join(config.dataDir, '.cohort-copy-'));
  try {
    const { rows: existing } = await sql<{ n: number }>`select count(*) as n from information_schema.tables where table_schema = 'public'`.execute(target.db);
    if (Number(existing[0].n) > 0)
      throw new BackupError(
        `The PostgreSQL database ${new URL(targetUrl).pathname.slice(1)} is not empty (${existing[0].n} tables); copy into an empty database (createdb …) / 目标数据库不是空的，请复制到新建的空数据库。`,
      );

    // A consistent copy of the SQLite file to read from (as a backup makes it).
    const snap = new SQLite(await copyOfSqlite(config, work), { readonly: true });
    try {
      const q: SnapshotQuery = async (text) => snap.prepare(text).all() as Array<Record<string, unknown>>;
      await migrateToLatest(target.db);
      const sourceMigrations = await appliedMigrations(q);
      const targetMigrations = (await sql<{ name: string }>`select name from kysely_migration order by name`.execute(target.db)).rows.map((r) => r.name);
      const unknown = sourceMigrations.filter((m) => !targetMigrations.includes(m));
      if (unknown.length)
        throw new BackupError(
          `The SQLite database has migrations this version does not know (${unknown.join(', ')}); run db copy with the version that wrote it`,
        );

      const counts = await tableCounts(q, 'sqlite');
      const tables = dependencyOrder(Object.keys(counts), (t) =>
        (snap.prepare(`select "table" as ref from pragma_foreign_key_list(?)`).all(t) as Array<{ ref: string }>).map((r) => r.ref),
      );
      const targetColumns = new Map<string, Set<string>>();
      for (const r of (
        await sql<{
          table_name: string;
          column_name: string;
        }>`select table_name, column_name from information_schema.columns where table_schema = 'public'`.execute(target.db)
      ).rows)
        targetColumns.set(r.table_name, (targetColumns.get(r.table_name) ?? new Set()).add(r.column_name));

      // Every row in one transaction: a copy that fails leaves the target as empty as it was migrated.
      await target.transaction(async (trx) => {
        // The rows go over as they are: triggers that derive rows from others (the hours rollup's
        // stale marks) stay off for the copy, which brings the derived rows along (the
        // migrations made the tables, so this user owns them; foreign keys still hold).
        for (const table of tables) await sql`alter table ${sql.id(table)} disable trigger user`.execute(trx);
        // Rows a migration wrote into the new database (the source has its own) make way for the source's.
        for (const table of [...tables].reverse()) await sql`delete from ${sql.id(table)}`.execute(trx);
        for (const table of tables) {
          const columns = (snap.prepare('select name from pragma_table_info(?) order by cid').all(table) as Array<{ name: string }>).map((c) => c.name);
          const missing = columns.filter((c) => !targetColumns.get(table)?.has(c));
          if (missing.length) throw new BackupError(`The PostgreSQL schema lacks ${table}.${missing.join(', ')}; both should be at the same migration`);
          const total = counts[table];
          const size = batchRows(columns.length);
          const read = snap.prepare(
            `select rowid as "__rowid", ${columns.map(quote).join(', ')} from ${quote(table)} where rowid > ? order by rowid limit ${size}`,
          );
          let last = -Infinity;
          let done = 0;
          onProgress({ table, done, total });
          for (;;) {
            const batch = read.all(last === -Infinity ? Number.MIN_SAFE_INTEGER : last) as Array<Record<string, unknown>>;
            if (!batch.length) break;
            const values = batch.map((row) => sql`(${sql.join(columns.map((c) => row[c]))})`);
            await sql`insert into ${sql.id(table)} (${sql.join(columns.map((c) => sql.id(c)))}) values ${sql.join(values)}`.execute(trx);
            last = Number(batch[batch.length - 1].__rowid);
            done += batch.length;
            onProgress({ table, done, total });
          }
        }
        for (const table of tables) await sql`alter table ${sql.id(table)} enable trigger user`.execute(trx);
        // Serial columns go on after the highest id copied (nextval would hand out 1 again).
        const serials = await sql<{ table_name: string; column_name: string }>`
          select table_name, column_name from information_schema.columns
          where table_schema = 'public' and column_default like 'nextval(%'`.execute(trx);
        for (const s of serials.rows)
          await sql`select setval(pg_get_serial_sequence(${quote(s.table_name)}, ${s.column_name}), coalesce((select max(${sql.id(s.column_name)}) from ${sql.id(s.table_name)}), 0) + 1, false)`.execute(
            trx,
          );
      });

      // What arrived: the same number of rows in every table.
      const copied: CopyResult['tables'] = [];
      for (const table of tables) {
        const { rows } = await sql<{ n: number }>`select count(*) as n from ${sql.id(table)}`.execute(target.db);
        if (Number(rows[0].n) !== counts[table])
          throw new BackupError(`${table}: ${counts[table]} rows in SQLite but ${rows[0].n} in PostgreSQL after the copy`);
        copied.push({ table, rows: counts[table] });
      }

      // The keys check: the configured key fits the target (fingerprint), and an ID number stored
      // there decrypts to what it decrypts to in the source.
      await ensureSecretKey(target, makeBackupStore(), config.secretKey, config.secretKeySource);
      const cipher = makePersonalDataCipher(config.secretKey);
      const sample = (await q('select id, id_number_enc from people where id_number_enc is not null order by id limit 1'))[0];
      let keyCheck = 'no ID numbers are stored; the key fingerprint matches';
      if (sample) {
        const there = (await sql<{ id_number_enc: string }>`select id_number_enc from people where id = ${Number(sample.id)}`.execute(target.db)).rows[0];
        if (!there || cipher.decrypt(there.id_number_enc) !== cipher.decrypt(String(sample.id_number_enc)))
          throw new BackupError(`The ID number of person ${sample.id} does not decrypt to the same value on the target`);
        keyCheck = `the ID number of person ${sample.id} decrypts on the target as in SQLite; the key fingerprint matches`;
      }

      // Stored files stay where the configured storage keeps them; --files-to copies local ones to a new DATA_DIR.
      let filesCopied = 0;
      let where: string | null = null;
      if (options.filesTo) {
        if (config.storage?.kind === 's3')
          throw new BackupError('The files are in S3 (S3_BUCKET); PostgreSQL installations share the bucket, so --files-to is not needed');
        const from = makeStorage({ dataDir: config.dataDir, storage: config.storage });
        where = join(options.filesTo, 'files');
        const to = localStorage(where);
        const keys = await storedFileKeys(q);
        for (const [i, key] of keys.entries()) {
          onProgress({ files: i, total: keys.length });
          const data = await from.get(key);
          if (!data) continue; // deleted with its photo after the snapshot
          if ((await to.get(key)) !== null) throw new BackupError(`${join(where, key)} exists already; give an empty directory to --files-to`);
          await to.put(key, data, 'application/octet-stream');
          const back = await to.get(key);
          if (!back || sha256(back) !== sha256(data)) throw new BackupError(`${key} did not copy intact to ${where}`);
          filesCopied += 1;
        }
        onProgress({ files: keys.length, total: keys.length });
      }
      return { tables: copied, files: { copied: filesCopied, where }, keyCheck };
    } finally {
      snap.close();
    }
  } finally {
    await target.close();
    await rm(work, { recursive: true, force: true });
  }
}
