// Staff accounts, grants and the user's own account over HTTP (#9), on both databases: creation
// with a one-time password (changed at first sign-in, enforced by the server) or an invitation
// link (single use, expiring, stored hashed); edit, disable, reset, sign out everywhere; grants;
// the 教务 office's accounts for its own institution; the password rule; one's own sessions.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../src/server/app';
import { DATABASES, freshDatabase, type TestDatabase } from '../support/db';
import { appFor, makeActor, makeClass } from '../support/factories';
import { caller, fieldError, type Headers, signedInAs } from '../support/http';

for (const kind of DATABASES) {
  describe(`staff accounts on ${kind}`, () => {
    let t: TestDatabase;
    let app: FastifyInstance;
    let services: Services;
    let admin: Headers;
    let adminId: number;
    let organizer: Headers;
    let cls: Awaited<ReturnType<typeof makeClass>>;
    let other: Awaited<ReturnType<typeof makeClass>>;

    const call = caller(() => app);
    const signIn = async (username: string, password: string, userAgent = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) Version/17.1 Safari/605.1.15') => {
      const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password }, headers: { 'user-agent': userAgent } });
      assert.equal(res.statusCode, 200, res.body);
      return {
        headers: { cookie: res.cookies.map((c) => `${c.name}=${c.value}`).join('; '), 'x-csrf-token': res.json().csrfToken } as Headers,
        me: res.json(),
      };
    };
    const fieldOf = fieldError;

    before(async () => {
      t = await freshDatabase(kind);
      const built = await appFor(t);
      app = built.app;
      services = built.services;
      cls = await makeClass(services);
      other = await makeClass(services);
      ({ userId: adminId, headers: admin } = await signedInAs(app, services, 'admin'));
      ({ headers: organizer } = await signedInAs(app, services, { role: 'organizer', scopeType: 'institution', scopeId: cls.institutionId }));
    });
    after(async () => {
      await app.close();
      await t.drop();
    });

    test('a one-time password is shown once and must be changed at the first sign-in; the server enforces it', async () => {
      const created = await call('POST', '/api/v1/users', admin, {
        username: 'yu.changhong',
        displayName: '于长宏',
        credential: 'one_time_password',
        institutionId: cls.institutionId,
      });
      assert.equal(created.statusCode, 201, created.body);
      const issued = created.json();
      assert.match(issued.oneTimePassword, /^[A-Za-z2-9]{4}-[A-Za-z2-9]{4}-[A-Za-z2-9]{4}$/);
      assert.equal(issued.invitationUrl, null);
      assert.equal(issued.account.mustChangePassword, true);
      assert.match(issued.account.institutionName, /^测试学院\d+$/);
      const again = await call('GET', `/api/v1/users/${issued.account.id}`, admin);
      assert.equal(JSON.stringify(again.json()).includes(issued.oneTimePassword), false, 'the password cannot be read again');

      const { headers, me } = await signIn('yu.changhong', issued.oneTimePassword);
      assert.equal(me.mustChangePassword, true);
      const refused = await call('GET', '/api/v1/classes', headers);
      assert.equal(refused.statusCode, 403);
      assert.equal(refused.json().code, 'auth.password_change_required');
      assert.equal((await call('GET', '/api/v1/auth/sessions', headers)).statusCode, 403, 'not even one’s own sessions');
      assert.equal((await call('GET', '/api/v1/auth/me', headers)).statusCode, 200);
      assert.equal((await call('PATCH', '/api/v1/auth/me', headers, { locale: 'en' })).statusCode, 200);

      const wrong = await call('POST', '/api/v1/auth/password', headers, {
        currentPassword: 'not-it-at-all',
        newPassword: 'Yamdrok-Tso-2026',
        newPasswordRepeat: 'Yamdrok-Tso-2026',
      });
      assert.equal(wrong.statusCode, 400);
      assert.equal(fieldOf(wrong, 'currentPassword'), '当前密码不正确');
      const changed = await call('POST', '/api/v1/auth/password', headers, {
        currentPassword: issued.oneTimePassword,
        newPassword: 'Yamdrok-Tso-2026',
        newPasswordRepeat: 'Yamdrok-Tso-2026',
      });
      assert.equal(changed.statusCode, 200, changed.body);
      assert.equal(changed.json().user.mustChangePassword, false);
      assert.equal((await call('GET', '/api/v1/classes', headers)).statusCode, 200, 'open after the change');
      await signIn('yu.changhong', 'Yamdrok-Tso-2026');
      const audit = await services.audit.listForEntity('user', issued.account.id);
      assert.deepEqual(
        audit.map((e) => e.action).filter((a) => ['user.create', 'user.password_change_failed', 'user.password_change'].includes(a)),
        ['user.create', 'user.password_change_failed', 'user.password_change'],
      );
    });

    test('the password rule is enforced on the server with field errors in zh-CN and en', async () => {
      const { oneTimePassword, account } = (
        await call('POST', '/api/v1/users', admin, { username: 'rule-tester', displayName: '规则测试', credential: 'one_time_password' })
      ).json();
      const { headers } = await signIn('rule-tester', oneTimePassword);
      const attempt = (newPassword: string, lang = 'zh-CN', repeat = newPassword) =>
        call('POST', '/api/v1/auth/password', headers, { currentPassword: oneTimePassword, newPassword, newPasswordRepeat: repeat }, lang);
      const cases: Array<[string, string, RegExp]> = [
        ['short-1', '密码至少 10 位', /at least 10 characters/],
        ['rule-tester-2026', '密码不能包含用户名', /must not contain the username/],
        ['13800138000', '密码不能只有数字（手机号、日期、证件号最容易被猜中）', /digits only/],
        ['abababababab', '密码至少要有 5 个不同的字符', /5 different characters/],
        ['Password2024!', '这是很常见的密码（或键盘上连续的按键），请换一个', /very common password/],
        ['1qaz2wsx3edc', '这是很常见的密码（或键盘上连续的按键），请换一个', /run of keys/],
        ['woaini1314520', '这是很常见的密码（或键盘上连续的按键），请换一个', /very common/],
      ];
      for (const [pw, zh, en] of cases) {
        const res = await attempt(pw);
        assert.equal(res.statusCode, 400, `${pw}: ${res.body}`);
        assert.equal(res.json().code, 'validation.failed');
        assert.equal(fieldOf(res, 'newPassword'), zh, pw);
        assert.match(fieldOf(await attempt(pw, 'en'), 'newPassword')!, en, pw);
      }
      const mismatch = await attempt('Kailash-Kora-88', 'zh-CN', 'Kailash-Kora-89');
      assert.equal(fieldOf(mismatch, 'newPasswordRepeat'), '两次输入的新密码不一致');
      assert.equal(fieldOf(await attempt(oneTimePassword), 'newPassword'), '新密码不能与当前密码相同');
      assert.equal((await services.auth.getAccount(account.id)).mustChangePassword, true, 'nothing changed');
      assert.equal((await attempt('Kailash-Kora-88')).statusCode, 200);
    });

    test('a password change ends the user’s other sessions, not this one', async () => {
      const { oneTimePassword } = (
        await call('POST', '/api/v1/users', admin, { username: 'two-devices', displayName: '两台设备', credential: 'one_time_password' })
      ).json();
      const first = await signIn('two-devices', oneTimePassword);
      await call('POST', '/api/v1/auth/password', first.headers, {
        currentPassword: oneTimePassword,
        newPassword: 'Drepung-Hill-31',
        newPasswordRepeat: 'Drepung-Hill-31',
      });
      const laptop = await signIn('two-devices', 'Drepung-Hill-31');
      const phone = await signIn(
        'two-devices',
        'Drepung-Hill-31',
        'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) Version/17.1 Mobile/15E148 Safari/604.1',
      );
      const sessions = (await call('GET', '/api/v1/auth/sessions', laptop.headers)).json();
      assert.equal(sessions.length, 3);
      assert.equal(sessions.filter((s: { current: boolean }) => s.current).length, 1);
      assert.ok(
        sessions.some((s: { device: string }) => s.device === 'Safari 17 · iOS'),
        JSON.stringify(sessions),
      );
      const res = await call('POST', '/api/v1/auth/password', laptop.headers, {
        currentPassword: 'Drepung-Hill-31',
        newPassword: 'Sera-Debate-77',
        newPasswordRepeat: 'Sera-Debate-77',
      });
      assert.equal(res.json().endedSessions, 2);
      assert.equal((await call('GET', '/api/v1/auth/me', phone.headers)).statusCode, 401);
      assert.equal((await call('GET', '/api/v1/auth/me', first.headers)).statusCode, 401);
      assert.equal((await call('GET', '/api/v1/auth/me', laptop.headers)).statusCode, 200);
    });

    test('one’s own sessions: end one, or all others', async () => {
      const id = await services.auth.createUser(null, { username: 'sessions-user', displayName: '会话', password: 'Ganden-Path-42' });
      const a = await signIn('sessions-user', 'Ganden-Path-42');
      const b = await signIn('sessions-user', 'Ganden-Path-42');
      const c = await signIn('sessions-user', 'Ganden-Path-42');
      const list = (await call('GET', '/api/v1/auth/sessions', a.headers)).json() as Array<{ id: number; current: boolean }>;
      const bId = (await call('GET', '/api/v1/auth/sessions', b.headers)).json().find((s: { current: boolean }) => s.current).id;
      assert.equal((await call('DELETE', `/api/v1/auth/sessions/${bId}`, a.headers)).statusCode, 200);
      assert.equal((await call('GET', '/api/v1/auth/me', b.headers)).statusCode, 401);
      assert.equal((await call('DELETE', `/api/v1/auth/sessions/${bId}`, a.headers)).statusCode, 404);
      // Another user's session id is not one's own.
      const stranger = await signIn('two-devices', 'Sera-Debate-77');
      const strangerId = (await call('GET', '/api/v1/auth/sessions', stranger.headers)).json()[0].id;
      assert.equal((await call('DELETE', `/api/v1/auth/sessions/${strangerId}`, a.headers)).statusCode, 404);
      assert.equal((await call('GET', '/api/v1/auth/me', stranger.headers)).statusCode, 200);
      const ended = await call('DELETE', '/api/v1/auth/sessions', a.headers);
      assert.deepEqual(ended.json(), { ended: 1 });
      assert.equal((await call('GET', '/api/v1/auth/me', c.headers)).statusCode, 401);
      assert.equal((await call('GET', '/api/v1/auth/me', a.headers)).statusCode, 200);
      assert.ok(list.length >= 3);
      assert.equal((await services.auth.getAccount(id)).activeSessions, 1);
    });

    test('an invitation link: the token is stored hashed, works once, and not after it expires', async () => {
      const created = await call('POST', '/api/v1/users', admin, {
        username: 'zhaxi.ciren',
        displayName: '扎西次仁',
        credential: 'invitation_link',
        institutionId: cls.institutionId,
      });
      assert.equal(created.statusCode, 201, created.body);
      const { invitationUrl, account, expiresAt, oneTimePassword } = created.json();
      assert.equal(oneTimePassword, null);
      assert.match(invitationUrl, /^http:\/\/localhost:3000\/welcome#[A-Za-z0-9_-]{40,}$/);
      assert.ok(Date.parse(expiresAt) > Date.now() + 6 * 86_400_000);
      assert.equal(account.hasPassword, false);
      assert.equal(account.invitationExpiresAt, expiresAt);
      const token = invitationUrl.split('#')[1];
      const stored = JSON.stringify(await t.database.db.selectFrom('account_invitations').selectAll().execute());
      assert.ok(!stored.includes(token), 'only a hash is kept');
      assert.equal(
        (await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'zhaxi.ciren', password: 'anything-at-all' } })).statusCode,
        401,
      );

      const info = await app.inject({ method: 'POST', url: '/api/v1/auth/invitation', payload: { token } });
      assert.deepEqual(info.json(), { username: 'zhaxi.ciren', displayName: '扎西次仁', expiresAt });
      const weak = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/invitation/accept',
        payload: { token, newPassword: 'zhaxi.ciren1', newPasswordRepeat: 'zhaxi.ciren1' },
      });
      assert.equal(weak.statusCode, 400);
      assert.equal(fieldOf(weak, 'newPassword'), '密码不能包含用户名');
      const accepted = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/invitation/accept',
        payload: { token, newPassword: 'Potala-Steps-919', newPasswordRepeat: 'Potala-Steps-919' },
      });
      assert.equal(accepted.statusCode, 200, accepted.body);
      assert.equal(accepted.json().username, 'zhaxi.ciren');
      assert.ok(
        accepted.cookies.some((c) => c.name === 'cohort_session' && c.httpOnly),
        'signed in',
      );
      const twice = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/invitation/accept',
        payload: { token, newPassword: 'Another-Good-One-5', newPasswordRepeat: 'Another-Good-One-5' },
      });
      assert.equal(twice.statusCode, 410);
      assert.equal(twice.json().code, 'invitation.account_invalid');
      assert.equal((await app.inject({ method: 'POST', url: '/api/v1/auth/invitation', payload: { token } })).statusCode, 410);
      await signIn('zhaxi.ciren', 'Potala-Steps-919');

      // A new link for someone else, past its expiry.
      const late = (await call('POST', '/api/v1/users', admin, { username: 'late-comer', displayName: '迟到者', credential: 'invitation_link' })).json();
      await t.database.db
        .updateTable('account_invitations')
        .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
        .where('user_id', '=', late.account.id)
        .execute();
      const expired = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/invitation/accept',
        payload: { token: late.invitationUrl.split('#')[1], newPassword: 'Potala-Steps-920', newPasswordRepeat: 'Potala-Steps-920' },
        headers: { 'accept-language': 'en' },
      });
      assert.equal(expired.statusCode, 410);
      assert.match(expired.json().title, /not valid, was used already or has expired/);
      // A new link replaces it and works.
      const reset = await call('POST', `/api/v1/users/${late.account.id}/credentials`, admin, { credential: 'invitation_link' });
      const fresh = reset.json().invitationUrl.split('#')[1];
      assert.equal(
        (
          await app.inject({
            method: 'POST',
            url: '/api/v1/auth/invitation/accept',
            payload: { token: fresh, newPassword: 'Potala-Steps-921', newPasswordRepeat: 'Potala-Steps-921' },
          })
        ).statusCode,
        200,
      );
    });

    test('duplicate and malformed usernames: 409 and 400 on the field, in both languages, nothing created', async () => {
      const count = async () => (await services.auth.listAccounts()).length;
      const before = await count();
      const dup = await call('POST', '/api/v1/users', admin, { username: 'Yu.ChangHong', displayName: '另一个', credential: 'one_time_password' });
      assert.equal(dup.statusCode, 409);
      assert.equal(dup.json().code, 'user.duplicate_username');
      assert.equal(fieldOf(dup, 'username'), '用户名 Yu.ChangHong 已被使用');
      const dupEn = await call('POST', '/api/v1/users', admin, { username: 'yu.changhong', displayName: '另一个', credential: 'one_time_password' }, 'en');
      assert.equal(fieldOf(dupEn, 'username'), 'The username yu.changhong is taken');
      const bad = await call('POST', '/api/v1/users', admin, { username: '张老师', displayName: '张', credential: 'one_time_password' });
      assert.equal(bad.statusCode, 400);
      assert.equal(fieldOf(bad, 'username'), '用户名只能包含字母、数字和 . _ @ -');
      const badEn = await call('POST', '/api/v1/users', admin, { username: 'ab', displayName: '', credential: 'password' }, 'en');
      assert.equal(fieldOf(badEn, 'username'), 'Usernames have at least 3 characters');
      assert.ok(fieldOf(badEn, 'displayName'));
      assert.ok(fieldOf(badEn, 'credential'));
      assert.equal(await count(), before);
    });

    test('edit, disable (sessions end, sign-in refused), enable, and sign out everywhere', async () => {
      const id = await services.auth.createUser(null, { username: 'ciren.yangzong', displayName: '次仁央宗', password: 'Norbulingka-7' + 'x' });
      const s1 = await signIn('ciren.yangzong', 'Norbulingka-7x');
      const s2 = await signIn('ciren.yangzong', 'Norbulingka-7x');
      const renamed = await call('PATCH', `/api/v1/users/${id}`, admin, { displayName: '次仁央宗（班主任）' });
      assert.equal(renamed.json().displayName, '次仁央宗（班主任）');
      assert.equal((await call('PATCH', `/api/v1/users/${id}`, admin, {})).statusCode, 400, 'an empty change is refused');
      const noEverywhere = await call('POST', `/api/v1/users/${id}/sign-out`, admin, {});
      assert.equal(noEverywhere.statusCode, 400, 'ending every session must be asked for explicitly');
      assert.equal((await call('GET', '/api/v1/auth/me', s1.headers)).statusCode, 200);
      const out = await call('POST', `/api/v1/users/${id}/sign-out`, admin, { everywhere: true });
      assert.deepEqual(out.json(), { ended: 2 });
      assert.equal((await call('GET', '/api/v1/auth/me', s1.headers)).statusCode, 401);
      assert.equal((await call('GET', '/api/v1/auth/me', s2.headers)).statusCode, 401);

      const s3 = await signIn('ciren.yangzong', 'Norbulingka-7x');
      const disabled = await call('PATCH', `/api/v1/users/${id}`, admin, { disabled: true });
      assert.equal(disabled.json().disabled, true);
      assert.equal(disabled.json().activeSessions, 0);
      assert.equal((await call('GET', '/api/v1/auth/me', s3.headers)).statusCode, 401);
      const refused = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'ciren.yangzong', password: 'Norbulingka-7x' } });
      assert.equal(refused.statusCode, 403);
      assert.equal(refused.json().code, 'auth.disabled');
      await call('PATCH', `/api/v1/users/${id}`, admin, { disabled: false });
      await signIn('ciren.yangzong', 'Norbulingka-7x');
      const self = await call('PATCH', `/api/v1/users/${adminId}`, admin, { disabled: true });
      assert.equal(self.statusCode, 409);
      assert.equal(self.json().code, 'account.self');
      const actions = (await services.audit.listForEntity('user', id)).map((e) => e.action);
      for (const a of ['user.update', 'user.sign_out_everywhere', 'user.disable', 'user.enable']) assert.ok(actions.includes(a), a);
    });

    test('a reset gives a new one-time password: the old password stops working and the change is required again', async () => {
      const id = await services.auth.createUser(null, { username: 'forgetful', displayName: '健忘', password: 'Jokhang-Square-5' });
      const before = await signIn('forgetful', 'Jokhang-Square-5');
      const reset = await call('POST', `/api/v1/users/${id}/credentials`, admin, { credential: 'one_time_password' });
      assert.equal(reset.statusCode, 200, reset.body);
      assert.equal((await call('GET', '/api/v1/auth/me', before.headers)).statusCode, 401, 'sessions end');
      assert.equal(
        (await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'forgetful', password: 'Jokhang-Square-5' } })).statusCode,
        401,
      );
      const { me } = await signIn('forgetful', reset.json().oneTimePassword);
      assert.equal(me.mustChangePassword, true);
      assert.equal((await call('POST', `/api/v1/users/${id}/credentials`, admin, {})).statusCode, 400);
    });

    test('grants: organizer of an institution, sponsor of a programme; the wrong scope is a field error; every change audited', async () => {
      const id = await services.auth.createUser(null, { username: 'grantee', displayName: '被授权人', password: 'Barkhor-Street-3' });
      const organizerGrant = await call('POST', `/api/v1/users/${id}/grants`, admin, {
        role: 'organizer',
        scopeType: 'institution',
        scopeId: cls.institutionId,
      });
      assert.equal(organizerGrant.statusCode, 201, organizerGrant.body);
      const sponsor = await call('POST', `/api/v1/users/${id}/grants`, admin, { role: 'sponsor', scopeType: 'programme', scopeId: other.programmeId });
      const grants = sponsor.json().grants as Array<{ id: number; role: string; scopeName: string }>;
      assert.deepEqual(
        grants.map((g) => [g.role, g.scopeName]),
        [
          ['organizer', (await services.classes.getProgramme(null as never, cls.programmeId)).name.replace('测试项目', '测试学院')],
          ['sponsor', (await services.classes.getProgramme(null as never, other.programmeId)).name],
        ],
      );
      const mismatch = await call('POST', `/api/v1/users/${id}/grants`, admin, { role: 'organizer', scopeType: 'class', scopeId: cls.classId });
      assert.equal(mismatch.statusCode, 400);
      assert.equal(fieldOf(mismatch, 'scopeType'), '教务只能授予机构');
      assert.equal(
        fieldOf(await call('POST', `/api/v1/users/${id}/grants`, admin, { role: 'sponsor', scopeType: 'class', scopeId: cls.classId }, 'en'), 'scopeType'),
        'The sponsor role is granted on a programme',
      );
      const removed = await call('DELETE', `/api/v1/users/${id}/grants/${grants[1].id}`, admin);
      assert.deepEqual(
        removed.json().grants.map((g: { role: string }) => g.role),
        ['organizer'],
      );
      const audit = (await services.audit.listForEntity('user', id)).filter((e) => e.action.startsWith('grant.'));
      assert.deepEqual(
        audit.map((e) => e.action),
        ['grant.create', 'grant.create', 'grant.delete'],
      );
      assert.equal(JSON.parse(audit[2].before_json!).role, 'sponsor');
      assert.equal(audit[2].actor_user_id, adminId);
      assert.equal(
        (await call('POST', `/api/v1/users/${id}/grants`, organizer, { role: 'organizer', scopeType: 'institution', scopeId: cls.institutionId })).statusCode,
        403,
        'grants are the administrator’s',
      );
    });

    test('the 教务 office creates accounts for its own institution and sees its staff; not elsewhere, not administrators', async () => {
      const created = await call('POST', `/api/v1/institutions/${cls.institutionId}/users`, organizer, {
        username: 'bzr.wang',
        displayName: '王班主任',
        credential: 'one_time_password',
      });
      assert.equal(created.statusCode, 201, created.body);
      assert.equal(created.json().account.institutionId, cls.institutionId);
      assert.equal(created.json().account.isAdmin, false);
      const sneaky = await call('POST', `/api/v1/institutions/${cls.institutionId}/users`, organizer, {
        username: 'bzr.root',
        displayName: 'x',
        credential: 'one_time_password',
        isAdmin: true,
      });
      assert.equal(sneaky.statusCode, 400, 'no isAdmin on this route');
      assert.equal(
        (
          await call('POST', `/api/v1/institutions/${other.institutionId}/users`, organizer, {
            username: 'bzr.li',
            displayName: '李',
            credential: 'one_time_password',
          })
        ).statusCode,
        403,
      );
      assert.equal((await call('GET', '/api/v1/users', organizer)).statusCode, 403, 'the list of all accounts is the administrator’s');
      const list = (await call('GET', `/api/v1/institutions/${cls.institutionId}/users`, organizer)).json() as Array<{ username: string }>;
      assert.ok(list.some((u) => u.username === 'bzr.wang'));
      assert.ok(
        list.some((u) => u.username === 'yu.changhong'),
        'accounts that belong to the institution',
      );
      assert.ok(!list.some((u) => u.username === 'forgetful'), 'not accounts of no institution');
      const searched = (await call('GET', `/api/v1/institutions/${cls.institutionId}/users?q=%E7%8E%8B`, organizer)).json() as Array<{ username: string }>;
      assert.deepEqual(
        searched.map((u) => u.username),
        ['bzr.wang'],
      );
      // The office looks after its own accounts: rename, reset, disable.
      const id = created.json().account.id;
      assert.equal((await call('PATCH', `/api/v1/users/${id}`, organizer, { displayName: '王老师' })).statusCode, 200);
      assert.equal((await call('POST', `/api/v1/users/${id}/credentials`, organizer, { credential: 'invitation_link' })).statusCode, 200);
      assert.equal(
        (await call('PATCH', `/api/v1/users/${id}`, organizer, { institutionId: other.institutionId })).statusCode,
        403,
        'moving an account is the administrator’s',
      );
      assert.equal((await call('GET', `/api/v1/users/${adminId}`, organizer)).statusCode, 403, 'administrators are out of reach');
      const admins = await makeActor(services, 'admin');
      await services.database.db.updateTable('users').set({ institution_id: cls.institutionId }).where('id', '=', admins.userId).execute();
      const resetAdmin = await call('POST', `/api/v1/users/${admins.userId}/credentials`, organizer, { credential: 'one_time_password' });
      assert.equal(resetAdmin.statusCode, 403, 'even an administrator that belongs to the institution');
      assert.equal(resetAdmin.json().code, 'account.admin_only');
    });

    test('invite a new class teacher by name from the class: account and class staff in one step', async () => {
      const res = await call('POST', `/api/v1/classes/${cls.classId}/staff/invitations`, organizer, {
        username: 'bzr.zhuoma',
        displayName: '卓玛',
        credential: 'invitation_link',
        role: 'class_teacher',
      });
      assert.equal(res.statusCode, 201, res.body);
      const staff = (await call('GET', `/api/v1/classes/${cls.classId}/staff`, organizer)).json() as Array<{ userId: number; role: string }>;
      assert.ok(staff.some((s) => s.userId === res.json().account.id && s.role === 'class_teacher'));
      assert.ok(res.json().account.grants.some((g: { role: string; scopeId: number }) => g.role === 'class_teacher' && g.scopeId === cls.classId));
      const dup = await call('POST', `/api/v1/classes/${cls.classId}/staff/invitations`, organizer, {
        username: 'bzr.zhuoma',
        displayName: '卓玛',
        credential: 'invitation_link',
        role: 'class_teacher',
      });
      assert.equal(dup.statusCode, 409);
      assert.equal((await call('GET', `/api/v1/classes/${cls.classId}/staff`, organizer)).json().length, staff.length, 'a refused invitation adds nobody');
      assert.equal(
        (
          await call('POST', `/api/v1/classes/${other.classId}/staff/invitations`, organizer, {
            username: 'bzr.x',
            displayName: 'x',
            credential: 'invitation_link',
            role: 'class_teacher',
          })
        ).statusCode,
        403,
      );
    });

    test('the administrator’s list: every staff account, searchable, trainees’ device accounts left out', async () => {
      const all = (await call('GET', '/api/v1/users', admin)).json() as Array<{ username: string }>;
      assert.ok(all.length >= 10);
      assert.ok(!all.some((u) => u.username.startsWith('trainee:')));
      const found = (await call('GET', '/api/v1/users?q=CIREN', admin)).json() as Array<{ username: string }>;
      assert.deepEqual(found.map((u) => u.username).sort(), ['ciren.yangzong', 'zhaxi.ciren']);
      assert.deepEqual((await call('GET', '/api/v1/users?q=%25', admin)).json(), [], 'a % is a character, not a wildcard');
      const ofInstitution = (await call('GET', `/api/v1/users?institutionId=${cls.institutionId}`, admin)).json() as Array<{ username: string }>;
      assert.ok(
        ofInstitution.some((u) => u.username === 'grantee'),
        'an organizer of the institution who belongs to none',
      );
      assert.ok(!ofInstitution.some((u) => u.username === 'forgetful'));
      assert.deepEqual((await call('GET', `/api/v1/users?institutionId=${other.institutionId}`, admin)).json(), []);
    });
  });
}
