import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import { makeServices } from '../../src/server/app';
import { loadConfig } from '../../src/server/config';
import { type FileStorage, makeStorage, StorageError } from '../../src/server/storage';
import { freshDatabase, type TestDatabase } from '../support/db';
import { makeActor, makeClass } from '../support/factories';

// The file store behind photos, on local disk and on S3. The S3 adapter talks to s3rver (an
// S3-compatible server from npm) over real HTTP: paths, methods, bodies, 404s. s3rver parses SigV4
// headers but does not verify them; the signature itself is checked against AWS's published
// example signatures in test/unit/photos-storage-sigv4.test.ts.

const S3rver = createRequire(import.meta.url)('s3rver');

async function contract(storage: FileStorage) {
  const key = `photos/1/${crypto.randomUUID()}/display.jpg`;
  assert.equal(await storage.get(key), null, 'a missing object reads as null');
  const data = Buffer.from([0xff, 0xd8, 0xff, 0x00, 1, 2, 3, 0xff, 0xd9]);
  await storage.put(key, data, 'image/jpeg');
  assert.deepEqual(await storage.get(key), data);
  await storage.put(key, Buffer.from('replaced'), 'text/plain');
  assert.equal((await storage.get(key))?.toString(), 'replaced');
  await storage.delete(key);
  assert.equal(await storage.get(key), null);
  await storage.delete(key); // idempotent
  await assert.rejects(storage.put('../escape', data, 'x'), StorageError);
  await assert.rejects(storage.get('photos/../../etc/passwd'), StorageError);
  await assert.rejects(storage.get('/absolute'), StorageError);
}

describe('photo storage', () => {
  const dirs: string[] = [];
  let server: { close: () => Promise<void> };
  let endpoint: string;
  before(async () => {
    const dir = mkdtempSync(join(tmpdir(), 's3rver-'));
    dirs.push(dir);
    const s3 = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: dir, configureBuckets: [{ name: 'cohort-photos' }] });
    const { port } = await s3.run();
    server = s3;
    endpoint = `http://127.0.0.1:${port}`;
  });
  after(async () => {
    await server.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  const s3Config = (prefix?: string) => ({
    kind: 's3' as const,
    endpoint,
    region: 'us-east-1',
    bucket: 'cohort-photos',
    prefix,
    forcePathStyle: true,
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
  });

  test('local disk: put, get, replace, delete, refuse keys that leave the root', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cohort-files-'));
    dirs.push(dir);
    const storage = makeStorage({ dataDir: dir });
    assert.equal(storage.kind, 'local');
    await contract(storage);
  });

  test('S3 (path style, with a key prefix): the same contract over HTTP', async () => {
    const storage = makeStorage({ dataDir: '/nonexistent', storage: s3Config('school-a') });
    assert.equal(storage.kind, 's3');
    await contract(storage);
  });

  test('S3 errors are reported, not swallowed', async () => {
    const storage = makeStorage({ dataDir: '/nonexistent', storage: { ...s3Config(), bucket: 'no-such-bucket' } });
    await assert.rejects(
      storage.put('photos/x/y.jpg', Buffer.from('x'), 'image/jpeg'),
      (e: unknown) => e instanceof StorageError && /404|NoSuchBucket/.test(e.message),
    );
    const down = makeStorage({ dataDir: '/nonexistent', storage: { ...s3Config(), endpoint: 'http://127.0.0.1:9' } });
    await assert.rejects(down.get('photos/x/y.jpg'), StorageError);
  });

  test('configuration: S3_BUCKET switches to S3 and needs keys', () => {
    const env = { S3_BUCKET: 'bucket-1', S3_ENDPOINT: 'http://127.0.0.1:9000', S3_ACCESS_KEY_ID: 'k', S3_SECRET_ACCESS_KEY: 's' };
    const cfg = loadConfig(env, { secretKey: Buffer.alloc(32), dataDir: '/tmp' });
    assert.deepEqual(cfg.storage, {
      kind: 's3',
      bucket: 'bucket-1',
      endpoint: 'http://127.0.0.1:9000',
      region: 'us-east-1',
      prefix: undefined,
      forcePathStyle: true,
      accessKeyId: 'k',
      secretAccessKey: 's',
      sessionToken: undefined,
    });
    assert.throws(() => loadConfig({ S3_BUCKET: 'bucket-1' }, { secretKey: Buffer.alloc(32), dataDir: '/tmp' }), /S3_ACCESS_KEY_ID/);
    assert.equal(loadConfig({}, { secretKey: Buffer.alloc(32), dataDir: '/tmp' }).storage.kind, 'local');
  });

  describe('photos kept in S3', () => {
    let t: TestDatabase;
    before(async () => {
      t = await freshDatabase('sqlite');
    });
    after(() => t.drop());

    test('upload, read and delete a photo end to end', async () => {
      const services = makeServices(t.database, { ...t.config, storage: s3Config('photos-e2e') });
      const { classId } = await makeClass(services);
      const teacher = await makeActor(services, { role: 'class_teacher', scopeType: 'class', scopeId: classId });
      const session = await services.timetable.createSession(teacher, classId, {
        kind: 'lecture',
        title: '讲座',
        startsAt: '2026-03-02T09:00:00+08:00',
        endsAt: '2026-03-02T12:00:00+08:00',
        hours: 3,
        lecturerIds: [],
        groupIds: [],
      });
      const data = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#8e44ad' } })
        .jpeg()
        .toBuffer();
      const [photo] = await services.photos.upload(teacher, session.id, [{ filename: 's3.jpg', data }]);
      const display = await services.photos.read(photo.id, 'display');
      assert.deepEqual([(await sharp(display.data).metadata()).width, display.contentType], [800, 'image/jpeg']);
      const storage = makeStorage({ dataDir: '/nonexistent', storage: s3Config('photos-e2e') });
      const row = (await services.photos.rowsByIds(t.database.db, [photo.id]))[0];
      assert.ok(await storage.get(`${row.storage_key}/thumb.webp`), 'the copies are in the bucket');
      await services.photos.remove(teacher, photo.id);
      assert.equal(await storage.get(`${row.storage_key}/thumb.webp`), null, 'and gone after delete');
    });
  });
});
