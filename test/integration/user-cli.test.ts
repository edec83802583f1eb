// `cohort user add|passwd|disable|grant|unlock` (#9): on both databases through the same code the
// command runs (a CliContext over the test database), and once as a real process for the prompts
// and exit codes.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { makeServices, type Services } from '../../src/server/app';
import type { CliContext } from '../../src/server/cli-context';
import { type CliIo, runUserAdd, runUserDisable, runUserGrant, runUserPasswd, runUserUnlock } from '../../src/server/modules/auth/cli';
import { DATABASES, freshDatabase, type TestDatabase } from '../support/db';
import { makeClass } from '../support/factories';

function recorder(answers: string[] = []) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (l) => out.push(l), err: (l) => err.push(l), askHidden: async () => answers.shift() ?? '' };
  return { io, out, err };
}

for (const kind of DATABASES) {
  describe(`cohort user … on ${kind}`, () => {
    let t: TestDatabase;
    let services: Services;
    let ctx: CliContext;
    let cls: Awaited<ReturnType<typeof makeClass>>;
    let code: string;

    before(async () => {
      t = await freshDatabase(kind);
      services = makeServices(t.database, t.config);
      ctx = { config: () => t.config, withServices: (fn) => fn(services, t.config) };
      cls = await makeClass(services);
      code = (await services.institutions.get(cls.institutionId)).code;
    });
    after(() => t.drop());

    const signIn = (username: string, password: string, ip = '127.0.0.9') => services.auth.login({ username, password, ip });

    test('user add: the first administrator, the strength rule, a duplicate, the institution by code', async () => {
      const r = recorder();
      assert.equal(await runUserAdd(ctx, r.io, 'root', { name: '系统管理员', password: 'Kangrinboqe-6638', admin: true }), 0, r.err.join('\n'));
      assert.match(r.out[0], /已创建账号 root.*系统管理员 \/ created root .* as administrator/);
      const weak = recorder();
      assert.equal(await runUserAdd(ctx, weak.io, 'weakling', { name: '弱', password: 'password123' }), 1);
      assert.equal(weak.err[0], '这是很常见的密码（或键盘上连续的按键），请换一个 / This is a very common password (or a run of keys); choose another');
      const dup = recorder();
      assert.equal(await runUserAdd(ctx, dup.io, 'ROOT', { name: 'x', password: 'Kangrinboqe-6639' }), 1);
      assert.equal(dup.err[0], '用户名 ROOT 已被使用 / The username ROOT is taken');
      const asked = recorder(['Mapam-Yumco-51', 'Mapam-Yumco-51']);
      assert.equal(await runUserAdd(ctx, asked.io, 'bzr.cli', { name: '班主任', institution: code }), 0, asked.err.join('\n'));
      const account = await services.auth.findStaffAccount('bzr.cli');
      assert.equal(account?.institution_id, cls.institutionId);
      const mismatch = recorder(['Mapam-Yumco-51', 'Mapam-Yumco-52']);
      assert.equal(await runUserAdd(ctx, mismatch.io, 'bzr.typo', { name: 'x' }), 2);
      assert.match(mismatch.err[0], /两次输入的新密码不一致 \/ The two new passwords differ/);
      const noInst = recorder();
      assert.equal(await runUserAdd(ctx, noInst.io, 'bzr.nowhere', { name: 'x', password: 'Mapam-Yumco-53', institution: 'NOPE' }), 2);
      assert.equal(await services.auth.findStaffAccount('bzr.nowhere'), undefined);
    });

    test('user passwd: asks twice, applies the rule, ends the sessions', async () => {
      const { token } = await signIn('bzr.cli', 'Mapam-Yumco-51');
      const r = recorder(['Lhunpo-Hall-812', 'Lhunpo-Hall-812']);
      assert.equal(await runUserPasswd(ctx, r.io, 'bzr.cli', {}), 0, r.err.join('\n'));
      assert.match(r.out[0], /结束 1 个会话 \/ .*1 sessions ended/);
      assert.equal(await services.auth.actorFromToken(token), null, 'the old session ended');
      await signIn('bzr.cli', 'Lhunpo-Hall-812');
      const bad = recorder();
      assert.equal(await runUserPasswd(ctx, bad.io, 'bzr.cli', { password: 'bzr.cli-2026-x' }), 1);
      assert.match(bad.err[0], /密码不能包含用户名 \/ The password must not contain the username/);
      const nobody = recorder();
      assert.equal(await runUserPasswd(ctx, nobody.io, 'nobody', { password: 'Lhunpo-Hall-813' }), 1);
      assert.equal(nobody.err[0], '没有用户名为 nobody 的工作人员账号 / no staff account named nobody');
    });

    test('user disable / --enable', async () => {
      const { token } = await signIn('bzr.cli', 'Lhunpo-Hall-812');
      assert.equal(await runUserDisable(ctx, recorder().io, 'bzr.cli', {}), 0);
      assert.equal(await services.auth.actorFromToken(token), null);
      await assert.rejects(signIn('bzr.cli', 'Lhunpo-Hall-812'), /auth.disabled/);
      assert.equal(await runUserDisable(ctx, recorder().io, 'bzr.cli', { enable: true }), 0);
      await signIn('bzr.cli', 'Lhunpo-Hall-812');
      const actions = (await services.audit.listForEntity('user', (await services.auth.findStaffAccount('bzr.cli'))!.id)).map((e) => e.action);
      assert.ok(actions.includes('user.disable') && actions.includes('user.enable'));
    });

    test('user grant: organizer by institution code, sponsor by programme, class teacher by class (on the class staff too), --revoke', async () => {
      const id = (await services.auth.findStaffAccount('bzr.cli'))!.id;
      const grants = async () => (await services.auth.getAccount(id)).grants.map((g) => `${g.role}:${g.scopeType}:${g.scopeId}`).sort();
      assert.equal(await runUserGrant(ctx, recorder().io, 'bzr.cli', { role: 'organizer', institution: code }), 0);
      assert.equal(await runUserGrant(ctx, recorder().io, 'bzr.cli', { role: 'sponsor', programme: String(cls.programmeId) }), 0);
      const teacher = recorder();
      assert.equal(await runUserGrant(ctx, teacher.io, 'bzr.cli', { role: 'class_teacher', class: String(cls.classId) }), 0, teacher.err.join('\n'));
      assert.deepEqual(await grants(), [
        `class_teacher:class:${cls.classId}`,
        `organizer:institution:${cls.institutionId}`,
        `sponsor:programme:${cls.programmeId}`,
      ]);
      assert.ok((await services.classes.listStaff(cls.classId)).some((s) => s.userId === id && s.role === 'class_teacher'));
      assert.equal(await runUserGrant(ctx, recorder().io, 'bzr.cli', { role: 'class_teacher', class: String(cls.classId), revoke: true }), 0);
      assert.equal(await runUserGrant(ctx, recorder().io, 'bzr.cli', { role: 'sponsor', programme: String(cls.programmeId), revoke: true }), 0);
      assert.deepEqual(await grants(), [`organizer:institution:${cls.institutionId}`]);
      assert.ok(!(await services.classes.listStaff(cls.classId)).some((s) => s.userId === id));

      const usage = recorder();
      assert.equal(await runUserGrant(ctx, usage.io, 'bzr.cli', { role: 'organizer', class: '3' }), 2);
      assert.equal(usage.err[0], '--role organizer 需要且只需要 --institution CODE / --role organizer takes --institution CODE (and no other scope)');
      assert.equal(await runUserGrant(ctx, recorder().io, 'bzr.cli', { role: 'boss', institution: code }), 2);
      assert.equal(await runUserGrant(ctx, recorder().io, 'bzr.cli', { role: 'lecturer', class: '0x10' }), 2);
      const missing = recorder();
      assert.equal(await runUserGrant(ctx, missing.io, 'bzr.cli', { role: 'lecturer', class: '999999' }), 1);
      assert.match(missing.err[0], /未找到培训班 \/ Class not found/);
    });

    test('user unlock: lifts the lock after too many failures', async () => {
      for (let i = 0; i < t.config.loginMaxFailures; i++) await assert.rejects(signIn('bzr.cli', `wrong-${i}`), /auth.invalid_credentials/);
      await assert.rejects(signIn('bzr.cli', 'Lhunpo-Hall-812'), /auth.locked/);
      const r = recorder();
      assert.equal(await runUserUnlock(ctx, r.io, 'bzr.cli'), 0);
      assert.equal(r.out[0], '已解除 bzr.cli 的登录锁定 / bzr.cli unlocked');
      await signIn('bzr.cli', 'Lhunpo-Hall-812');
    });
  });
}

