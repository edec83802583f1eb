import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { tibetanFont } from '../../src/server/modules/certificates/verify-page';
import { VERIFY_BO } from '../../src/server/modules/certificates/verify-page-bo';
import { DATABASES, freshDatabase, type TestDatabase } from '../support/db';
import { appFor } from '../support/factories';

// The verification page's languages over HTTP (#15): ?lang=bo or a Tibetan browser gets Tibetan,
// and the Tibetan web font it names is served, cached for good under its content hash.
for (const kind of DATABASES) {
  describe(`verification page languages (${kind})`, () => {
    let t: TestDatabase;
    let app: FastifyInstance;
    before(async () => {
      t = await freshDatabase(kind);
      app = (await appFor(t)).app;
    });
    after(async () => {
      await app.close();
      await t.drop();
    });

    test('?lang=bo and a browser asking for Tibetan first get the page in Tibetan', async () => {
      const asked = await app.inject({ url: '/verify?lang=bo' });
      assert.equal(asked.statusCode, 200);
      assert.ok(asked.body.includes('<html lang="bo">') && asked.body.includes(VERIFY_BO.title));
      const browser = await app.inject({ url: '/verify', headers: { 'accept-language': 'bo-CN,bo;q=0.9,zh-CN;q=0.8' } });
      assert.ok(browser.body.includes('<html lang="bo">'));
      const chinese = await app.inject({ url: '/verify', headers: { 'accept-language': 'zh-CN,bo;q=0.9' } });
      assert.ok(chinese.body.includes('<html lang="zh-CN">') && chinese.body.includes('结业证书验证'));
      const unknown = await app.inject({ url: '/verify?lang=fr' });
      assert.ok(unknown.body.includes('<html lang="zh-CN">'));
    });

    test('the font the page names is served as woff2, immutable; other names are not found', async () => {
      const font = tibetanFont();
      const res = await app.inject({ url: font.path });
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['content-type'], 'font/woff2');
      assert.match(String(res.headers['cache-control']), /max-age=31536000, immutable/);
      assert.ok(res.rawPayload.equals(font.data));
      assert.equal((await app.inject({ url: '/verify/fonts/tibetan-000000000000.woff2' })).statusCode, 404);
      assert.equal((await app.inject({ url: '/verify/fonts/../../etc/passwd' })).statusCode, 404);
    });
  });
}
