import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../src/server/app';
import { craftedClass } from '../support/certificate-class';
import { DATABASES, freshDatabase, type TestDatabase } from '../support/db';
import { appFor, loginHeaders, makeActor } from '../support/factories';

// The routes of #10 over HTTP: the certificate wording (organizers change it, bad templates name
// the field in the caller's language), the specimen PDF, bilingual certificates, the early-issue
// override (organizers only) and keeping a certificate (nothing to keep → a clear 409).

for (const kind of DATABASES) {
  describe(`certificate settings and decisions over HTTP (${kind})`, () => {
    let t: TestDatabase;
    let app: FastifyInstance;
    let services: Services;
    let classId: number;
    const h: Record<string, Record<string, string>> = {};

    before(async () => {
      t = await freshDatabase(kind);
      const built = await appFor(t);
      app = built.app;
      services = built.services;
      const made = await craftedClass(services, [{ name: '全勤甲' }, { name: '缺一次', absent: 1 }]);
      classId = made.classId;
      const actors = {
        organizer: await makeActor(services, { role: 'organizer', scopeType: 'institution', scopeId: made.institutionId }),
        teacher: await makeActor(services, { role: 'class_teacher', scopeType: 'class', scopeId: classId }),
        sponsor: await makeActor(services, { role: 'sponsor', scopeType: 'programme', scopeId: made.programmeId }),
      };
      for (const [role, a] of Object.entries(actors)) h[role] = await loginHeaders(app, a.username, a.password);
      await services.certificates.issue(null, classId, {});
    });
    after(async () => {
      await app.close();
      await t.drop();
    });

    const url = (path: string) => `/api/v1/classes/${classId}${path}`;
    const body = {
      bodyTemplate: '{name}同志参加{class}（{period}），{hours}，准予结业。',
      hoursFullTemplate: '共计{total}学时',
      hoursPartialTemplate: '共计{total}学时，实修{attended}学时',
      tibetanLine: null,
    };

    test('everyone who reads certificates sees the wording; only the organizer may change it', async () => {
      const read = await app.inject({ url: url('/certificate-settings'), headers: h.sponsor });
      assert.equal(read.statusCode, 200);
      assert.equal(read.json().canEdit, false);
      assert.equal((await app.inject({ url: url('/certificate-settings'), headers: h.organizer })).json().canEdit, true);
      for (const role of ['teacher', 'sponsor']) {
        const res = await app.inject({ method: 'PUT', url: url('/certificate-settings'), headers: h[role], payload: body });
        assert.equal(res.statusCode, 403, role);
      }
      const ok = await app.inject({ method: 'PUT', url: url('/certificate-settings'), headers: h.organizer, payload: body });
      assert.equal(ok.statusCode, 200, ok.body);
      assert.equal(ok.json().bodyTemplate, body.bodyTemplate);
    });

    test('a bad template is refused naming the field, in the caller’s language, and changes nothing', async () => {
      const res = await app.inject({
        method: 'PUT',
        url: url('/certificate-settings'),
        headers: { ...h.organizer, 'accept-language': 'zh-CN' },
        payload: { ...body, bodyTemplate: '{name}参加培训{serial}', hoursPartialTemplate: '共计{total}学时' },
      });
      assert.equal(res.statusCode, 400);
      const problem = res.json();
      assert.deepEqual(
        problem.errors.map((e: { field: string; code: string }) => [e.field, e.code]),
        [
          ['bodyTemplate', 'certificate.template_token'],
          ['hoursPartialTemplate', 'certificate.template_missing'],
        ],
      );
      assert.match(problem.errors[0].message, /占位符/);
      const en = await app.inject({
        method: 'PUT',
        url: url('/certificate-settings'),
        headers: { ...h.organizer, 'accept-language': 'en' },
        payload: { ...body, hoursFullTemplate: '' },
      });
      assert.equal(en.statusCode, 400);
      assert.equal(en.json().errors[0].field, 'hoursFullTemplate');
      assert.equal((await app.inject({ url: url('/certificate-settings'), headers: h.organizer })).json().bodyTemplate, body.bodyTemplate);
    });

    test('the specimen is a PDF of the class with the wording as typed', async () => {
      const res = await app.inject({
        method: 'POST',
        url: url('/certificate-preview'),
        headers: h.teacher,
        payload: { hoursPartialTemplate: '应修{total}学时，实到{attended}学时' },
      });
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['content-type'], 'application/pdf');
      assert.equal(res.rawPayload.subarray(0, 5).toString(), '%PDF-');
      const bad = await app.inject({ method: 'POST', url: url('/certificate-preview'), headers: h.teacher, payload: { hoursPartialTemplate: '{x}' } });
      assert.equal(bad.statusCode, 400);
    });

    test('bilingual certificates need the institution’s Tibetan line first; only the organizer decides', async () => {
      const teacher = await app.inject({ method: 'PUT', url: url('/certificate-options'), headers: h.teacher, payload: { bilingual: true } });
      assert.equal(teacher.statusCode, 403);
      const none = await app.inject({ method: 'PUT', url: url('/certificate-options'), headers: h.organizer, payload: { bilingual: true } });
      assert.equal(none.statusCode, 409);
      assert.equal(none.json().code, 'certificate.no_tibetan_line');
      assert.equal((await app.inject({ method: 'PUT', url: url('/certificate-options'), headers: h.organizer, payload: {} })).statusCode, 400);
      await app.inject({ method: 'PUT', url: url('/certificate-settings'), headers: h.organizer, payload: { ...body, tibetanLine: '{nameBo} {attended}' } });
      const yes = await app.inject({ method: 'PUT', url: url('/certificate-options'), headers: h.organizer, payload: { bilingual: true } });
      assert.equal(yes.statusCode, 200);
      assert.equal((await app.inject({ url: url('/completion'), headers: h.teacher })).json().bilingual, true);
    });

    test('early issuing is the organizer’s decision with a reason; a completed class does not need it', async () => {
      const teacher = await app.inject({ method: 'POST', url: url('/certificates/early-issue'), headers: h.teacher, payload: { reason: '结业式提前' } });
      assert.equal(teacher.statusCode, 403);
      const noReason = await app.inject({ method: 'POST', url: url('/certificates/early-issue'), headers: h.organizer, payload: {} });
      assert.equal(noReason.statusCode, 400);
      assert.equal(noReason.json().errors[0].field, 'reason');
      const done = await app.inject({ method: 'POST', url: url('/certificates/early-issue'), headers: h.organizer, payload: { reason: '结业式提前' } });
      assert.equal(done.statusCode, 409);
      assert.equal(done.json().code, 'certificate.early_issue_not_running');
    });

    test('keeping a certificate the record does not contradict is a clear 409; keep needs a reason', async () => {
      const [c] = await services.certificates.list(classId);
      assert.equal((await app.inject({ method: 'POST', url: url(`/certificates/${c.id}/keep`), headers: h.teacher, payload: {} })).statusCode, 400);
      const res = await app.inject({ method: 'POST', url: url(`/certificates/${c.id}/keep`), headers: h.teacher, payload: { reason: '核对无误' } });
      assert.equal(res.statusCode, 409);
      assert.equal(res.json().code, 'certificate.nothing_to_review');
      assert.match(res.json().detail ?? res.json().title, new RegExp(c.serial));
      assert.equal(
        (await app.inject({ method: 'POST', url: url(`/certificates/${c.id}/keep`), headers: h.sponsor, payload: { reason: '核对' } })).statusCode,
        403,
      );
    });
  });
}
