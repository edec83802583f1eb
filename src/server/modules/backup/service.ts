import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createWriteStream, existsSync, readdirSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rename, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import type { Config } from '../../config';
import { type Database, isPostgresUrl, openDatabase, sqliteFileOf } from '../../db/connection';
import { migrateToLatest } from '../../db/migrate';
import { makeStorage } from '../../storage';
import { bufferOf, FORMAT, MANIFEST, type Manifest, readArchive, sha256, writeArchive } from './archive';
import { ensureSecretKey, keyFingerprint, SecretKeyMismatchError } from './key-check';
import { appliedMigrations, makeBackupStore, type SnapshotQuery, storedFileKeys, tableCounts } from './store';

// `cohort backup` and `cohort restore`, and the scheduled backup inside `cohort serve`. A backup
// is consistent while the server runs: SQLite through its online backup API (one step, so a
// writer cannot make it start over; WAL readers do not block writers), PostgreSQL through pg_dump
// on a snapshot exported by a transaction that also lists the stored files, so the files match
// the rows. Files are read from the configured storage (local or S3) and written back to it.

export type BackupConfig = Pick<Config, 'dataDir' | 'databaseUrl' | 'secretKey' | 'storage'> & { secretKeySource?: string };
export type Phase = 'database' | 'files' | 'check' | 'restore';
export type Progress = (phase: Phase, done: number, total: number) => void;

/** A problem the operator can act on; printed as it is, without a stack. */
export class BackupError extends Error {
  override name = 'BackupError';
}

const stamp = (d = new Date()) =>
  d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
export const ARCHIVE_PATTERN = /^cohort-backup-\d{8}T\d{6}Z\.tar\.gz$/;

/** A PostgreSQL URL without its password (which goes to PGPASSWORD, not to argv where ps shows it). */
function pgTarget(url: string) {
  const u = new URL(url);
  const password = decodeURIComponent(u.password);
  u.password = '';
  return { url: u.toString(), env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) } };
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    let out = '';
    let err = '';
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      err += d;
    });
    child.on('error', (e) =>
      reject(
        new BackupError(
          (e as NodeJS.ErrnoException).code === 'ENOENT'
            ? `${command} is not installed; install PostgreSQL's client programs (Debian: apt-get install postgresql-client)`
            : e.message,
        ),
      ),
    );
    child.on('close', (code) => (code === 0 ? resolvePromise(out) : reject(new BackupError(`${command} failed (${code}): ${err.trim()}`))));
  });
}

/** pg_dump and pg_restore must be at least the server's major version. */
async function checkClientVersion(tool: 'pg_dump' | 'pg_restore', client: pg.Client) {
  const version = await run(tool, ['--version'], process.env);
  const mine = Number(/(\d+)(?:\.\d+)?/.exec(version)?.[1]);
  const server = Math.floor(Number((await client.query('show server_version_num')).rows[0].server_version_num) / 10000);
  if (!(mine >= server)) throw new BackupError(`${tool} ${mine} is older than the PostgreSQL server (${server}); install postgresql-client-${server}`);
}

/** A consistent copy of the configured SQLite database, made while the server may write: `dir/cohort.sqlite`. */
export async function copyOfSqlite(config: Pick<BackupConfig, 'databaseUrl' | 'dataDir'>, dir: string) {
  const file = sqliteFileOf({ url: config.databaseUrl, dataDir: config.dataDir });
  if (!existsSync(file)) throw new BackupError(`No database at ${file}`);
  const copy = join(dir, 'cohort.sqlite');
  const source = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    // All pages in one step: a step that writers interrupt would start over.
    await source.backup(copy, { progress: ({ totalPages }) => totalPages });
  } finally {
    source.close();
  }
  return copy;
}

async function snapshotOfSqlite(config: BackupConfig, dir: string) {
  const copy = await copyOfSqlite(config, dir);
  const snap = new SQLite(copy, { readonly: true });
  try {
    const q: SnapshotQuery = async (sql) => snap.prepare(sql).all() as Array<Record<string, unknown>>;
    return { path: copy, keys: await storedFileKeys(q), rows: await tableCounts(q, 'sqlite'), migrations: await appliedMigrations(q) };
  } finally {
    snap.close();
  }
}

