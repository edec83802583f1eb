import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../src/server/app';
import { ACTIONS, type Action } from '../../src/server/lib/permissions';
import { freshDatabase, type TestDatabase } from '../support/db';
import { appFor, loginHeaders, withDemo } from '../support/factories';
import { fillUrl, paramsForClass } from '../support/route-params';

// Who may do what, written out by hand rather than read from ROLE_ACTIONS, so that widening a
// role in the code without changing this table fails the test. Roles are the demo class's
// people; `other_*` hold the same role elsewhere (another class, another institution).
type BaseRole = 'anonymous' | 'admin' | 'organizer' | 'class_teacher' | 'lecturer' | 'sponsor' | 'trainee';
type Role = BaseRole | 'other_class_teacher' | 'other_organizer';
const STAFF: BaseRole[] = ['admin', 'organizer', 'class_teacher', 'lecturer', 'sponsor'];
const CLASS_READERS: BaseRole[] = ['admin', 'organizer', 'class_teacher', 'lecturer', 'sponsor'];
const CLASS_WRITERS: BaseRole[] = ['admin', 'organizer', 'class_teacher'];
const EXPECTED: Record<Action, BaseRole[]> = {
  public: ['anonymous', 'trainee', ...STAFF],
  authenticated: ['trainee', ...STAFF],
  self: ['trainee'],
  staff: STAFF,
  admin: ['admin'],
  'institution.read': ['admin', 'organizer', 'class_teacher', 'lecturer'],
  'institution.manage': ['admin', 'organizer'],
  'programme.read': ['admin', 'organizer', 'sponsor'],
  'programme.manage': ['admin', 'organizer'],
  'class.read': CLASS_READERS,
  'class.manage': ['admin', 'organizer'],
  'class.run': CLASS_WRITERS,
  'roster.read': ['admin', 'organizer', 'class_teacher', 'sponsor'],
  'roster.write': CLASS_WRITERS,
  'roster.reveal': CLASS_WRITERS,
  'timetable.read': CLASS_READERS,
  'timetable.write': CLASS_WRITERS,
  'audit.read': CLASS_WRITERS,
  'attendance.read': ['admin', 'organizer', 'class_teacher', 'sponsor'],
  'attendance.record': CLASS_WRITERS,
  'leave.decide': CLASS_WRITERS,
  'invitation.manage': CLASS_WRITERS,
  'hours.report': ['admin', 'organizer'],
  'photo.read': CLASS_READERS,
  'photo.write': CLASS_WRITERS,
  'bulletin.read': CLASS_READERS,
  'bulletin.write': CLASS_WRITERS,
  'evaluation.read': ['admin', 'organizer', 'class_teacher', 'sponsor'],
  'evaluation.read_own': CLASS_READERS,
  'evaluation.manage': CLASS_WRITERS,
  'evaluation.remind': CLASS_WRITERS,
  'certificates.read': ['admin', 'organizer', 'class_teacher', 'sponsor'],
  'certificates.issue': CLASS_WRITERS,
  'completion.manage': ['admin', 'organizer'],
  // Staff accounts (#9): the institution's 教务 office looks after its own staff's accounts.
  'account.manage': ['admin', 'organizer'],
  // Buses (#18): the class's staff, and a bus company's account reads the manifests (residence-providers.test.ts).
  'vehicle.read': CLASS_WRITERS,
  'vehicle.write': CLASS_WRITERS,
  // Residence (#18): class staff; hotel and transport accounts are tested in residence-providers.test.ts.
  'rooms.read': CLASS_WRITERS,
  'rooms.write': CLASS_WRITERS,
  'meals.read': CLASS_WRITERS,
  'meals.write': CLASS_WRITERS,
  'travel.read': CLASS_WRITERS,
  'travel.write': CLASS_WRITERS,
  // After the class (#19).
  'reflection.review': CLASS_WRITERS,
  'appraisal.write': CLASS_WRITERS,
  'appraisal.unlock': ['admin', 'organizer'],
  // Action plans and the follow-up (#19): the class's staff manage; the organizer and sponsor read the report.
  'followup.manage': CLASS_WRITERS,
  'followup.report': ['admin', 'organizer', 'sponsor'],
  'hours.recognise': ['admin', 'organizer'],
  'handbook.read': CLASS_WRITERS,
  'handbook.write': CLASS_WRITERS,
};

