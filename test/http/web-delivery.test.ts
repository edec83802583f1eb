// Weak networks (#15): what the server sends over the wire. Static files come from the copies the
// build compressed, hashed assets are cached for a year, the app shell is revalidated, and JSON
// (the API and its OpenAPI document) is compressed per request — on both databases.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/server/app';
import { DATABASES, freshDatabase, type TestDatabase } from '../support/db';
import { loginHeaders, withDemo } from '../support/factories';

const TRAINEE_HTML = `<!doctype html><head>
    <!-- The trainee's first screen in one round trip. -->
    <link rel="preload" href="/api/v1/me/start" as="fetch" crossorigin="anonymous" />
    <title>Cohort 学员</title></head>`;
const SCRIPT = `console.log(${JSON.stringify('培训班 '.repeat(400))});\n`;

for (const kind of DATABASES) {
  describe(`web delivery (${kind})`, () => {
    let t: TestDatabase;
    let app: FastifyInstance;
    let webDir: string;
    let classId: number;
    before(async () => {
      t = await freshDatabase(kind);
      webDir = mkdtempSync(join(tmpdir(), 'cohort-web-'));
      mkdirSync(join(webDir, 'assets'));
      writeFileSync(join(webDir, 'index.html'), '<!doctype html><title>Cohort</title>');
      writeFileSync(join(webDir, 't.html'), TRAINEE_HTML);
      writeFileSync(join(webDir, 'assets', 'app-Ab12Cd34.js'), SCRIPT);
      // Marked so the test can tell the build's copy from one compressed per request.
      writeFileSync(join(webDir, 'assets', 'app-Ab12Cd34.js.br'), brotliCompressSync(`${SCRIPT}// br\n`));
      writeFileSync(join(webDir, 'assets', 'app-Ab12Cd34.js.gz'), gzipSync(`${SCRIPT}// gz\n`));
      const built = await buildApp(t.config, { database: t.database, migrate: false, webDir });
      app = built.app;
      ({ classId } = await withDemo(built.services));
    });
    after(async () => {
      await app.close();
      await t.drop();
      rmSync(webDir, { recursive: true, force: true });
    });

    test('a hashed asset is sent as the build compressed it and cached for a year', async () => {
      const br = await app.inject({ url: '/assets/app-Ab12Cd34.js', headers: { 'accept-encoding': 'gzip, deflate, br' } });
      assert.equal(br.statusCode, 200);
      assert.equal(br.headers['content-encoding'], 'br');
      assert.equal(br.headers['cache-control'], 'public, max-age=31536000, immutable');
      assert.equal(brotliDecompressSync(br.rawPayload).toString(), `${SCRIPT}// br\n`);
      const gz = await app.inject({ url: '/assets/app-Ab12Cd34.js', headers: { 'accept-encoding': 'gzip' } });
      assert.equal(gz.headers['content-encoding'], 'gzip');
      assert.equal(gunzipSync(gz.rawPayload).toString(), `${SCRIPT}// gz\n`);
      const plain = await app.inject({ url: '/assets/app-Ab12Cd34.js' });
      assert.equal(plain.headers['content-encoding'], undefined);
      assert.equal(plain.body, SCRIPT);
    });

    test('the app shell is revalidated, at / and on a client-side route', async () => {
      for (const url of ['/', '/index.html', '/classes/1/roster']) {
        const res = await app.inject({ url });
        assert.equal(res.statusCode, 200, url);
        assert.equal(res.headers['cache-control'], 'no-cache', url);
        assert.match(res.body, /<title>Cohort<\/title>/, url);
      }
    });

    test("the trainee's pages get t.html, which preloads the first screen only where a trainee is signed in", async () => {
      for (const url of ['/t', '/t/', '/t/timetable', '/t/me?x=1']) {
        const res = await app.inject({ url });
        assert.equal(res.statusCode, 200, url);
        assert.equal(res.headers['cache-control'], 'no-cache', url);
        assert.match(res.body, /<title>Cohort 学员<\/title>/, url);
        assert.match(res.body, /rel="preload" href="\/api\/v1\/me\/start"/, url);
      }
      // The invitation link and the staff scanner: nobody is signed in as a trainee there yet.
      for (const url of ['/t/i/abcdefgh12345678', '/t/scanner/3']) {
        const res = await app.inject({ url });
        assert.match(res.body, /<title>Cohort 学员<\/title>/, url);
        assert.doesNotMatch(res.body, /api\/v1\/me\/start/, url);
      }
      // Not a trainee page: /tasks is the office's.
      assert.match((await app.inject({ url: '/tasks' })).body, /<title>Cohort<\/title>/);
      // Revalidated by its ETag: a phone that has the page gets 304 and no body.
      const first = await app.inject({ url: '/t/timetable' });
      const etag = first.headers.etag as string;
      assert.ok(etag);
      const again = await app.inject({ url: '/t/timetable', headers: { 'if-none-match': etag } });
      assert.equal(again.statusCode, 304);
      assert.equal(again.body, '');
      // The invitation's copy differs, so it has an ETag of its own.
      assert.notEqual((await app.inject({ url: '/t/i/abcdefgh12345678' })).headers.etag, etag);
    });

    test('JSON from the API and the OpenAPI document is compressed; PDFs are not', async () => {
      const openapi = await app.inject({ url: '/api/openapi.json', headers: { 'accept-encoding': 'br, gzip' } });
      assert.equal(openapi.headers['content-encoding'], 'br');
      assert.ok(JSON.parse(brotliDecompressSync(openapi.rawPayload).toString()).paths);
      const teacher = await loginHeaders(app, 'banzhuren', 'cohort-demo-2020');
      const sessions = await app.inject({ url: `/api/v1/classes/${classId}/sessions`, headers: { ...teacher, 'accept-encoding': 'gzip' } });
      assert.equal(sessions.statusCode, 200);
      assert.equal(sessions.headers['content-encoding'], 'gzip');
      const list = JSON.parse(gunzipSync(sessions.rawPayload).toString());
      assert.ok(list.length > 10);
      assert.ok(sessions.rawPayload.length < Buffer.byteLength(JSON.stringify(list)) / 3, 'JSON shrinks to under a third');
      const pdf = await app.inject({ url: `/api/v1/classes/${classId}/travel/pickup-list.pdf`, headers: { ...teacher, 'accept-encoding': 'br, gzip' } });
      assert.equal(pdf.statusCode, 200);
      assert.match(String(pdf.headers['content-type']), /^application\/pdf/);
      assert.equal(pdf.headers['content-encoding'], undefined);
      assert.equal(pdf.rawPayload.subarray(0, 5).toString(), '%PDF-');
    });
  });
}
