import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../src/server/app';
import type { Executor } from '../../src/server/db/connection';
import { precompileLists } from '../../src/server/db/precompiled';
import { DATABASES, freshDatabase, type TestDatabase } from '../support/db';
import { appFor, loginHeaders, makeClass, withDemo } from '../support/factories';

// Inputs that PostgreSQL refused with a 500 while SQLite let them through (or both fell over):
// non-canonical and out-of-range ids, NUL bytes in text, empty IN lists, a duplicate institution
// code, malformed multipart bodies. Each is a clear 4xx problem on both databases.

for (const kind of DATABASES) {
  describe(`input hardening (${kind})`, () => {
    let t: TestDatabase;
    let app: FastifyInstance;
    let services: Services;
    let admin: Record<string, string>;
    let demoClassId: number;
    let classId: number;
    let sessionId: number;

    before(async () => {
      t = await freshDatabase(kind);
      const built = await appFor(t);
      app = built.app;
      services = built.services;
      const demo = await withDemo(services);
      demoClassId = demo.classId;
      admin = await loginHeaders(app, 'admin', demo.password);
      classId = (await makeClass(services, { startsOn: '2026-06-01', endsOn: '2026-06-10' })).classId;
      const res = await app.inject({
        method: 'POST',
        url: `/api/v1/classes/${classId}/sessions`,
        headers: admin,
        payload: { kind: 'ceremony', title: '开班式', startsAt: '2026-06-01T09:00:00+08:00', endsAt: '2026-06-01T10:00:00+08:00', hours: 1 },
      });
      assert.equal(res.statusCode, 201, res.body);
      sessionId = res.json().id;
    });
    after(async () => {
      await app.close();
      await t.drop();
    });

    type Problem = { code: string; errors: Array<{ field: string; code: string; message: string }> };
    const problem = (res: { statusCode: number; headers: Record<string, unknown>; json: () => Problem }) => {
      assert.match(String(res.headers['content-type']), /application\/problem\+json/);
      return res.json();
    };

    test('ids in the path: non-canonical forms are 400, canonical ones beyond the column range 404', async () => {
      for (const raw of ['0x10', '%201', '1e3', '01', '1.0', '-1', '0', 'abc', '%00']) {
        const res = await app.inject({ url: `/api/v1/classes/${raw}`, headers: admin });
        assert.equal(res.statusCode, 400, `${raw} → ${res.statusCode} ${res.body}`);
        assert.equal(problem(res).code, 'validation.failed');
        assert.equal(res.json().errors[0].field, 'classId');
      }
      for (const raw of ['2147483648', '99999999999', '99999999999999999999']) {
        const scoped = await app.inject({ url: `/api/v1/classes/${raw}`, headers: admin });
        assert.equal(scoped.statusCode, 404, `${raw} → ${scoped.statusCode} ${scoped.body}`);
        assert.equal(problem(scoped).code, 'not_found');
        // An id that no permission scope resolves: the route's own schema answers.
        const inner = await app.inject({ url: `/api/v1/classes/${demoClassId}/certificates/${raw}/pdf`, headers: admin });
        assert.equal(inner.statusCode, 404, `${raw} → ${inner.statusCode} ${inner.body}`);
        assert.equal(problem(inner).code, 'not_found');
      }
      const largest = await app.inject({ url: '/api/v1/classes/2147483647', headers: admin });
      assert.equal(largest.statusCode, 404);
      assert.equal((await app.inject({ url: `/api/v1/classes/${demoClassId}`, headers: admin })).statusCode, 200);
    });

    test('ids in bodies beyond the column range are a 400 on the field, not a 500', async () => {
      const res = await app.inject({
        method: 'POST',
        url: `/api/v1/classes/${classId}/enrolments/move`,
        headers: admin,
        payload: { enrolmentIds: [4294967296], groupId: null },
      });
      assert.equal(res.statusCode, 400, res.body);
      assert.equal(problem(res).code, 'validation.failed');
      assert.equal(res.json().errors[0].field, 'enrolmentIds.0');
      const str = await app.inject({
        method: 'POST',
        url: `/api/v1/classes/${classId}/enrolments/move`,
        headers: admin,
        payload: { enrolmentIds: ['0x10'], groupId: null },
      });
      assert.equal(str.statusCode, 400, str.body);
    });

    test('NUL bytes in text are a 400 naming the field, on every way in', async () => {
      const nul = 'a\u0000b';
      const enrol = await app.inject({ method: 'POST', url: `/api/v1/classes/${classId}/enrolments`, headers: admin, payload: { person: { name: nul } } });
      assert.equal(enrol.statusCode, 400, enrol.body);
      assert.deepEqual(
        problem(enrol).errors.map((e: { field: string; code: string }) => [e.field, e.code]),
        [['person.name', 'text.nul']],
      );
      const zh = enrol.json().errors[0].message as string;
      assert.match(zh, /不可见的控制字符/);
      // Public pages and sign-in: query strings, path tokens, JSON bodies.
      const verify = await app.inject({ url: `/verify?serial=${encodeURIComponent(nul)}&name=${encodeURIComponent(nul)}` });
      assert.equal(verify.statusCode, 400, verify.body);
      assert.deepEqual(
        problem(verify).errors.map((e: { field: string }) => e.field),
        ['serial', 'name'],
      );
      const token = await app.inject({ url: '/api/v1/public/verify/abc%00def' });
      assert.equal(token.statusCode, 400, token.body);
      assert.equal(problem(token).errors[0].field, 'token');
      const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: nul, password: 'x\u0000yyyyyyyyyy' } });
      assert.equal(login.statusCode, 400, login.body);
      assert.deepEqual(
        problem(login)
          .errors.map((e: { field: string }) => e.field)
          .sort(),
        ['password', 'username'],
      );
      const invitation = await app.inject({ method: 'POST', url: '/api/v1/trainee/session', payload: { token: nul } });
      assert.equal(invitation.statusCode, 400, invitation.body);
      const search = await app.inject({ url: `/api/v1/classes/${demoClassId}/enrolments?q=${encodeURIComponent(nul)}`, headers: admin });
      assert.equal(search.statusCode, 400, search.body);
      assert.equal(problem(search).errors[0].field, 'q');
      assert.equal((await services.roster.listRoster(classId)).length, 0, 'nothing was written');
    });

    test('a ceremony agenda without trainees or groups is saved (an empty IN list)', async () => {
      const res = await app.inject({
        method: 'PUT',
        url: `/api/v1/sessions/${sessionId}/agenda`,
        headers: admin,
        payload: {
          items: [
            { kind: 'speech', title: '领导讲话', speakerName: '王局长' },
            { kind: 'other', title: '合影' },
          ],
        },
      });
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(
        res.json().agenda.map((a: { title: string }) => a.title),
        ['领导讲话', '合影'],
      );
      const cleared = await app.inject({ method: 'PUT', url: `/api/v1/sessions/${sessionId}/agenda`, headers: admin, payload: { items: [] } });
      assert.equal(cleared.statusCode, 200, cleared.body);
      assert.deepEqual(cleared.json().agenda, []);
      // Store helpers given empty lists answer empty lists on both databases.
      assert.deepEqual(await services.roster.enrolmentsByIds(t.database.db, []), []);
      const db = t.database.db;
      assert.deepEqual(await db.selectFrom('classes').select('id').where('id', 'in', []).execute(), []);
      const all = await db.selectFrom('classes').select('id').execute();
      assert.equal((await db.selectFrom('classes').select('id').where('id', 'not in', []).execute()).length, all.length);
      const lists = precompileLists((ex: Executor, ids: number[]) => ex.selectFrom('classes').select('id').where('id', 'in', ids));
      assert.deepEqual(await lists(db, []), []);
      assert.deepEqual(await lists(db, [classId]), [{ id: classId }]);
    });

    test('a duplicate institution code is a 409 on the field code', async () => {
      const body = { name: '重复代码学院', code: 'DUP-1' };
      const first = await app.inject({ method: 'POST', url: '/api/v1/institutions', headers: admin, payload: body });
      assert.equal(first.statusCode, 201, first.body);
      const second = await app.inject({
        method: 'POST',
        url: '/api/v1/institutions',
        headers: { ...admin, 'accept-language': 'en' },
        payload: { ...body, name: '另一学院' },
      });
      assert.equal(second.statusCode, 409, second.body);
      const p = problem(second);
      assert.deepEqual(
        p.errors.map((e: { field: string; code: string }) => [e.field, e.code]),
        [['code', 'institution.duplicate_code']],
      );
      assert.match(p.errors[0].message, /DUP-1/);
      assert.equal((await services.classes.listInstitutions({ isAdmin: true, grants: [] } as never)).filter((i) => i.code === 'DUP-1').length, 1);
    });

    test('malformed multipart bodies are a 400, never a 500', async () => {
      const photoUrl = `/api/v1/sessions/${sessionId}/photos`;
      const importUrl = `/api/v1/classes/${classId}/roster-import/preview`;
      const bodies: Array<[string, string | Buffer]> = [
        ['multipart/form-data; boundary=XYZ', 'garbage without any boundary'],
        ['multipart/form-data', '--XYZ\r\ncontent-disposition: form-data; name="file"\r\n\r\nabc\r\n--XYZ--\r\n'],
        ['multipart/form-data; boundary=XYZ', '--XYZ\r\ncontent-disposition: form-data; name="file"; filename="a.jpg"\r\n\r\nunterminated'],
        ['multipart/form-data; boundary=XYZ', '--XYZ\r\nno-headers-at-all\r\n--XYZ--\r\n'],
        ['multipart/form-data; boundary=XYZ', Buffer.from([0x2d, 0x2d, 0x58, 0x59, 0x5a, 0x0d, 0x0a, 0xff, 0xfe, 0x00, 0x0d, 0x0a])],
      ];
      for (const url of [photoUrl, importUrl]) {
        for (const [type, payload] of bodies) {
          const res = await app.inject({ method: 'POST', url, headers: { ...admin, 'content-type': type }, payload });
          assert.ok(res.statusCode >= 400 && res.statusCode < 500, `${url} ${type} → ${res.statusCode} ${res.body}`);
          assert.equal(res.statusCode, res.statusCode === 413 || res.statusCode === 415 ? res.statusCode : 400, `${url} → ${res.statusCode} ${res.body}`);
          problem(res);
        }
      }
    });
  });
}