let t: TestDatabase;
let app: FastifyInstance;
let services: Services;
const headers = new Map<Role, Record<string, string>>();
let params: Record<string, string>;

before(async () => {
  t = await freshDatabase('sqlite');
  const built = await appFor(t);
  app = built.app;
  services = built.services;
  const { classId, password } = await withDemo(services);
  params = await paramsForClass(t.database, classId);
  // A second class in the same programme with its own class teacher, and a second institution.
  const cls = await services.classes.getClass(null, classId);
  const otherClass = await services.classes.createClass(null, cls.programmeId, {
    title: '另一个培训班',
    startsOn: '2026-05-01',
    endsOn: '2026-05-10',
    timeZone: 'Asia/Shanghai',
    leaveLimitRatio: 1 / 7,
    minAttendanceRatio: 0.8,
    lateGraceMinutes: 10,
  });
  const otherTeacher = await services.auth.createUser(null, { username: 'other-teacher', displayName: '别班班主任', password: 'other-password-1' });
  await services.classes.addStaff(null, otherClass, { userId: otherTeacher, role: 'class_teacher' });
  const otherInstitution = await services.classes.createInstitution(null, { name: '别的学院', code: 'OTHER' });
  const otherOrganizer = await services.auth.createUser(null, { username: 'other-organizer', displayName: '别院教务', password: 'other-password-2' });
  await services.auth.grant(null, otherOrganizer, { role: 'organizer', scopeType: 'institution', scopeId: otherInstitution });

  headers.set('anonymous', {});
  headers.set('admin', await loginHeaders(app, 'admin', password));
  headers.set('organizer', await loginHeaders(app, 'yuchanghong', password));
  headers.set('class_teacher', await loginHeaders(app, 'banzhuren', password));
  headers.set('lecturer', await loginHeaders(app, 'zhangchunyu', password));
  headers.set('sponsor', await loginHeaders(app, 'xiaojianxin', password));
  headers.set('other_class_teacher', await loginHeaders(app, 'other-teacher', 'other-password-1'));
  headers.set('other_organizer', await loginHeaders(app, 'other-organizer', 'other-password-2'));
  // A trainee of the demo class, signed in on a phone by the personal invitation.
  const { token } = await services.trainee.issueInvitation(null, Number(params.enrolmentId));
  const opened = await app.inject({ method: 'POST', url: '/api/v1/trainee/session', payload: { token } });
  assert.equal(opened.statusCode, 200, opened.body);
  const me = await app.inject({ url: '/api/v1/me', headers: { cookie: opened.cookies.map((c) => `${c.name}=${c.value}`).join('; ') } });
  const csrf =
    me.json().csrfToken ??
    (await app.inject({ url: '/api/v1/auth/me', headers: { cookie: opened.cookies.map((c) => `${c.name}=${c.value}`).join('; ') } })).json().csrfToken;
  headers.set('trainee', { cookie: opened.cookies.map((c) => `${c.name}=${c.value}`).join('; '), 'x-csrf-token': csrf });
});
after(async () => {
  await app.close();
  await t.drop();
});

/**
 * Whether a role may call a route with this action and scope on the demo class's rows. Grants sit
 * at a level: class roles reach institution-level routes only for the shared pools
 * (institution.read); a sponsor's programme grant reaches no institution-level route; holders of
 * a role elsewhere reach nothing scoped here.
 */
function allowed(role: Role, action: Action, scope: string | undefined): boolean {
  const base: BaseRole = role === 'other_class_teacher' ? 'class_teacher' : role === 'other_organizer' ? 'organizer' : role;
  if (!EXPECTED[action].includes(base)) return false;
  const level =
    scope === undefined ? 'none' : ['institution', 'site', 'lecturer', 'user'].includes(scope) ? 'institution' : scope === 'programme' ? 'programme' : 'class';
  if (level === 'none' || role === 'admin' || role === 'organizer') return true;
  if (role === 'other_organizer' || role === 'trainee' || role === 'anonymous') return false;
  if (role === 'sponsor') return level !== 'institution';
  if (level === 'programme') return false;
  if (level === 'institution') return action === 'institution.read';
  return role !== 'other_class_teacher';
}

const apiRoutes = () => app.routeTable.filter((r) => r.url.startsWith('/api/v1'));

