import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { Services } from '../../src/server/app';
import { DATABASES, freshDatabase, type TestDatabase } from '../support/db';
import { appFor, loginHeaders, makeClass, withDemo } from '../support/factories';

// Trainee invitations expire 30 days after the class ends (or after being issued, when later)
// and are renewed, same link, by the class teacher (#14).

for (const kind of DATABASES) {
  describe(`invitation expiry and renewal (${kind})`, () => {
    let t: TestDatabase;
    let app: FastifyInstance;
    let s: Services;
    let admin: Record<string, string>;
    let classId: number;
    let enrolmentId: number;

    before(async () => {
      t = await freshDatabase(kind);
      const built = await appFor(t);
      app = built.app;
      s = built.services;
      const { password } = await withDemo(s);
      admin = await loginHeaders(app, 'admin', password);
      // Ends in the future, so the default expiry counts from the class end.
      ({ classId } = await makeClass(s, { startsOn: '2099-03-01', endsOn: '2099-03-12' }));
      enrolmentId = await s.database.transaction((trx) => s.roster.enrolIn(trx, null, classId, { role: 'member', person: { name: '白玛' } }));
    });
    after(async () => {
      await app.close();
      await t.drop();
    });

    const open = (token: string, lang = 'zh-CN') =>
      app.inject({ method: 'POST', url: '/api/v1/trainee/session', headers: { 'accept-language': lang }, payload: { token } });
    const entry = async () =>
      (
        (await app.inject({ url: `/api/v1/classes/${classId}/invitations`, headers: admin })).json() as Array<{
          enrolmentId: number;
          status: string;
          expiresAt: string;
        }>
      ).find((e) => e.enrolmentId === enrolmentId)!;

    test('an invitation opens until 30 days after the end of the class’s last day, then says it expired', async () => {
      const issued = await app.inject({ method: 'POST', url: `/api/v1/enrolments/${enrolmentId}/invitation`, headers: admin });
      assert.equal(issued.statusCode, 201, issued.body);
      const { token, expiresAt } = issued.json();
      // 2099-03-12 23:59:59 in Shanghai is 15:59:59Z; thirty days later.
      assert.equal(expiresAt, '2099-04-11T15:59:59.000Z');
      assert.equal((await entry()).status, 'active');
      assert.equal((await open(token)).statusCode, 200);

      // Time passes beyond the expiry.
      await sql`update invitations set expires_at = '2020-01-01T00:00:00.000Z' where enrolment_id = ${enrolmentId}`.execute(s.database.db);
      const zh = await open(token);
      assert.equal(zh.statusCode, 401, zh.body);
      assert.equal(zh.json().code, 'invitation.expired');
      assert.equal(zh.json().title, '此邀请链接已于 2020-01-01 过期，请联系班主任续期');
      assert.match((await open(token, 'en')).json().title, /expired on 2020-01-01; ask your class teacher to renew it/);
      assert.equal((await entry()).status, 'expired');
    });

    test('renewing keeps the same link working, is audited, and needs an invitation to renew', async () => {
      const renewed = await app.inject({ method: 'POST', url: `/api/v1/enrolments/${enrolmentId}/invitation/renew`, headers: admin });
      assert.equal(renewed.statusCode, 200, renewed.body);
      assert.equal(renewed.json().expiresAt, '2099-04-11T15:59:59.000Z');
      assert.equal((await entry()).status, 'active');
      const audit = (
        (await app.inject({ url: `/api/v1/classes/${classId}/audit?action=invitation.renew`, headers: admin })).json() as { entries: Array<{ action: string }> }
      ).entries;
      assert.ok(audit.some((a) => a.action === 'invitation.renew'));

      const other = await s.database.transaction((trx) => s.roster.enrolIn(trx, null, classId, { role: 'member', person: { name: '卓嘎' } }));
      const none = await app.inject({ method: 'POST', url: `/api/v1/enrolments/${other}/invitation/renew`, headers: admin });
      assert.equal(none.statusCode, 409);
      assert.equal(none.json().code, 'invitation.none_active');
    });

    test('an invitation issued after the class has ended opens for 30 days from now', async () => {
      const past = (await makeClass(s, { startsOn: '2020-10-12', endsOn: '2020-10-23' })).classId;
      const id = await s.database.transaction((trx) => s.roster.enrolIn(trx, null, past, { role: 'member', person: { name: '旺堆' } }));
      const before = Date.now();
      const issued = (await app.inject({ method: 'POST', url: `/api/v1/enrolments/${id}/invitation`, headers: admin })).json();
      const days = (Date.parse(issued.expiresAt) - before) / 86_400_000;
      assert.ok(days > 29.99 && days < 30.01, `expires in ${days} days`);
      assert.equal((await open(issued.token)).statusCode, 200);
    });
  });
}
