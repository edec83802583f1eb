import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { openDatabase } from '../../src/server/db/connection';
import { BackupError, makeBackup, restoreBackup } from '../../src/server/modules/backup/service';
import { makeStorage } from '../../src/server/storage';
import { DATABASES, emptyPostgresDatabase, freshDatabase, type TestDatabase } from '../support/db';
import { servicesFor, withDemo } from '../support/factories';

// A restore whose files go to S3 (s3rver over real HTTP): a bucket that already holds any key the
// archive brings is refused before anything is written — database included — and an empty one
// gets every file back byte for byte (#14).

const S3rver = createRequire(import.meta.url)('s3rver');
const digest = (b: Buffer) => createHash('sha256').update(b).digest('hex');

for (const kind of DATABASES) {
  describe(`restore into S3 storage (${kind})`, () => {
    let t: TestDatabase;
    let server: { close: () => Promise<void> };
    let endpoint: string;
    const dirs: string[] = [];
    const temp = (prefix: string) => {
      const d = mkdtempSync(join(tmpdir(), prefix));
      dirs.push(d);
      return d;
    };
    let dropTarget = async () => {};

    before(async () => {
      t = await freshDatabase(kind);
      await withDemo(servicesFor(t));
      const s3 = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: temp('s3rver-'), configureBuckets: [{ name: 'cohort-files' }] });
      const { port } = await s3.run();
      server = s3;
      endpoint = `http://127.0.0.1:${port}`;
    });
    after(async () => {
      await server.close();
      await t.drop();
      await dropTarget();
      for (const d of dirs) rmSync(d, { recursive: true, force: true });
    });

    test('a bucket holding one of the archive’s keys is refused with nothing written; an empty one gets every file', { timeout: 300_000 }, async () => {
      const { file, manifest } = await makeBackup(t.config, temp('cohort-backups-'), undefined, t.database);
      assert.ok(manifest.files.length >= 20, 'the demo photos are in the archive');
      const storageConfig = {
        kind: 's3' as const,
        endpoint,
        region: 'us-east-1',
        bucket: 'cohort-files',
        prefix: 'restored',
        forcePathStyle: true,
        accessKeyId: 'S3RVER',
        secretAccessKey: 'S3RVER',
      };
      const bucket = makeStorage({ dataDir: '/nonexistent', storage: storageConfig });
      let databaseUrl: string | undefined;
      if (kind === 'postgres') {
        const fresh = await emptyPostgresDatabase('cohort_restore_s3');
        databaseUrl = fresh.url;
        dropTarget = fresh.drop;
      }
      const dataDir = temp('cohort-restored-');
      const config = { dataDir, databaseUrl, secretKey: t.config.secretKey, storage: storageConfig, secretKeySource: 'the test' };

      const taken = manifest.files[3].key;
      await bucket.put(taken, Buffer.from('already here'), 'text/plain');
      await assert.rejects(restoreBackup(config, file), (e: unknown) => {
        assert.ok(e instanceof BackupError, String(e));
        assert.match(e.message, /already holds/);
        assert.ok(e.message.includes(taken), 'the message names the key');
        return true;
      });
      // Nothing was restored: no database, no other file.
      if (kind === 'sqlite') assert.deepEqual(readdirSync(dataDir), []);
      else {
        const db = openDatabase({ url: databaseUrl, dataDir });
        try {
          const r = await sql<{ n: number }>`select count(*) as n from information_schema.tables where table_schema = 'public'`.execute(db.db);
          assert.equal(Number(r.rows[0].n), 0);
        } finally {
          await db.close();
        }
      }
      for (const f of manifest.files.filter((f) => f.key !== taken)) assert.equal(await bucket.get(f.key), null, `${f.key} not written`);
      assert.equal((await bucket.get(taken))?.toString(), 'already here', 'the bucket’s own object is untouched');

      await bucket.delete(taken);
      const result = await restoreBackup(config, file);
      assert.equal(result.filesRestored, manifest.files.length);
      for (const f of manifest.files) {
        const data = await bucket.get(f.key);
        assert.ok(data, `${f.key} restored`);
        assert.equal(digest(data), f.sha256, `${f.key} byte for byte`);
      }
      if (kind === 'sqlite') assert.ok(!existsSync(join(dataDir, 'files')) || readdirSync(join(dataDir, 'files')).length === 0, 'no files on local disk');
    });
  });
}
