// A trainee's phone session over HTTP: the invitation sets an HttpOnly cookie; /api/v1/me/… shows
// only the trainee's own data; every staff route answers 403; staff get 403 on the trainee routes.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../src/server/app';
import { runningClass } from '../support/attendance';
import { freshDatabase, type TestDatabase } from '../support/db';
import { appFor, loginHeaders, makeActor } from '../support/factories';
import { fillUrl, paramsForClass } from '../support/route-params';

let t: TestDatabase;
let app: FastifyInstance;
let services: Services;
let c: Awaited<ReturnType<typeof runningClass>>;
let trainee: Record<string, string>;
let staff: Record<string, string>;

async function openInvitation(enrolmentId: number) {
  const { token } = await services.trainee.issueInvitation(null, enrolmentId);
  const res = await app.inject({ method: 'POST', url: '/api/v1/trainee/session', payload: { token } });
  assert.equal(res.statusCode, 200, res.body);
  const cookie = res.cookies.find((k) => k.name === 'cohort_session')!;
  return { res, cookie, headers: { cookie: `cohort_session=${cookie.value}`, 'x-csrf-token': res.json().csrfToken as string } };
}

before(async () => {
  t = await freshDatabase('sqlite');
  const built = await appFor(t);
  app = built.app;
  services = built.services;
  c = await runningClass(services, { trainees: 4, names: ['扎西', '卓玛', '次仁', '白玛'] });
  trainee = (await openInvitation(c.enrolmentIds[0])).headers;
  const teacher = await makeActor(services, { role: 'class_teacher', scopeType: 'class', scopeId: c.classId });
  staff = await loginHeaders(app, teacher.username, teacher.password);
});
after(async () => {
  await app.close();
  await t.drop();
});

test('opening an invitation sets an HttpOnly, SameSite cookie and answers who the trainee is', async () => {
  const { res, cookie } = await openInvitation(c.enrolmentIds[1]);
  assert.equal(cookie.httpOnly, true);
  assert.equal(cookie.sameSite, 'Lax');
  assert.equal(cookie.path, '/');
  assert.ok(cookie.expires && cookie.expires.getTime() > Date.now() + 20 * 86_400_000, 'a phone stays signed in for the class');
  assert.equal(res.json().name, '卓玛');
  const bad = await app.inject({ method: 'POST', url: '/api/v1/trainee/session', payload: { token: 'a'.repeat(32) }, headers: { 'accept-language': 'en' } });
  assert.equal(bad.statusCode, 401);
  assert.equal(bad.json().code, 'invitation.invalid');
  assert.match(bad.json().title, /not valid or was revoked/);
  assert.equal(bad.headers['set-cookie'], undefined);
});

test('the trainee sees their own data only', async () => {
  const me = await app.inject({ method: 'GET', url: '/api/v1/me', headers: trainee });
  assert.equal(me.statusCode, 200);
  assert.deepEqual(
    me.json().enrolments.map((e: { enrolmentId: number }) => e.enrolmentId),
    [c.enrolmentIds[0]],
  );
  const own = await app.inject({ method: 'GET', url: `/api/v1/me/enrolments/${c.enrolmentIds[0]}/timetable`, headers: trainee });
  assert.equal(own.statusCode, 200);
  for (const path of ['timetable', 'group', 'badge', 'hours', 'leave-requests']) {
    const other = await app.inject({ method: 'GET', url: `/api/v1/me/enrolments/${c.enrolmentIds[1]}/${path}`, headers: trainee });
    assert.equal(other.statusCode, 404, `${path}: ${other.body}`);
  }
});

