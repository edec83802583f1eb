// Sign-in under attack (#11): the failure limit holds under 200 parallel attempts, counts per
// account and address (one proxy does not lock out an office), says for how long, can be lifted
// by an administrator, and every sign-in, sign-out and failure is in the audit log. Trainees'
// device accounts and staff usernames do not share a namespace.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../src/server/app';
import { runningClass } from '../support/attendance';
import { DATABASES, freshDatabase, type TestDatabase } from '../support/db';
import { appFor, loginHeaders, makeActor } from '../support/factories';

const PASSWORD = 'Namtso-Lake-4718';
const LIMIT = 5; // LOGIN_MAX_FAILURES of the test configuration (test/support/db.ts)

for (const kind of DATABASES) {
  describe(`sign-in limits on ${kind}`, () => {
    let t: TestDatabase;
    let app: FastifyInstance;
    let services: Services;
    let adminHeaders: Record<string, string>;

    const login = (username: string, password: string, ip: string, lang = 'zh-CN') =>
      app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username, password },
        remoteAddress: ip,
        headers: { 'user-agent': 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36', 'accept-language': lang },
      });
    const auditOf = (action: string) => t.database.db.selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('id').execute();

    before(async () => {
      t = await freshDatabase(kind);
      assert.equal(t.config.loginMaxFailures, LIMIT);
      const built = await appFor(t);
      app = built.app;
      services = built.services;
      for (const username of ['tenzin', 'dolma', 'pema', 'lhakpa'])
        await services.auth.createUser(null, { username, displayName: username, password: PASSWORD });
      const admin = await makeActor(services, 'admin');
      adminHeaders = await loginHeaders(app, admin.username, admin.password);
    });
    after(async () => {
      await app.close();
      await t.drop();
    });

    test('200 parallel wrong passwords for one account get at most LOGIN_MAX_FAILURES password checks', async () => {
      const before = (await auditOf('auth.login_failed')).length;
      const answers = await Promise.all(Array.from({ length: 200 }, (_, i) => login('tenzin', `wrong-password-${i}`, '10.1.1.1')));
      const codes = answers.map((r) => r.statusCode);
      const checked = codes.filter((c) => c === 401).length;
      const refused = codes.filter((c) => c === 429).length;
      assert.equal(checked + refused, 200, `only 401 and 429, got ${[...new Set(codes)]}`);
      assert.ok(checked <= LIMIT, `${checked} passwords were checked; at most ${LIMIT} may be`);
      assert.equal(checked, LIMIT, 'the first attempts up to the limit are checked');
      const failures = (await auditOf('auth.login_failed')).length - before;
      assert.equal(failures, checked, 'each checked failure is in the audit log');
      assert.equal((await auditOf('auth.login_locked')).filter((e) => JSON.parse(e.after_json!).username === 'tenzin').length, 1, 'the lock is audited once');
    });

    test('the lock says for how long, holds even for the right password, and is per account and address', async () => {
      const locked = await login('tenzin', PASSWORD, '10.1.1.1');
      assert.equal(locked.statusCode, 429);
      assert.equal(locked.json().code, 'auth.locked');
      assert.match(locked.json().title, /登录失败次数过多，已暂停登录，请 1[45] 分钟后再试，或请管理员解锁/);
      const en = await login('tenzin', PASSWORD, '10.1.1.1', 'en');
      assert.match(en.json().title, /try again in 1[45] minutes or ask an administrator to unlock it/);
      // Someone else behind the same proxy address signs in, and so does the same person from elsewhere.
      assert.equal((await login('dolma', PASSWORD, '10.1.1.1')).statusCode, 200, 'another account from the same address');
      assert.equal((await login('tenzin', PASSWORD, '10.2.2.2')).statusCode, 200, 'the same account from another address');
    });

    test('an administrator sees the lock on the account and lifts it', async () => {
      const tenzin = await services.auth.findUserByUsername('tenzin');
      const account = await app.inject({ url: `/api/v1/users/${tenzin!.id}`, headers: adminHeaders });
      assert.equal(account.statusCode, 200, account.body);
      assert.ok(Date.parse(account.json().lockedUntil) > Date.now(), 'locked until a moment in the future');
      const unlocked = await app.inject({ method: 'POST', url: `/api/v1/users/${tenzin!.id}/unlock`, headers: adminHeaders, payload: {} });
      assert.equal(unlocked.statusCode, 200, unlocked.body);
      assert.equal(unlocked.json().lockedUntil, null);
      assert.equal((await login('tenzin', PASSWORD, '10.1.1.1')).statusCode, 200, 'signs in from the address that was locked');
      const entries = await t.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'user.unlock').where('entity_id', '=', tenzin!.id).execute();
      assert.equal(entries.length, 1);
    });

    test('a successful sign-in starts the count again', async () => {
      for (let i = 0; i < LIMIT - 1; i++) assert.equal((await login('pema', `nope-${i}`, '10.3.3.3')).statusCode, 401);
      assert.equal((await login('pema', PASSWORD, '10.3.3.3')).statusCode, 200);
      for (let i = 0; i < LIMIT - 1; i++) assert.equal((await login('pema', `nope-again-${i}`, '10.3.3.3')).statusCode, 401);
      assert.equal((await login('pema', PASSWORD, '10.3.3.3')).statusCode, 200, 'four failures after a success do not lock');
    });

    test('sign-ins, sign-outs and failed sign-ins are in the audit log with username, address and browser, never a password', async () => {
      const wrong = await login('lhakpa', 'Not-The-Password-1', '10.4.4.4');
      assert.equal(wrong.statusCode, 401);
      const unknown = await login('nobody-here', 'Not-The-Password-2', '10.4.4.4');
      assert.equal(unknown.statusCode, 401);
      assert.equal(unknown.json().code, wrong.json().code, 'an unknown user looks like a wrong password');
      const ok = await login('lhakpa', PASSWORD, '10.4.4.4');
      assert.equal(ok.statusCode, 200);
      const cookie = ok.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
      const out = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/logout',
        headers: { cookie, 'x-csrf-token': ok.json().csrfToken },
        remoteAddress: '10.4.4.4',
      });
      assert.equal(out.statusCode, 200);

      const lhakpa = await services.auth.findUserByUsername('lhakpa');
      const rows = await t.database.db.selectFrom('audit_log').selectAll().where('after_json', 'like', '%10.4.4.4%').orderBy('id').execute();
      const byAction = (a: string) => rows.filter((r) => r.action === a).map((r) => ({ ...r, after: JSON.parse(r.after_json!) }));
      const failed = byAction('auth.login_failed');
      assert.deepEqual(
        failed.map((f) => [f.after.username, f.entity_id]),
        [
          ['lhakpa', lhakpa!.id],
          ['nobody-here', null],
        ],
      );
      assert.match(failed[0].after.userAgent, /Chrome\/131/);
      const signedIn = byAction('auth.login');
      assert.equal(signedIn.length, 1);
      assert.equal(signedIn[0].actor_user_id, lhakpa!.id);
      assert.equal(signedIn[0].after.ip, '10.4.4.4');
      const signedOut = byAction('auth.logout');
      assert.equal(signedOut.length, 1);
      assert.equal(signedOut[0].actor_user_id, lhakpa!.id);
      const everything = JSON.stringify(await t.database.db.selectFrom('audit_log').selectAll().execute());
      for (const secret of [PASSWORD, 'Not-The-Password-1', 'Not-The-Password-2', 'wrong-password-7'])
        assert.ok(!everything.includes(secret), `${secret} in the audit log`);
    });
  });

  describe(`trainee device accounts and staff usernames on ${kind}`, () => {
    let t: TestDatabase;
    let app: FastifyInstance;
    let services: Services;

    before(async () => {
      t = await freshDatabase(kind);
      const built = await appFor(t);
      app = built.app;
      services = built.services;
    });
    after(async () => {
      await app.close();
      await t.drop();
    });

    test("a staff account named like a trainee's device account does not take over the trainee's invitation", async () => {
      const c = await runningClass(services, { trainees: 2, names: ['扎西', '卓玛'] });
      const rows = await services.roster.listRoster(c.classId);
      const found = rows.find((r) => r.person.name === '扎西')!;
      const zhaxi = { id: found.id, personId: found.person.id };
      // The name the device account of this person had until now: trainee-<personId>.
      const admin = await makeActor(services, 'admin');
      const impostor = await services.auth.createUser(admin, { username: `trainee-${zhaxi.personId}`, displayName: '冒名者', password: PASSWORD });

      const { token } = await services.trainee.issueInvitation(null, zhaxi.id);
      const opened = await app.inject({ method: 'POST', url: '/api/v1/trainee/session', payload: { token } });
      assert.equal(opened.statusCode, 200, opened.body);
      const cookie = opened.cookies.map((k) => `${k.name}=${k.value}`).join('; ');
      const me = await app.inject({ url: '/api/v1/auth/me', headers: { cookie } });
      assert.equal(me.json().personId, zhaxi.personId, 'the phone is signed in as the trainee');
      assert.notEqual(me.json().id, impostor, 'not as the staff account with the look-alike name');
      assert.equal((await app.inject({ url: '/api/v1/me', headers: { cookie } })).statusCode, 200);

      // Revoking the trainee's invitation signs out the trainee's phone, not the staff account.
      const staffSession = await services.database.transaction((trx) => services.auth.startSession(trx, impostor));
      await services.trainee.revokeInvitation(admin, zhaxi.id);
      assert.equal((await app.inject({ url: '/api/v1/auth/me', headers: { cookie } })).statusCode, 401);
      assert.equal((await app.inject({ url: '/api/v1/auth/me', headers: { cookie: `cohort_session=${staffSession.token}` } })).statusCode, 200);
    });

    test("once a trainee's device account exists, staff may still use any username, and the trainee account stays out of the staff list", async () => {
      const c = await runningClass(services, { trainees: 1, names: ['次仁'] });
      const [enrolment] = await services.roster.listRoster(c.classId);
      const row = { id: enrolment.id, personId: enrolment.person.id };
      const { token } = await services.trainee.issueInvitation(null, row.id);
      assert.equal((await app.inject({ method: 'POST', url: '/api/v1/trainee/session', payload: { token } })).statusCode, 200);
      const device = await services.auth.findTraineeAccount(row.personId);
      assert.ok(device, 'the device account was made');
      const staffId = await services.auth.createUser(null, { username: `trainee-${row.personId}`, displayName: '同名员工', password: PASSWORD });
      assert.notEqual(staffId, device!.id);
      assert.equal((await services.auth.findUserByUsername(device!.username))?.id, undefined, "the device account's own name finds no staff account");
      const staff = await services.auth.listAccounts();
      assert.ok(!staff.some((a) => a.id === device!.id), 'no trainee account among staff');
      // A device account cannot sign in with a password nor be given a staff role.
      await assert.rejects(services.auth.grant(null, device!.id, { role: 'class_teacher', scopeType: 'class', scopeId: c.classId }), /grant.trainee/);
    });
  });
}