async function snapshotOfPostgres(url: string, dir: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await checkClientVersion('pg_dump', client);
    // The dump and the list of files see the same snapshot of the database.
    await client.query('begin isolation level repeatable read read only');
    const snapshot = (await client.query('select pg_export_snapshot() as id')).rows[0].id as string;
    const q: SnapshotQuery = async (sql) => (await client.query(sql)).rows;
    const keys = await storedFileKeys(q);
    const rows = await tableCounts(q, 'postgres');
    const migrations = await appliedMigrations(q);
    const path = join(dir, 'cohort.pgdump');
    const target = pgTarget(url);
    await run(
      'pg_dump',
      ['--format=custom', '--no-owner', '--no-privileges', `--snapshot=${snapshot}`, `--file=${path}`, `--dbname=${target.url}`],
      target.env,
    );
    await client.query('commit');
    return { path, keys, rows, migrations };
  } finally {
    await client.end();
  }
}

/** Makes one archive in `outDir` (created if missing); returns its path and manifest. */
export async function makeBackup(
  config: BackupConfig,
  outDir: string,
  onProgress: Progress = () => {},
  database?: Database,
): Promise<{ file: string; manifest: Manifest }> {
  // The manifest vouches for the key: it must be the one the data was written with (a running
  // server has checked it at start; the command checks it here).
  if (!database) {
    const db = openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
    try {
      await ensureSecretKey(db, makeBackupStore(), config.secretKey, config.secretKeySource ?? 'the secret key');
    } finally {
      await db.close();
    }
  }
  const out = resolve(outDir);
  await mkdir(out, { recursive: true });
  const work = await mkdtemp(join(out, '.cohort-backup-'));
  try {
    const dialect = isPostgresUrl(config.databaseUrl) ? 'postgres' : 'sqlite';
    onProgress('database', 0, 1);
    const snap = dialect === 'postgres' ? await snapshotOfPostgres(config.databaseUrl!, work) : await snapshotOfSqlite(config, work);
    onProgress('database', 1, 1);
    const name = `cohort-backup-${stamp()}.tar.gz`;
    const partial = join(work, name);
    const archive = writeArchive(partial);
    const dbPath = `database/${dialect === 'postgres' ? 'cohort.pgdump' : 'cohort.sqlite'}`;
    const dbBytes = (await stat(snap.path)).size;
    const dbSha = await archive.addFile(dbPath, snap.path, dbBytes);
    const storage = makeStorage({ dataDir: config.dataDir, storage: config.storage });
    const files: Manifest['files'] = [];
    const missingFiles: string[] = [];
    for (const [i, key] of snap.keys.entries()) {
      onProgress('files', i, snap.keys.length);
      const data = await storage.get(key);
      // A photo deleted after the snapshot took its files with it; the manifest says so.
      if (!data) missingFiles.push(key);
      else {
        await archive.addBuffer(`files/${key}`, data);
        files.push({ key, path: `files/${key}`, bytes: data.length, sha256: sha256(data) });
      }
    }
    onProgress('files', snap.keys.length, snap.keys.length);
    const manifest: Manifest = {
      format: FORMAT,
      version: 1,
      createdAt: new Date().toISOString(),
      dialect,
      keyFingerprint: keyFingerprint(config.secretKey),
      migrations: snap.migrations,
      database: { path: dbPath, bytes: dbBytes, sha256: dbSha },
      files,
      missingFiles,
      rows: snap.rows,
    };
    await archive.addBuffer(MANIFEST, Buffer.from(JSON.stringify(manifest, null, 2)));
    await archive.close();
    const file = join(out, name);
    await rename(partial, file);
    return { file, manifest };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** Reads the whole archive and checks every entry against the manifest; keeps the database entry in `dir`. */
async function checkArchive(archivePath: string, dir: string, onProgress: Progress) {
  const seen = new Map<string, { bytes: number; sha256: string }>();
  let manifest: Manifest | null = null;
  let dbFile: string | null = null;
  await readArchive(archivePath, async (name, _size, stream) => {
    if (name.startsWith('database/')) {
      // The database may be large: streamed to its file, hashed on the way.
      dbFile = join(dir, name.slice('database/'.length).replace(/[^\w.-]/g, '_'));
      const hash = createHash('sha256');
      let bytes = 0;
      stream.on('data', (chunk: Buffer) => {
        hash.update(chunk);
        bytes += chunk.length;
      });
      await pipeline(stream, createWriteStream(dbFile, { mode: 0o600 }));
      seen.set(name, { bytes, sha256: hash.digest('hex') });
      return;
    }
    const data = await bufferOf(stream);
    if (name === MANIFEST) {
      manifest = JSON.parse(data.toString('utf8')) as Manifest;
      return;
    }
    seen.set(name, { bytes: data.length, sha256: sha256(data) });
    onProgress('check', seen.size, 0);
  }).catch((e) => {
    throw new BackupError(`${archivePath} is not a readable Cohort backup (${(e as Error).message})`);
  });
  const m = manifest as Manifest | null;
  if (!m || m.format !== FORMAT || m.version !== 1) throw new BackupError(`${archivePath} has no Cohort backup manifest`);
  for (const entry of [m.database, ...m.files]) {
    const got = seen.get(entry.path);
    if (!got) throw new BackupError(`${archivePath} lacks ${entry.path}, which its manifest names`);
    if (got.sha256 !== entry.sha256 || got.bytes !== entry.bytes)
      throw new BackupError(`${entry.path} in ${archivePath} does not match its checksum: the archive is damaged`);
  }
  if (seen.size !== m.files.length + 1) throw new BackupError(`${archivePath} holds entries its manifest does not name`);
  return { manifest: m, dbFile: dbFile! };
}

async function localFilesIn(root: string): Promise<boolean> {
  if (!existsSync(root)) return false;
  for (const entry of await readdir(root, { withFileTypes: true })) {
    if (entry.isFile() || (entry.isDirectory() && (await localFilesIn(join(root, entry.name))))) return true;
  }
  return false;
}

/**
 * Restores an archive into an empty DATA_DIR (SQLite) or an empty PostgreSQL database, and its
 * files into the configured storage; refuses a target that holds data, an archive that fails its
 * checksums, and a key that is not the one the archive's data was written with. Migrates the
 * restored database to this version and checks the key against it.
 */
export async function restoreBackup(config: BackupConfig & { secretKeySource: string }, archivePath: string, onProgress: Progress = () => {}) {
  const archive = resolve(archivePath);
  if (!existsSync(archive)) throw new BackupError(`No such file: ${archive}`);
  await mkdir(config.dataDir, { recursive: true });
  const work = await mkdtemp(join(config.dataDir, '.cohort-restore-'));
  try {
    const { manifest, dbFile } = await checkArchive(archive, work, onProgress);
    const dialect = isPostgresUrl(config.databaseUrl) ? 'postgres' : 'sqlite';
    if (manifest.dialect !== dialect)
      throw new BackupError(`The archive holds a ${manifest.dialect} database; DATABASE_URL points at ${dialect}. Restore it into the same kind of database.`);
    const fingerprint = keyFingerprint(config.secretKey);
    if (fingerprint !== manifest.keyFingerprint)
      throw new SecretKeyMismatchError(
        `The secret key from ${config.secretKeySource} (fingerprint ${fingerprint}) is not the key this backup's data was written with (fingerprint ${manifest.keyFingerprint}). ` +
          'Put the original key in DATA_DIR/secret.key or COHORT_SECRET_KEY (or pass --key-file) and run the restore again.',
      );
    // The target must hold nothing: no database (a file, or tables in the PostgreSQL database), no files.
    const sqliteTarget = sqliteFileOf({ url: config.databaseUrl, dataDir: config.dataDir });
    if (dialect === 'sqlite' && (existsSync(sqliteTarget) || existsSync(`${sqliteTarget}-wal`)))
      throw new BackupError(`${sqliteTarget} exists; restore into an empty DATA_DIR (or move the database away first)`);
    if (dialect === 'postgres') {
      const client = new pg.Client({ connectionString: config.databaseUrl });
      await client.connect();
      try {
        const tables = Number((await client.query("select count(*) as n from information_schema.tables where table_schema = 'public'")).rows[0].n);
        if (tables > 0)
          throw new BackupError(
            `The PostgreSQL database ${new URL(config.databaseUrl!).pathname.slice(1)} is not empty (${tables} tables); restore into an empty database`,
          );
        await checkClientVersion('pg_restore', client);
      } finally {
        await client.end();
      }
    }
    const local = config.storage?.kind !== 's3';
    if (local && (await localFilesIn(join(config.dataDir, 'files'))))
      throw new BackupError(`${join(config.dataDir, 'files')} is not empty; restore into an empty DATA_DIR`);
    const storage = makeStorage({ dataDir: config.dataDir, storage: config.storage });
    // S3 cannot be listed through our storage interface, but a restore must not overwrite what a
    // bucket already holds: every key the archive brings must be absent (one request each).
    if (!local) {
      for (const f of manifest.files) {
        if ((await storage.get(f.key)) !== null) throw new BackupError(`${storage.describe} already holds ${f.key}; restore into an empty bucket or prefix`);
      }
    }

    onProgress('restore', 0, manifest.files.length + 1);
    if (dialect === 'sqlite') {
      await mkdir(resolve(sqliteTarget, '..'), { recursive: true });
      await rename(dbFile, sqliteTarget);
    } else {
      const target = pgTarget(config.databaseUrl!);
      await run('pg_restore', ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', `--dbname=${target.url}`, dbFile], target.env);
    }
    onProgress('restore', 1, manifest.files.length + 1);

    let restored = 0;
    const types: Record<string, string> = { jpg: 'image/jpeg', webp: 'image/webp', png: 'image/png', zip: 'application/zip', pdf: 'application/pdf' };
    await readArchive(archive, async (name, _size, stream) => {
      if (!name.startsWith('files/')) return;
      const key = name.slice('files/'.length);
      await storage.put(key, await bufferOf(stream), types[key.split('.').pop() ?? ''] ?? 'application/octet-stream');
      restored += 1;
      onProgress('restore', restored + 1, manifest.files.length + 1);
    });

    const database = openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
    try {
      const applied = await migrateToLatest(database.db);
      await ensureSecretKey(database, makeBackupStore(), config.secretKey, config.secretKeySource);
      return { manifest, filesRestored: restored, migrationsApplied: applied };
    } finally {
      await database.close();
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** Keeps the newest `keep` archives in `dir`, deleting older ones (only files named like our archives). */
export async function pruneBackups(dir: string, keep: number) {
  const archives = readdirSync(dir)
    .filter((f) => ARCHIVE_PATTERN.test(f))
    .sort();
  const old = archives.slice(0, Math.max(0, archives.length - keep));
  for (const f of old) await rm(join(dir, f), { force: true });
  return old;
}

/**
 * One scheduled backup: the instance that claims the scheduled time in the database makes it
 * (several instances on one PostgreSQL run the same schedule), then old archives are pruned.
 */
export async function runScheduledBackup(config: BackupConfig, database: Database, options: { dir: string; keep: number; scheduledFor: Date }) {
  const store = makeBackupStore();
  const id = await store.claimRun(database.db, options.scheduledFor.toISOString(), new Date().toISOString());
  if (id === null) return null;
  try {
    const { file } = await makeBackup(config, options.dir, undefined, database);
    await pruneBackups(options.dir, options.keep);
    await store.updateRun(database.db, id, { status: 'done', finished_at: new Date().toISOString(), archive: file });
    return file;
  } catch (e) {
    await store.updateRun(database.db, id, { status: 'failed', finished_at: new Date().toISOString(), error: (e as Error).message.slice(0, 2000) });
    throw e;
  }
}
