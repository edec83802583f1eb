import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../src/server/app';
import { readZipDirectory } from '../../src/server/documents/zip';
import { localDay } from '../../src/server/modules/attendance/summary';
import { craftedClass } from '../support/certificate-class';
import { freshDatabase, type TestDatabase } from '../support/db';
import { appFor, loginHeaders, makeActor } from '../support/factories';

// The certificate routes over HTTP: who may do what, the public verification pages (HTML), the
// credential upload, JWKS, jobs and downloads, the trainee's own list, and the rate limit.

let t: TestDatabase;
let app: FastifyInstance;
let services: Services;
let classId: number;
let enrolments: Map<string, number>;
const h: Record<string, Record<string, string>> = {};

before(async () => {
  t = await freshDatabase('sqlite');
  const built = await appFor(t);
  app = built.app;
  services = built.services;
  const made = await craftedClass(services, [{ name: '全勤甲' }, { name: '扎西旺拉', nameBo: 'བཀྲ་ཤིས་དབང་ལྷ' }, { name: '请假两次', leave: 2 }]);
  classId = made.classId;
  enrolments = made.enrolments;
  const actors = {
    organizer: await makeActor(services, { role: 'organizer', scopeType: 'institution', scopeId: made.institutionId }),
    teacher: await makeActor(services, { role: 'class_teacher', scopeType: 'class', scopeId: classId }),
    sponsor: await makeActor(services, { role: 'sponsor', scopeType: 'programme', scopeId: made.programmeId }),
    lecturer: await makeActor(services, { role: 'lecturer', scopeType: 'class', scopeId: classId }),
    admin: await makeActor(services, 'admin'),
  };
  for (const [role, a] of Object.entries(actors)) h[role] = await loginHeaders(app, a.username, a.password);
});
after(async () => {
  await app.close();
  await t.drop();
});

const get = (url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers });
const post = (url: string, headers: Record<string, string>, payload: unknown = {}) => app.inject({ method: 'POST', url, headers, payload: payload as object });

test('eligibility: readers see it with reasons in their language; the lecturer and strangers do not', async () => {
  const res = await get(`/api/v1/classes/${classId}/completion`, { ...h.sponsor, 'accept-language': 'en' });
  assert.equal(res.statusCode, 200);
  const body = res.json();
  assert.equal(body.counts.eligible, 2);
  const failing = body.rows.find((r: { name: string }) => r.name === '请假两次');
  assert.equal(failing.reasons[1].message, 'On leave 28.6% (6 of 21 hours), above the limit of 14.3%');
  assert.equal((await get(`/api/v1/classes/${classId}/completion`, h.lecturer)).statusCode, 403);
  assert.equal((await get(`/api/v1/classes/${classId}/completion`)).statusCode, 401);
});

test('the completion rule and exceptions are the organizer’s; bad input names the field', async () => {
  assert.equal(
    (await app.inject({ method: 'PATCH', url: `/api/v1/classes/${classId}/completion/rule`, headers: h.teacher, payload: { requireReflections: true } }))
      .statusCode,
    403,
  );
  const bad = await app.inject({
    method: 'PATCH',
    url: `/api/v1/classes/${classId}/completion/rule`,
    headers: h.organizer,
    payload: { serialPattern: 'SKGY-{year}' },
  });
  assert.equal(bad.statusCode, 400);
  assert.deepEqual(
    bad.json().errors.map((e: { field: string; code: string }) => [e.field, e.code]),
    [['serialPattern', 'serial.pattern_seq']],
  );
  const ok = await app.inject({
    method: 'PATCH',
    url: `/api/v1/classes/${classId}/completion/rule`,
    headers: h.organizer,
    payload: { serialPattern: 'SKGY-{year}-XZ-{seq:3}' },
  });
  assert.equal(ok.statusCode, 200);
  assert.equal(ok.json().serialExample, 'SKGY-2026-XZ-001');
  const shortReason = await app.inject({
    method: 'PUT',
    url: `/api/v1/classes/${classId}/completion/exceptions/${enrolments.get('请假两次')}`,
    headers: h.organizer,
    payload: { decision: 'eligible', reason: 'x' },
  });
  assert.equal(shortReason.statusCode, 400);
  assert.equal(shortReason.json().errors[0].message, '请填写原因（至少 2 个字）');
});

let tokenOf: Record<string, string> = {};
let idOf: Record<string, number> = {};