describe('cohort user … as a process', () => {
  let t: TestDatabase;
  before(async () => {
    t = await freshDatabase('sqlite');
  });
  after(() => t.drop());
  const { DATABASE_URL: _unused, ...env } = process.env;
  const cohort = (args: string[], input?: string) =>
    spawnSync(process.execPath, ['bin/cohort.mjs', 'user', ...args], {
      encoding: 'utf8',
      input,
      timeout: 120_000,
      env: { ...env, DATA_DIR: t.config.dataDir, COHORT_SECRET_KEY: t.config.secretKey.toString('base64'), LOG_LEVEL: 'silent' },
    });

  test('asks for the password twice on stdin, exits 0, 1 on a refusal and 2 on bad usage', { timeout: 240_000 }, () => {
    const add = cohort(['add', 'admin', '--name', '管理员', '--admin'], 'Sertri-Rock-2026\nSertri-Rock-2026\n');
    assert.equal(add.status, 0, add.stderr);
    assert.match(add.stdout, /新密码 \/ New password: .*再输入一次 \/ Repeat: /s);
    const refused = cohort(['passwd', 'admin'], 'admin-admin-1\nadmin-admin-1\n');
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /密码不能包含用户名 \/ The password must not contain the username/);
    const usage = cohort(['grant', 'admin', '--role', 'sponsor']);
    assert.equal(usage.status, 2);
    assert.match(usage.stderr, /--programme ID/);
  });
});