test('a trainee is refused every staff route (403), and staff every trainee route', async () => {
  const params = await paramsForClass(t.database, c.classId);
  // A route naming an entity this class does not have (a staff row, a photo…) cannot reach the
  // permission check and answers 404; every other one must be a plain 403.
  const real = (url: string) => [...url.matchAll(/:(\w+)/g)].every(([, name]) => params[name] && params[name] !== '999999');
  const routes = app.routeTable.filter((r) => r.url.startsWith('/api/v1'));
  let refused = 0;
  for (const r of routes) {
    const action = r.permission.action;
    if (action === 'public' || action === 'self' || action === 'authenticated') continue;
    const res = await app.inject({
      method: r.method as 'GET',
      url: fillUrl(r.url, params),
      headers: trainee,
      payload: r.method === 'GET' || r.method === 'DELETE' ? undefined : {},
    });
    if (real(r.url)) {
      assert.equal(res.statusCode, 403, `${r.method} ${r.url} (${action}) → ${res.statusCode} ${res.body.slice(0, 160)}`);
      refused += 1;
    } else assert.ok([403, 404].includes(res.statusCode), `${r.method} ${r.url} → ${res.statusCode}`);
  }
  assert.ok(refused > 60, `${refused} staff routes checked`);
  for (const r of routes.filter((x) => x.permission.action === 'self')) {
    const res = await app.inject({ method: r.method as 'GET', url: fillUrl(r.url, params), headers: staff, payload: r.method === 'GET' ? undefined : {} });
    assert.equal(res.statusCode, 403, `staff ${r.method} ${r.url} → ${res.statusCode}`);
  }
});

test('a trainee write without the CSRF token is refused; with it, the check-in goes through', async () => {
  const { code } = await services.attendance.checkInCode(c.sessionIds[0]);
  const noCsrf = await app.inject({ method: 'POST', url: '/api/v1/me/check-ins', headers: { cookie: trainee.cookie }, payload: { code } });
  assert.equal(noCsrf.statusCode, 403);
  assert.equal(noCsrf.json().code, 'auth.csrf');
  const ok = await app.inject({ method: 'POST', url: '/api/v1/me/check-ins', headers: trainee, payload: { code } });
  assert.equal(ok.statusCode, 200, ok.body);
  assert.equal(ok.json().outcome, 'recorded');
  const expired = await app.inject({
    method: 'POST',
    url: '/api/v1/me/check-ins',
    headers: { ...trainee, 'accept-language': 'zh-CN' },
    payload: { code: `${c.sessionIds[0]}.1.${'A'.repeat(22)}` },
  });
  assert.equal(expired.statusCode, 400);
  assert.equal(expired.json().code, 'checkin.code_invalid');
  assert.match(expired.json().title, /签到码无效/);
});

test('revoking the invitation signs the phone out', async () => {
  const admin = await makeActor(services, 'admin');
  const phone = await openInvitation(c.enrolmentIds[2]);
  assert.equal((await app.inject({ method: 'GET', url: '/api/v1/me', headers: phone.headers })).statusCode, 200);
  await services.trainee.revokeInvitation(admin, c.enrolmentIds[2]);
  assert.equal((await app.inject({ method: 'GET', url: '/api/v1/me', headers: phone.headers })).statusCode, 401);
});

test("the staff user list leaves out trainees' invitation accounts, and still shows each staff member's grants", async () => {
  const admin = await makeActor(services, 'admin');
  const res = await app.inject({ method: 'GET', url: '/api/v1/users', headers: await loginHeaders(app, admin.username, admin.password) });
  assert.equal(res.statusCode, 200, res.body);
  const users = res.json() as Array<{ username: string; isAdmin: boolean; grants: Array<{ role: string; scopeId: number }> }>;
  assert.ok(!users.some((u) => u.username.startsWith('trainee-')), 'no trainee accounts');
  const traineeAccounts = await t.database.db.selectFrom('users').select('id').where('person_id', 'is not', null).execute();
  assert.ok(traineeAccounts.length >= 2, 'the invitations opened above made trainee accounts');
  assert.ok(users.some((u) => u.isAdmin));
  assert.ok(users.some((u) => u.grants.some((g) => g.role === 'class_teacher' && g.scopeId === c.classId)));
});