test('issuing is for the class teacher and organizer; the sponsor may not', async () => {
  assert.equal((await post(`/api/v1/classes/${classId}/certificates/issue`, h.sponsor)).statusCode, 403);
  const res = await post(`/api/v1/classes/${classId}/certificates/issue`, h.teacher);
  assert.equal(res.statusCode, 200);
  const issued = res.json().issued as Array<{ id: number; name: string; serial: string; verifyUrl: string }>;
  assert.deepEqual(issued.map((c) => c.serial).sort(), ['SKGY-2026-XZ-001', 'SKGY-2026-XZ-002']);
  tokenOf = Object.fromEntries(issued.map((c) => [c.name, c.verifyUrl.split('/verify/')[1]]));
  idOf = Object.fromEntries(issued.map((c) => [c.name, c.id]));
});

test('the public page for a token shows the certificate, and nothing the issue does not allow', async () => {
  const res = await get(`/verify/${tokenOf.扎西旺拉}`);
  assert.equal(res.statusCode, 200);
  assert.match(String(res.headers['content-type']), /text\/html/);
  assert.match(String(res.headers['content-security-policy']), /default-src 'self'/);
  assert.ok(res.body.includes('有效证书'));
  assert.ok(res.body.includes('扎西旺拉') && res.body.includes('བཀྲ་ཤིས་དབང་ལྷ'));
  assert.ok(res.body.includes('2026年3月2日至3月13日'));
  // The serial and the issue date are shown (#10), nothing else the issue does not allow.
  assert.ok(res.body.includes('SKGY-2026'), 'the serial is shown');
  assert.ok(res.body.includes('颁发日期'));
  assert.ok(!res.body.includes('身份证'));
  const en = await get(`/verify/${tokenOf.扎西旺拉}?lang=en`);
  assert.ok(en.body.includes('Valid certificate'));
  const unknown = await get(`/verify/${'A'.repeat(43)}`);
  assert.equal(unknown.statusCode, 404);
  assert.ok(unknown.body.includes('该验证链接无效'));
});

test('revocation is reflected on the verification page, with its date', async () => {
  const res = await post(`/api/v1/classes/${classId}/certificates/${idOf.全勤甲}/revoke`, h.teacher, { reason: '信息有误' });
  assert.equal(res.statusCode, 200);
  // The day in the class's time zone (Beijing), as the page writes days.
  const [y, m, d] = localDay(res.json().revokedAt, 'Asia/Shanghai').split('-').map(Number);
  const page = await get(`/verify/${tokenOf.全勤甲}`);
  assert.ok(page.body.includes('证书已撤销'));
  assert.ok(page.body.includes(`（${y}年${m}月${d}日）`), page.body);
  const json = await get(`/api/v1/public/verify/${tokenOf.全勤甲}`);
  assert.equal(json.json().status, 'revoked');
});

test('verification by serial and name; a wrong name finds nothing', async () => {
  const serial = (await services.certificates.list(classId)).find((c) => c.name === '扎西旺拉')!.serial;
  const right = await get(`/verify?serial=${encodeURIComponent(serial)}&name=${encodeURIComponent('扎西旺拉')}`);
  assert.equal(right.statusCode, 200);
  assert.ok(right.body.includes('有效证书'));
  const wrong = await get(`/verify?serial=${encodeURIComponent(serial)}&name=${encodeURIComponent('全勤甲')}`);
  assert.equal(wrong.statusCode, 404);
  assert.ok(wrong.body.includes('未找到与之相符的证书'));
  const form = await get('/verify');
  assert.equal(form.statusCode, 200);
  assert.ok(form.body.includes('name="serial"') && form.body.includes('/verify/verify.js'));
});

test('an uploaded credential is checked for signature and status; a changed one fails', async () => {
  const file = await get(`/api/v1/classes/${classId}/certificates/${idOf.扎西旺拉}/credential`, h.sponsor);
  assert.equal(file.statusCode, 200);
  assert.match(String(file.headers['content-disposition']), /filename\*=UTF-8''SKGY-2026-XZ-00\d_%E6%89%8E/);
  const jwt = file.body;
  const res = await app.inject({
    method: 'POST',
    url: '/verify/credential',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ credential: jwt }).toString(),
  });
  assert.equal(res.statusCode, 200);
  assert.ok(res.body.includes('电子签名有效') && res.body.includes('有效证书'));
  const [hd, pl, sg] = jwt.split('.');
  const changed = `${hd}.${pl.slice(0, 30)}${pl[30] === 'A' ? 'B' : 'A'}${pl.slice(31)}.${sg}`;
  const bad = await app.inject({
    method: 'POST',
    url: '/verify/credential',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ credential: changed }).toString(),
  });
  assert.equal(bad.statusCode, 422);
  assert.ok(bad.body.includes('电子签名无效'));
  const revoked = await get(`/api/v1/classes/${classId}/certificates/${idOf.全勤甲}/credential`, h.teacher);
  const r2 = await app.inject({ method: 'POST', url: '/verify/credential', headers: { 'content-type': 'text/plain' }, payload: revoked.body });
  assert.ok(r2.body.includes('电子签名有效') && r2.body.includes('证书已撤销'));
});

