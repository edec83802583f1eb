import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { freshDatabase, type TestDatabase } from '../support/db';
import { appFor, loginHeaders, withDemo } from '../support/factories';

let t: TestDatabase;
let app: FastifyInstance;
let classId: number;
let teacher: Record<string, string>;

before(async () => {
  t = await freshDatabase('sqlite');
  const built = await appFor(t);
  app = built.app;
  ({ classId } = await withDemo(built.services));
  teacher = await loginHeaders(app, 'banzhuren', 'cohort-demo-2020');
});
after(async () => {
  await app.close();
  await t.drop();
});

test('the seed class through the API: 4 groups with representatives, 3 site visits, graduation agenda', async () => {
  const groups = (await app.inject({ url: `/api/v1/classes/${classId}/groups`, headers: teacher })).json();
  assert.deepEqual(
    groups.map((g: { leader: { name: string } }) => g.leader.name),
    ['徐爱国', '张建武', '扎西旺拉', '黄海明'],
  );
  const visits = (await app.inject({ url: `/api/v1/classes/${classId}/sessions?kind=site_visit`, headers: teacher })).json();
  assert.deepEqual(
    visits.map((v: { site: { name: string } }) => v.site.name),
    ['上海微技术工业研究院', '上海科技馆', '国家技术转移东部中心'],
  );
  assert.equal(visits[2].startsAt, '2020-10-20T05:30:00.000Z');
  const [ceremony] = (await app.inject({ url: `/api/v1/classes/${classId}/sessions?kind=ceremony`, headers: teacher })).json();
  assert.deepEqual(
    ceremony.agenda.filter((a: { kind: string }) => a.kind === 'speech').map((a: { speakerName: string }) => a.speakerName),
    ['徐爱国', '张建武', '扎西旺拉', '黄海明'],
  );
});

test('roster rows never carry the full ID number or encrypted columns', async () => {
  const res = await app.inject({ url: `/api/v1/classes/${classId}/enrolments`, headers: teacher });
  assert.equal(res.statusCode, 200);
  assert.equal(res.json().length, 32);
  assert.ok(!/id_number_enc|idNumberEnc|password/.test(res.body));
});

test('errors are problem+json in the request language, with the field named', async () => {
  const body = { kind: 'lecture', title: '讲座', startsAt: '2020-10-13T11:00:00+08:00', endsAt: '2020-10-13T09:00:00+08:00', hours: 2 };
  const zh = await app.inject({ method: 'POST', url: `/api/v1/classes/${classId}/sessions`, headers: teacher, payload: body });
  assert.equal(zh.statusCode, 400);
  assert.match(String(zh.headers['content-type']), /^application\/problem\+json/);
  assert.deepEqual(zh.json().errors, [{ field: 'endsAt', code: 'session.time_order', message: '结束时间必须晚于开始时间' }]);
  const en = await app.inject({
    method: 'POST',
    url: `/api/v1/classes/${classId}/sessions`,
    headers: { ...teacher, 'accept-language': 'en-GB,en;q=0.9' },
    payload: body,
  });
  assert.equal(en.json().errors[0].message, 'The end must be after the start');
  const missing = await app.inject({ method: 'POST', url: `/api/v1/classes/${classId}/groups`, headers: teacher, payload: { name: '  ' } });
  assert.deepEqual(
    missing.json().errors.map((e: { field: string; message: string }) => [e.field, e.message]),
    [['name', '必填']],
  );
  const notJson = await app.inject({
    method: 'POST',
    url: `/api/v1/classes/${classId}/groups`,
    headers: { ...teacher, 'content-type': 'application/json' },
    payload: '{"name":',
  });
  assert.equal(notJson.statusCode, 400);
  assert.equal(notJson.json().code, 'payload.invalid_json');
  const unknown = await app.inject({ url: '/api/v1/nothing-here', headers: teacher });
  assert.equal(unknown.statusCode, 404);
});

test('anonymous is 401 on class routes; a class teacher of another class is 403', async () => {
  assert.equal((await app.inject({ url: `/api/v1/classes/${classId}` })).statusCode, 401);
  assert.equal((await app.inject({ url: `/api/v1/classes/${classId}/enrolments` })).statusCode, 401);
});

test('login: wrong password and unknown user look the same; repeated failures are rate limited', async () => {
  const wrong = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { username: 'banzhuren', password: 'nope' },
    remoteAddress: '10.9.9.9',
  });
  const unknown = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'nobody', password: 'nope' }, remoteAddress: '10.9.9.9' });
  assert.equal(wrong.statusCode, 401);
  assert.equal(unknown.json().code, wrong.json().code);
  for (let i = 0; i < 5; i++)
    await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'yuchanghong', password: `bad${i}` }, remoteAddress: '10.9.9.8' });
  const limited = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { username: 'yuchanghong', password: 'cohort-demo-2020' },
    remoteAddress: '10.9.9.8',
  });
  assert.equal(limited.statusCode, 429);
  assert.equal(limited.json().code, 'auth.locked');
  const elsewhere = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { username: 'yuchanghong', password: 'cohort-demo-2020' },
    remoteAddress: '10.9.9.7',
  });
  assert.equal(elsewhere.statusCode, 200, 'another address is not locked out');
});

test('session cookie is HttpOnly and SameSite; security headers are set', async () => {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'banzhuren', password: 'cohort-demo-2020' } });
  const cookie = res.cookies.find((c) => c.name === 'cohort_session');
  assert.ok(cookie?.httpOnly);
  assert.equal(cookie?.sameSite, 'Lax');
  assert.match(String(res.headers['content-security-policy']), /default-src 'self'/);
  assert.equal(res.headers['x-content-type-options'], 'nosniff');
  assert.match(String(res.headers['x-frame-options']), /SAMEORIGIN|DENY/);
  assert.equal(res.headers['cross-origin-resource-policy'], 'same-origin');
  assert.equal(res.headers['origin-agent-cluster'], undefined, 'document-only headers are left off API answers');
  const page = await app.inject({ url: '/healthz' });
  assert.equal(page.headers['origin-agent-cluster'], '?1', 'everything else gets all of them');
  assert.equal(page.headers['cross-origin-opener-policy'], 'same-origin');
});

test('health, OpenAPI document and docs page', async () => {
  assert.deepEqual((await app.inject({ url: '/healthz' })).json(), { ok: true, database: 'reachable' });
  const doc = (await app.inject({ url: '/api/openapi.json' })).json();
  assert.equal(doc.openapi.slice(0, 1), '3');
  assert.ok(doc.paths['/api/v1/classes/{classId}/sessions'].post.requestBody);
  assert.ok(Object.keys(doc.paths).length > 20);
  assert.equal((await app.inject({ url: '/api/docs/' })).statusCode, 200);
});
