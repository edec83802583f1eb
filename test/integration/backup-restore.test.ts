import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { buildApp, type Services } from '../../src/server/app';
import { loadConfig } from '../../src/server/config';
import { type Database, openDatabase } from '../../src/server/db/connection';
import { makePersonalDataCipher } from '../../src/server/lib/personal-data';
import { bufferOf, MANIFEST, type Manifest, readArchive } from '../../src/server/modules/backup/archive';
import { startBackupSchedule } from '../../src/server/modules/backup/cli';
import { SecretKeyMismatchError } from '../../src/server/modules/backup/key-check';
import { runScheduledBackup } from '../../src/server/modules/backup/service';
import { makeStorage } from '../../src/server/storage';
import { runningClass } from '../support/attendance';
import { DATABASES, emptyPostgresDatabase, freshDatabase, type TestDatabase } from '../support/db';
import { makeActor, servicesFor, withDemo } from '../support/factories';
import { idNumber } from '../support/roster-io-files';

// A backup made with `cohort backup` while check-ins are being written, restored with `cohort
// restore` into a fresh DATA_DIR and (for PostgreSQL) a fresh database: every row committed before
// the backup began is there, nothing that was never committed is, every stored file comes back
// byte for byte and every ID number decrypts. Then: the restore refuses a target with data and a
// wrong key; a start with a key that does not fit stops; the schedule inside serve makes and
// prunes archives, one instance per slot (#14).

const { DATABASE_URL: _ignored, ...parentEnv } = process.env;
const cohort = (args: string[], env: NodeJS.ProcessEnv) =>
  spawnSync(process.execPath, ['bin/cohort.mjs', ...args], { env, encoding: 'utf8', timeout: 300_000 });

const digest = (b: Buffer) => createHash('sha256').update(b).digest('hex');

