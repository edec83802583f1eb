import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import sharp from 'sharp';
import { PHOTO_MAX_BYTES, PHOTO_MAX_FILES } from '../../src/contracts/photos';
import type { Services } from '../../src/server/app';
import { CLASS, DEMO_PASSWORD, USERS } from '../../src/server/demo/seed-facts';
import { multipart, pdfText } from '../support/bulletin-files';
import { freshDatabase, type TestDatabase } from '../support/db';
import { appFor, loginHeaders, withDemo } from '../support/factories';

// Photos and bulletins through HTTP, as the web app and a phone use them: multipart uploads,
// who may do what, photo bytes behind the session, and the public link of a published issue.

describe('photos and bulletins over HTTP', () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let services: Services;
  let classId: number;
  let sessionId: number;
  const h: Record<string, Record<string, string>> = {};

  before(async () => {
    t = await freshDatabase('sqlite');
    const built = await appFor(t);
    app = built.app;
    services = built.services;
    classId = (await withDemo(services)).classId;
    sessionId = (await services.timetable.listSessions(classId, { kind: 'lecture' }))[0].id;
    for (const [role, u] of Object.entries(USERS)) h[role] = await loginHeaders(app, u.username, DEMO_PASSWORD);
  });
  after(async () => {
    await app.close();
    await t.drop();
  });

  const upload = (who: Record<string, string>, files: Parameters<typeof multipart>[0], lang = 'zh-CN') => {
    const body = multipart(files);
    return app.inject({
      method: 'POST',
      url: `/api/v1/sessions/${sessionId}/photos`,
      headers: { ...who, ...body.headers, 'accept-language': lang },
      payload: body.payload,
    });
  };
  const jpeg = () =>
    sharp({ create: { width: 1200, height: 900, channels: 3, background: '#2e86c1' } })
      .jpeg()
      .toBuffer();

  test('the class teacher uploads several photos from a phone in one request', async () => {
    const res = await upload(h.classTeacher, [
      { filename: 'IMG_0001.JPG', data: await jpeg() },
      { filename: 'IMG_0002.JPG', data: await jpeg() },
    ]);
    assert.equal(res.statusCode, 201, res.body);
    const { photos } = res.json();
    assert.equal(photos.length, 2);
    assert.match(photos[0].urls.display, /^\/api\/v1\/photos\/\d+\/display$/);
    const img = await app.inject({ method: 'GET', url: photos[0].urls.display, headers: { cookie: h.sponsor.cookie } });
    assert.equal(img.statusCode, 200);
    assert.equal(img.headers['content-type'], 'image/jpeg');
    assert.match(String(img.headers['cache-control']), /private/);
    const again = await app.inject({
      method: 'GET',
      url: photos[0].urls.display,
      headers: { cookie: h.sponsor.cookie, 'if-none-match': String(img.headers.etag) },
    });
    assert.equal(again.statusCode, 304);
    assert.equal((await app.inject({ method: 'GET', url: photos[0].urls.display })).statusCode, 401, 'not without signing in');
  });

  test('readers may not upload, caption or delete; the lecturer and sponsor see the wall', async () => {
    for (const role of ['sponsor', 'lecturer'] as const) {
      assert.equal((await upload(h[role], [{ filename: 'x.jpg', data: await jpeg() }])).statusCode, 403, role);
      const wall = await app.inject({ method: 'GET', url: `/api/v1/classes/${classId}/photos`, headers: h[role] });
      assert.equal(wall.statusCode, 200, role);
      assert.ok(wall.json().total >= 10);
    }
    const [photo] = (await app.inject({ method: 'GET', url: `/api/v1/sessions/${sessionId}/photos`, headers: h.sponsor })).json();
    assert.equal((await app.inject({ method: 'PATCH', url: `/api/v1/photos/${photo.id}`, headers: h.sponsor, payload: { caption: 'x' } })).statusCode, 403);
    assert.equal((await app.inject({ method: 'DELETE', url: `/api/v1/photos/${photo.id}`, headers: h.lecturer })).statusCode, 403);
    const patched = await app.inject({ method: 'PATCH', url: `/api/v1/photos/${photo.id}`, headers: h.classTeacher, payload: { caption: '专题讲座现场' } });
    assert.equal(patched.json().caption, '专题讲座现场');
  });

  test('bad files are refused by name, in the user’s language, and nothing is kept', async () => {
    const before = (await services.photos.listSession(sessionId)).length;
    const res = await upload(h.classTeacher, [
      { filename: 'good.jpg', data: await jpeg() },
      { filename: '会议纪要.jpg', data: Buffer.from('%PDF-1.4 not an image') },
    ]);
    assert.equal(res.statusCode, 400);
    assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
    const body = res.json();
    assert.deepEqual(
      body.errors.map((e: { field: string; code: string }) => [e.field, e.code]),
      [['files[1]', 'photo.unsupported_type']],
    );
    assert.equal(body.errors[0].message, '“会议纪要.jpg”不是 JPEG、PNG、WebP 或 HEIF 图片');
    const en = await upload(h.classTeacher, [{ filename: 'notes.jpg', data: Buffer.from('hello') }], 'en');
    assert.equal(en.json().errors[0].message, '“notes.jpg” is not a JPEG, PNG, WebP or HEIF image');
    const big = await upload(h.classTeacher, [{ filename: 'big.jpg', data: Buffer.concat([await jpeg(), Buffer.alloc(PHOTO_MAX_BYTES)]) }]);
    assert.equal(big.statusCode, 400);
    assert.deepEqual(big.json().errors[0].code, 'photo.too_large');
    const many = await upload(
      h.classTeacher,
      Array.from({ length: PHOTO_MAX_FILES + 1 }, (_, i) => ({ filename: `${i}.jpg`, data: Buffer.from('x') })),
    );
    assert.equal(many.statusCode, 400);
    assert.equal(many.json().errors[0].code, 'photo.too_many_files');
    const json = await app.inject({ method: 'POST', url: `/api/v1/sessions/${sessionId}/photos`, headers: h.classTeacher, payload: { files: [] } });
    assert.equal(json.statusCode, 415);
    assert.equal((await services.photos.listSession(sessionId)).length, before, 'nothing was kept');
  });

  test('bulletins: readers see published issues only; the teacher edits, publishes and shares a public link', async () => {
    const list = (who: Record<string, string>) => app.inject({ method: 'GET', url: `/api/v1/classes/${classId}/bulletins`, headers: who });
    const [draft] = (await list(h.classTeacher)).json();
    assert.equal(draft.status, 'draft');
    assert.deepEqual((await list(h.sponsor)).json(), []);
    assert.equal((await app.inject({ method: 'GET', url: `/api/v1/bulletins/${draft.id}`, headers: h.sponsor })).statusCode, 404);
    assert.equal((await app.inject({ method: 'GET', url: `/api/v1/bulletins/${draft.id}/pdf`, headers: h.lecturer })).statusCode, 404);
    assert.equal((await app.inject({ method: 'GET', url: `/api/v1/bulletins/${draft.id}/versions`, headers: h.sponsor })).statusCode, 403);

    const full = (await app.inject({ method: 'GET', url: `/api/v1/bulletins/${draft.id}`, headers: h.classTeacher })).json();
    assert.equal(full.canEdit, true);
    const content = full.content;
    content.sections[0].items[0].blocks.unshift({ type: 'text', html: '<p onclick="alert(1)">新增一段<script>alert(2)</script></p>' });
    const saved = await app.inject({
      method: 'PUT',
      url: `/api/v1/bulletins/${draft.id}`,
      headers: h.classTeacher,
      payload: { revision: full.revision, title: full.title, issueNumber: 1, issueDate: full.issueDate, content, note: '补充' },
    });
    assert.equal(saved.statusCode, 200, saved.body);
    assert.equal(saved.json().content.sections[0].items[0].blocks[0].html, '<p>新增一段</p>');
    const stale = await app.inject({
      method: 'PUT',
      url: `/api/v1/bulletins/${draft.id}`,
      headers: h.classTeacher,
      payload: { revision: full.revision, title: full.title, issueNumber: 1, issueDate: full.issueDate, content, note: null },
    });
    assert.equal(stale.statusCode, 409);
    assert.equal(stale.json().code, 'bulletin.stale');
    const badDate = await app.inject({
      method: 'PUT',
      url: `/api/v1/bulletins/${draft.id}`,
      headers: h.classTeacher,
      payload: { revision: saved.json().revision, title: '', issueNumber: 1, issueDate: '2020-02-30', content, note: null },
    });
    assert.equal(badDate.statusCode, 400);
    assert.deepEqual(
      badDate
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
      ['issueDate', 'title'],
    );

    const page = await app.inject({ method: 'GET', url: `/api/v1/bulletins/${draft.id}/page`, headers: h.classTeacher });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /草稿/);

    const published = await app.inject({
      method: 'POST',
      url: `/api/v1/bulletins/${draft.id}/publish`,
      headers: h.classTeacher,
      payload: { revision: saved.json().revision, makePublic: true },
    });
    assert.equal(published.statusCode, 200, published.body);
    const path: string = published.json().publicPath;
    assert.match(path, /^\/b\/[A-Za-z0-9_-]{32}$/);
    assert.equal((await list(h.sponsor)).json().length, 1, 'the sponsor sees it now');
    const sponsorPdf = await app.inject({ method: 'GET', url: `/api/v1/bulletins/${draft.id}/pdf`, headers: h.sponsor });
    assert.equal(sponsorPdf.statusCode, 200);
    assert.match(String(sponsorPdf.headers['content-disposition']), /attachment; .*filename\*=UTF-8''/);
    assert.ok(pdfText(sponsorPdf.rawPayload).includes(CLASS.title));

    // The public page needs no session, carries the CSP, and serves only this issue's photos.
    const pub = await app.inject({ method: 'GET', url: path });
    assert.equal(pub.statusCode, 200);
    assert.match(String(pub.headers['content-type']), /text\/html/);
    assert.match(String(pub.headers['content-security-policy']), /script-src 'self'/);
    assert.equal(pub.headers['referrer-policy'], 'no-referrer');
    assert.ok(!pub.body.includes('<script'), 'the page has no script at all');
    assert.ok(!pub.body.includes('/api/v1/'), 'no links that need a session');
    const imgs = [...pub.body.matchAll(/<img src="([^"]+)"/g)].map((m) => m[1]);
    assert.ok(imgs.length >= 8);
    const img = await app.inject({ method: 'GET', url: imgs[0] });
    assert.equal(img.statusCode, 200);
    assert.equal(img.headers['content-type'], 'image/jpeg');
    const photoInIssue = Number(/photos\/(\d+)\//.exec(imgs[0])![1]);
    const other = (await services.photos.listSession(sessionId))[0].id;
    assert.notEqual(other, photoInIssue);
    assert.equal((await app.inject({ method: 'GET', url: `${path}/photos/${other}/display` })).statusCode, 404, 'a photo not in the issue is not served');
    assert.equal((await app.inject({ method: 'GET', url: `${path}/pdf` })).headers['content-type'], 'application/pdf');
    const docx = await app.inject({ method: 'GET', url: `${path}/docx` });
    assert.equal(docx.rawPayload.subarray(0, 2).toString(), 'PK');
    const wrong = await app.inject({ method: 'GET', url: '/b/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' });
    assert.equal(wrong.statusCode, 404);
    assert.match(wrong.body, /此简报链接无效或已停用/);

    // Withdraw the link: the old address stops working.
    const off = await app.inject({ method: 'PUT', url: `/api/v1/bulletins/${draft.id}/public-link`, headers: h.classTeacher, payload: { enabled: false } });
    assert.equal(off.json().publicPath, null);
    assert.equal((await app.inject({ method: 'GET', url: path })).statusCode, 404);
    assert.equal((await app.inject({ method: 'GET', url: imgs[0] })).statusCode, 404);

    // Published: editing is refused with a clear message; a new issue can be drafted.
    const locked = await app.inject({
      method: 'PUT',
      url: `/api/v1/bulletins/${draft.id}`,
      headers: h.classTeacher,
      payload: { revision: published.json().revision, title: full.title, issueNumber: 1, issueDate: full.issueDate, content, note: null },
    });
    assert.equal(locked.statusCode, 409);
    assert.equal(locked.json().title, '简报第 1 期已发布，不能再修改；如需更正请编写新的一期');
    const next = await app.inject({ method: 'POST', url: `/api/v1/classes/${classId}/bulletins`, headers: h.classTeacher, payload: { draft: {} } });
    assert.equal(next.statusCode, 201);
    assert.equal(next.json().issueNumber, 2);
    assert.equal((await app.inject({ method: 'POST', url: `/api/v1/classes/${classId}/bulletins`, headers: h.sponsor, payload: {} })).statusCode, 403);
    const preview = await app.inject({
      method: 'GET',
      url: `/api/v1/classes/${classId}/bulletin-draft?kinds=ceremony&from=2020-10-26`,
      headers: h.classTeacher,
    });
    assert.deepEqual(
      preview.json().content.sections.map((s: { title: string }) => s.title),
      ['【结业式】'],
    );
  });
});