test('every API route declares a permission the expectation table knows', () => {
  assert.ok(apiRoutes().length > 30);
  for (const r of app.routeTable) {
    assert.ok(r.permission?.action, `${r.method} ${r.url} has no permission`);
    assert.ok((ACTIONS as readonly string[]).includes(r.permission.action), `${r.method} ${r.url}: unknown action ${r.permission.action}`);
    assert.ok(EXPECTED[r.permission.action], `${r.method} ${r.url}: add ${r.permission.action} to EXPECTED`);
  }
});

test('no role gets a route it should not: anonymous → 401, others → 403', async () => {
  for (const r of apiRoutes()) {
    for (const role of headers.keys()) {
      if (allowed(role, r.permission.action, r.permission.scope)) continue;
      const res = await app.inject({
        method: r.method as 'GET',
        url: fillUrl(r.url, params),
        headers: headers.get(role),
        payload: r.method === 'GET' || r.method === 'DELETE' ? undefined : {},
      });
      assert.equal(res.statusCode, role === 'anonymous' ? 401 : 403, `${role} ${r.method} ${r.url} → ${res.statusCode} ${res.body.slice(0, 200)}`);
      assert.match(String(res.headers['content-type']), /application\/problem\+json/);
    }
  }
});

test('every role gets the routes it should (not 401/403)', async () => {
  // Reads first, then writes, and logout last: a write may remove the row later routes point at.
  const order = (m: string) => (m === 'GET' ? 0 : m === 'DELETE' ? 2 : 1);
  const routes = apiRoutes()
    .filter((r) => r.url !== '/api/v1/auth/logout' && !r.url.endsWith('/logout'))
    .sort((a, b) => order(a.method) - order(b.method));
  for (const r of routes) {
    for (const role of headers.keys()) {
      if (!allowed(role, r.permission.action, r.permission.scope)) continue;
      const res = await app.inject({
        method: r.method as 'GET',
        url: fillUrl(r.url, params),
        headers: headers.get(role),
        payload: r.method === 'GET' || r.method === 'DELETE' ? undefined : {},
      });
      assert.ok(
        ![401, 403].includes(res.statusCode) || r.url === '/api/v1/auth/login',
        `${role} ${r.method} ${r.url} → ${res.statusCode} ${res.body.slice(0, 200)}`,
      );
      assert.ok(res.statusCode < 500, `${role} ${r.method} ${r.url} → ${res.statusCode} ${res.body.slice(0, 300)}`);
    }
  }
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: headers.get('sponsor') });
  assert.equal(res.statusCode, 200);
  const afterLogout = await app.inject({ method: 'GET', url: '/api/v1/classes', headers: headers.get('sponsor') });
  assert.equal(afterLogout.statusCode, 401);
});

// Class set-up and the audit trail (classes engineer): copying a class is the 教务 office's; the
// institution's whole trail is the administrator's alone (the class's trail is audit.read).
test('class set-up and audit routes declare the expected rules', () => {
  const rule = (method: string, url: string) => app.routeTable.find((r) => r.method === method && r.url === url)?.permission;
  assert.deepEqual(rule('POST', '/api/v1/classes/:classId/copy'), { action: 'class.manage', scope: 'class' });
  assert.deepEqual(rule('PATCH', '/api/v1/classes/:classId'), { action: 'class.manage', scope: 'class' });
  assert.deepEqual(rule('GET', '/api/v1/classes/:classId/audit'), { action: 'audit.read', scope: 'class' });
  assert.deepEqual(rule('GET', '/api/v1/institutions/:institutionId/audit'), { action: 'admin', scope: 'institution' });
  assert.deepEqual(rule('POST', '/api/v1/institutions/:institutionId/programmes'), { action: 'programme.manage', scope: 'institution' });
});

test('a write without the CSRF token is refused and changes nothing', async () => {
  const h = headers.get('class_teacher')!;
  const before = await services.timetable.listSessions(Number(params.classId));
  const res = await app.inject({ method: 'DELETE', url: `/api/v1/sessions/${before[0].id}`, headers: { cookie: h.cookie } });
  assert.equal(res.statusCode, 403);
  assert.equal(res.json().code, 'auth.csrf');
  assert.equal((await services.timetable.listSessions(Number(params.classId))).length, before.length);
});