for (const kind of DATABASES) {
  describe(`backup and restore (${kind})`, () => {
    let t: TestDatabase;
    let s: Services;
    let restoredDir: string;
    let outDir: string;
    let restoredUrl: string | undefined;
    let dropRestored = async () => {};
    let archive: string;
    const key = Buffer.alloc(32, 7);
    const ids = new Map<number, string>();
    let committedBefore: string[] = [];
    const committed = new Set<string>();

    before(async () => {
      t = await freshDatabase(kind);
      s = servicesFor(t);
      await withDemo(s);
      restoredDir = mkdtempSync(join(tmpdir(), 'cohort-restored-'));
      outDir = mkdtempSync(join(tmpdir(), 'cohort-backups-'));
      if (kind === 'postgres') {
        const fresh = await emptyPostgresDatabase('cohort_restore');
        restoredUrl = fresh.url;
        dropRestored = fresh.drop;
      }
    });
    after(async () => {
      await t.drop();
      await dropRestored();
      rmSync(restoredDir, { recursive: true, force: true });
      rmSync(outDir, { recursive: true, force: true });
    });

    test('a backup made while check-ins are written restores every committed row, file and ID number', { timeout: 600_000 }, async () => {
      const admin = await makeActor(s, 'admin');
      const c = await runningClass(s, { trainees: 40, sessions: Array.from({ length: 80 }, (_, i) => ({ fromMin: -60 + i * 5, toMin: 600 + i * 5 })) });
      for (const [i, enrolmentId] of c.enrolmentIds.entries()) {
        ids.set(enrolmentId, idNumber(i + 1));
        await s.roster.updateEnrolment(admin, enrolmentId, { person: { idNumber: idNumber(i + 1) } });
      }
      const pairs = c.sessionIds.flatMap((sessionId) => c.enrolmentIds.map((enrolmentId) => ({ sessionId, enrolmentId })));
      // The class teacher marks attendance one after another, as fast as the database takes it.
      let stop = false;
      const writer = (async () => {
        for (const p of pairs) {
          if (stop) break;
          await s.attendance.markAttendance(admin, p.sessionId, p.enrolmentId, { status: 'present' });
          committed.add(`${p.sessionId}:${p.enrolmentId}`);
          // SQLite answers synchronously: let the rest of the test (and the clock) run between check-ins.
          await new Promise((r) => setImmediate(r));
        }
      })();
      while (committed.size < 40) await new Promise((r) => setTimeout(r, 5));
      committedBefore = [...committed];
      const env = {
        ...parentEnv,
        DATA_DIR: t.config.dataDir,
        COHORT_SECRET_KEY: key.toString('base64'),
        LOG_LEVEL: 'silent',
        ...(kind === 'postgres' ? { DATABASE_URL: t.config.databaseUrl } : {}),
      };
      const backup = spawn(process.execPath, ['bin/cohort.mjs', 'backup', '--out', outDir], { env });
      let printed = '';
      backup.stdout.on('data', (d) => {
        printed += d;
      });
      backup.stderr.on('data', (d) => {
        printed += d;
      });
      const code = await new Promise<number | null>((r) => backup.on('exit', r));
      const writtenDuring = committed.size - committedBefore.length;
      stop = true;
      await writer;
      assert.equal(code, 0, printed);
      assert.match(printed, /Backup written: .*cohort-backup-\d{8}T\d{6}Z\.tar\.gz/);
      assert.ok(writtenDuring > 0, 'check-ins were being written while the backup ran');
      [archive] = readdirSync(outDir).map((f) => join(outDir, f));

      let manifest: Manifest | null = null;
      await readArchive(archive, async (name, _size, stream) => {
        if (name === MANIFEST) manifest = JSON.parse((await bufferOf(stream)).toString('utf8'));
      });
      const m = manifest as unknown as Manifest;
      assert.equal(m.dialect, kind);
      assert.ok(m.files.length >= 20, 'the demo photos are in it');

      // Restore into a fresh DATA_DIR (the key handed over as a file) and, for PostgreSQL, a fresh database.
      const keyFile = join(outDir, 'secret.key.copy');
      writeFileSync(keyFile, `${key.toString('base64')}\n`);
      const renv = { ...parentEnv, DATA_DIR: restoredDir, LOG_LEVEL: 'silent', ...(restoredUrl ? { DATABASE_URL: restoredUrl } : {}) };
      const restored = cohort(['restore', archive, '--key-file', keyFile], renv);
      assert.equal(restored.status, 0, restored.stderr + restored.stdout);
      assert.match(restored.stdout, /Restored/);

      const config = loadConfig({ ...renv }, { dataDir: restoredDir, databaseUrl: restoredUrl, secretKey: key, logLevel: 'silent' });
      const db: Database = openDatabase({ url: restoredUrl, dataDir: restoredDir });
      try {
        // Row for row what the backup saw: the manifest's counts, table by table.
        for (const [table, n] of Object.entries(m.rows)) {
          const got = Number((await sql.raw<{ n: number }>(`select count(*) as n from "${table}"`).execute(db.db)).rows[0].n);
          assert.equal(got, n, `${table}: ${got} rows restored, ${n} backed up`);
        }
        const rows = await db.db.selectFrom('attendance').select(['session_id', 'enrolment_id']).where('session_id', 'in', c.sessionIds).execute();
        const restoredPairs = new Set(rows.map((r) => `${r.session_id}:${r.enrolment_id}`));
        for (const p of committedBefore) assert.ok(restoredPairs.has(p), `check-in ${p}, committed before the backup, is restored`);
        for (const p of restoredPairs) assert.ok(committed.has(p), `check-in ${p} was committed`);
        // Each check-in came with its audit entry in one transaction: none without the other.
        const audited = await db.db
          .selectFrom('audit_log')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('action', '=', 'attendance.mark')
          .where('class_id', '=', c.classId)
          .executeTakeFirstOrThrow();
        assert.equal(Number(audited.n), restoredPairs.size);

        // Every ID number decrypts with the key.
        const cipher = makePersonalDataCipher(key);
        const people = await db.db
          .selectFrom('enrolments as e')
          .innerJoin('people as p', 'p.id', 'e.person_id')
          .select(['e.id', 'p.id_number_enc'])
          .where('e.class_id', '=', c.classId)
          .execute();
        assert.equal(people.length, 40);
        for (const p of people) assert.equal(cipher.decrypt(p.id_number_enc!), ids.get(p.id));

        // Every stored file, byte for byte.
        const source = makeStorage({ dataDir: t.config.dataDir });
        const target = makeStorage({ dataDir: restoredDir });
        for (const f of m.files) {
          const [a, b] = await Promise.all([source.get(f.key), target.get(f.key)]);
          assert.ok(a && b, `${f.key} restored`);
          assert.equal(digest(b), digest(a));
          assert.equal(digest(b), f.sha256);
        }
      } finally {
        await db.close();
      }
      // The restored data serves: the app starts on it with the key and reads the photos.
      const { app } = await buildApp(config, { webDir: null });
      try {
        assert.equal((await app.inject({ url: '/healthz' })).statusCode, 200);
      } finally {
        await app.close();
      }
    });

    test('restore refuses a target with data, a damaged archive and a key that is not the backup’s', async () => {
      const renv = {
        ...parentEnv,
        DATA_DIR: restoredDir,
        LOG_LEVEL: 'silent',
        COHORT_SECRET_KEY: key.toString('base64'),
        ...(restoredUrl ? { DATABASE_URL: restoredUrl } : {}),
      };
      const again = cohort(['restore', archive], renv);
      assert.equal(again.status, 2);
      assert.match(again.stderr, kind === 'postgres' ? /is not empty \(\d+ tables\); restore into an empty database/ : /restore into an empty DATA_DIR/);

      const empty = mkdtempSync(join(tmpdir(), 'cohort-empty-'));
      try {
        const other = Buffer.alloc(32, 1).toString('base64');
        const wrongKey = cohort(['restore', archive], { ...renv, DATA_DIR: empty, COHORT_SECRET_KEY: other, DATABASE_URL: undefined });
        if (kind === 'postgres') assert.match(wrongKey.stderr, /holds a postgres database; DATABASE_URL points at sqlite/);
        else assert.match(wrongKey.stderr, /The secret key from COHORT_SECRET_KEY \(fingerprint [\w-]+\) is not the key this backup's data was written with/);
        assert.equal(wrongKey.status, 2);
        const noKey = cohort(['restore', archive], { ...renv, DATA_DIR: empty, COHORT_SECRET_KEY: undefined });
        assert.equal(noKey.status, 2);
        assert.match(noKey.stderr, /Restoring needs the secret key the backup was made with/);
        const damaged = join(empty, 'damaged.tar.gz');
        writeFileSync(damaged, Buffer.from('not an archive'));
        const bad = cohort(['restore', damaged], { ...renv, DATA_DIR: empty });
        assert.equal(bad.status, 2);
        assert.match(bad.stderr, /is not a readable Cohort backup/);
      } finally {
        rmSync(empty, { recursive: true, force: true });
      }
    });

    test('a start with a secret key that does not fit the data stops, naming the key', async () => {
      const wrong = Buffer.alloc(32, 3);
      const config = loadConfig({}, { dataDir: restoredDir, databaseUrl: restoredUrl, secretKey: wrong, logLevel: 'silent' });
      await assert.rejects(buildApp({ ...config, secretKeySource: 'COHORT_SECRET_KEY' }, { webDir: null }), (e: Error) => {
        assert.ok(e instanceof SecretKeyMismatchError);
        assert.match(e.message, /The secret key from COHORT_SECRET_KEY does not match this database .*fingerprint/);
        return true;
      });
      // A database from before fingerprints: the key is checked by decrypting what is stored.
      const db = openDatabase({ url: restoredUrl, dataDir: restoredDir });
      await db.db.deleteFrom('secret_key_check').execute();
      await db.close();
      await assert.rejects(
        buildApp({ ...config, secretKeySource: '/srv/cohort/secret.key' }, { webDir: null }),
        /from \/srv\/cohort\/secret\.key .*cannot decrypt the ID numbers stored/,
      );
      const right = await buildApp({ ...config, secretKey: key }, { webDir: null });
      await right.app.close();
      const again = openDatabase({ url: restoredUrl, dataDir: restoredDir });
      assert.equal((await again.db.selectFrom('secret_key_check').selectAll().execute()).length, 1, 'the fingerprint is stored on the first start');
      await again.close();
    });

    test('scheduled backups: one instance per slot, the newest N kept', { timeout: 120_000 }, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'cohort-scheduled-'));
      try {
        const slot = new Date('2026-12-01T02:30:00.000Z');
        const cfg = { ...t.config, backup: { cron: '* * * * * *', keep: 2, dir } };
        const [first, second] = await Promise.all([
          runScheduledBackup(cfg, t.database, { dir, keep: 2, scheduledFor: slot }),
          runScheduledBackup(cfg, t.database, { dir, keep: 2, scheduledFor: slot }),
        ]);
        assert.equal([first, second].filter(Boolean).length, 1, 'two instances, one backup');
        // Every second, on the schedule inside serve, until older archives are pruned.
        const lines: string[] = [];
        const job = startBackupSchedule(cfg, t.database, (l) => lines.push(l));
        try {
          for (let i = 0; i < 200 && lines.filter((l) => l.startsWith('Scheduled backup written')).length < 3; i++)
            await new Promise((r) => setTimeout(r, 100));
        } finally {
          job?.stop();
        }
        assert.ok(lines.filter((l) => l.startsWith('Scheduled backup written')).length >= 3, lines.join('\n'));
        await new Promise((r) => setTimeout(r, 300));
        assert.equal(readdirSync(dir).filter((f) => f.endsWith('.tar.gz')).length, 2, 'the newest two are kept');
        const runs = await t.database.db.selectFrom('backup_runs').selectAll().execute();
        assert.ok(runs.every((r) => r.status === 'done' || r.status === 'running'));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}
