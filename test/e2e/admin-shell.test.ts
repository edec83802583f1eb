// The server side of the web app: its files, the app shell for client-side routes, problems for
// unknown API routes, and the split that keeps the admin bundle off trainees' phones.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { BuiltApp } from '../../src/server/app';
import { buildApp } from '../../src/server/app';
import { freshDatabase, type TestDatabase } from '../support/db';
import { snapshotWeb } from '../support/e2e';

type Chunk = { file: string; imports?: string[]; dynamicImports?: string[]; isEntry?: boolean };

describe('web app shell served by the API process', () => {
  let t: TestDatabase;
  let built: BuiltApp;
  let WEB_DIR: string;
  before(async () => {
    WEB_DIR = snapshotWeb();
    t = await freshDatabase('sqlite');
    built = await buildApp(t.config, { database: t.database, migrate: false, webDir: WEB_DIR });
  });
  after(async () => {
    await built.app.close();
    await t.drop();
    rmSync(WEB_DIR, { recursive: true, force: true });
  });

  test('client-side routes get index.html; files are served; unknown API routes are problems', async () => {
    for (const url of ['/', '/login', '/classes/1/timetable', '/classes/1/timetable/print', '/t/checkin']) {
      const res = await built.app.inject({ method: 'GET', url });
      assert.equal(res.statusCode, 200, url);
      assert.match(res.headers['content-type'] as string, /^text\/html/, url);
      assert.match(res.body, /<div id="root"><\/div>/, url);
    }
    const entry = /src="(\/assets\/index-[^"]+\.js)"/.exec(readFileSync(join(WEB_DIR, 'index.html'), 'utf8'))?.[1];
    assert.ok(entry);
    const js = await built.app.inject({ method: 'GET', url: entry });
    assert.equal(js.statusCode, 200);
    assert.match(js.headers['content-type'] as string, /javascript/);

    const api = await built.app.inject({ method: 'GET', url: '/api/v1/no-such-thing', headers: { 'accept-language': 'en' } });
    assert.equal(api.statusCode, 404);
    assert.match(api.headers['content-type'] as string, /^application\/problem\+json/);
    assert.equal(api.json().code, 'route.not_found');
    const asset = await built.app.inject({ method: 'GET', url: '/assets/missing.js' });
    assert.equal(asset.statusCode, 404);
    assert.equal(asset.json().code, 'route.not_found');
    const post = await built.app.inject({ method: 'POST', url: '/classes/1' });
    assert.equal(post.statusCode, 404, 'only GET gets the shell');
  });

  test('the trainee pages load without Ant Design or any admin page', () => {
    const manifest: Record<string, Chunk> = JSON.parse(readFileSync(join(WEB_DIR, '.vite', 'manifest.json'), 'utf8'));
    const files = new Set<string>();
    const visit = (key: string) => {
      const c = manifest[key];
      if (files.has(c.file)) return;
      files.add(c.file);
      for (const i of c.imports ?? []) visit(i);
    };
    visit('index.html');
    // The trainee pages' own page (t.html) imports the trainee app statically.
    visit('t.html');
    const code = [...files].map((f) => readFileSync(join(WEB_DIR, f), 'utf8')).join('\n');
    assert.equal(/ant-btn|antd|\.ant-/.test(code), false, 'no Ant Design in the trainee bundle');
    // The admin app and its pages are dynamic imports of the entry, never static ones.
    const entry = manifest['index.html'];
    assert.deepEqual(
      (entry.imports ?? []).filter((i) => manifest[i]?.file.includes('app-')),
      [],
    );
    assert.ok(entry.dynamicImports?.includes('src/web/admin/app.tsx'));
    // The trainee pages have their own page, t.html, served for /t and /t/….
    assert.ok(manifest['t.html']?.isEntry, 'the trainee pages are an entry of their own');
    assert.ok(existsSync(join(WEB_DIR, manifest['src/web/pages/class/timetable/index.tsx'].file)), 'the timetable is its own chunk');
  });
});