test('the JWKS is public and holds public keys only; key listing and rotation are for the administrator', async () => {
  const res = await get('/.well-known/jwks.json');
  assert.equal(res.statusCode, 200);
  const { keys } = res.json();
  assert.ok(keys.length >= 1);
  for (const k of keys) {
    assert.equal(k.kty, 'OKP');
    assert.equal(k.crv, 'Ed25519');
    assert.equal(k.d, undefined);
  }
  const cls = await services.classes.getClass(null, classId);
  assert.equal((await get(`/api/v1/institutions/${cls.institutionId}/signing-keys`, h.organizer)).statusCode, 403);
  const listed = await get(`/api/v1/institutions/${cls.institutionId}/signing-keys`, h.admin);
  assert.equal(listed.statusCode, 200);
  assert.ok(!listed.body.includes('"d"') && !listed.body.includes('private'));
});

test('downloads: one PDF, and a zip made by a background job whose progress any reader can poll', async () => {
  const pdf = await get(`/api/v1/classes/${classId}/certificates/${idOf.扎西旺拉}/pdf`, h.sponsor);
  assert.equal(pdf.statusCode, 200);
  assert.equal(pdf.headers['content-type'], 'application/pdf');
  assert.ok(pdf.rawPayload.subarray(0, 5).toString() === '%PDF-');
  assert.equal((await post(`/api/v1/classes/${classId}/certificate-jobs`, h.sponsor, { kind: 'issue' })).statusCode, 403);
  // Starting a batch is heavy work, for those who run the class (#14); the sponsor downloads its file.
  assert.equal((await post(`/api/v1/classes/${classId}/certificate-jobs`, h.sponsor, { kind: 'bundle', format: 'zip' })).statusCode, 403);
  const started = await post(`/api/v1/classes/${classId}/certificate-jobs`, h.teacher, { kind: 'bundle', format: 'zip' });
  assert.equal(started.statusCode, 202);
  await services.certificates.drain();
  const job = await get(`/api/v1/classes/${classId}/certificate-jobs/${started.json().id}`, h.teacher);
  assert.equal(job.json().status, 'done');
  assert.equal(job.json().done, 1);
  const file = await get(`/api/v1/classes/${classId}/certificate-jobs/${started.json().id}/file`, h.sponsor);
  assert.equal(file.statusCode, 200);
  assert.equal(file.headers['content-type'], 'application/zip');
  assert.deepEqual(
    (await readZipDirectory(file.rawPayload)).map((e) => e.name),
    [`${(await services.certificates.list(classId)).find((c) => c.name === '扎西旺拉')!.serial}_扎西旺拉.pdf`],
  );
});

test('a trainee sees and downloads their own certificates, and no one else’s', async () => {
  const { token } = await services.trainee.issueInvitation(null, enrolments.get('扎西旺拉')!);
  const session = await post('/api/v1/trainee/session', {}, { token });
  assert.equal(session.statusCode, 200);
  const cookie = session.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  const mine = await get('/api/v1/me/certificates', { cookie });
  assert.equal(mine.statusCode, 200);
  assert.deepEqual(
    mine.json().map((c: { status: string }) => c.status),
    ['valid'],
  );
  const own = await get(`/api/v1/me/certificates/${mine.json()[0].id}/pdf`, { cookie });
  assert.equal(own.statusCode, 200);
  const other = await get(`/api/v1/me/certificates/${idOf.全勤甲}/pdf`, { cookie });
  assert.equal(other.statusCode, 404);
  assert.equal((await get('/api/v1/me/certificates', h.teacher)).statusCode, 403);
});

test('the public pages are rate-limited per address (counted in the database)', async () => {
  const statuses: number[] = [];
  // 61 requests cannot all fit in windows of 30, even if a minute boundary passes in between.
  for (let i = 0; i < 61; i++) statuses.push((await get(`/api/v1/public/verify/${'B'.repeat(43)}`)).statusCode);
  assert.ok(statuses.includes(429));
  const limited = await get(`/api/v1/public/verify/${'B'.repeat(43)}`);
  if (limited.statusCode === 429) assert.match(String(limited.headers['content-type']), /problem\+json/);
  const page = await get(`/verify/${tokenOf.扎西旺拉}`);
  if (page.statusCode === 429) assert.ok(page.body.includes('查询过于频繁'));
});
