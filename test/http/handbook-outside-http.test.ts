import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../src/server/app';
import { DEMO_PASSWORD, USERS } from '../../src/server/demo/seed-facts';
import { multipart, pdfText } from '../support/bulletin-files';
import { DATABASES, freshDatabase, type TestDatabase } from '../support/db';
import { traineeActor } from '../support/evaluation-fixtures';
import { appFor, loginHeaders, withDemo } from '../support/factories';

// The 学员手册 and outside hours over HTTP (#19), on the demo class: who may download and edit,
// the phone's own edition, refusals naming the field in the caller's language, the certificate upload.
for (const kind of DATABASES) {
  describe(`handbook and outside hours over HTTP (${kind})`, () => {
    let t: TestDatabase;
    let app: FastifyInstance;
    let services: Services;
    let classId: number;
    let institutionId: number;
    let enrolmentId: number;
    let otherEnrolmentId: number;
    let phone: Record<string, string>;
    const h: Record<string, Record<string, string>> = {};

    before(async () => {
      t = await freshDatabase(kind);
      const built = await appFor(t);
      app = built.app;
      services = built.services;
      classId = (await withDemo(services)).classId;
      institutionId = (await services.classes.getClass(null, classId)).institutionId;
      for (const [role, u] of Object.entries(USERS)) h[role] = await loginHeaders(app, u.username, DEMO_PASSWORD);
      const rows = await services.roster.rosterIn(t.database.db, classId);
      const p = rows.find((r) => r.name === '扎西旺拉')!;
      enrolmentId = p.id;
      otherEnrolmentId = rows.find((r) => r.name === '徐爱国')!.id;
      phone = (await traineeActor(services, p.person_id, p.name)).headers;
    });
    after(async () => {
      await app.close();
      await t.drop();
    });

    test('the class teacher downloads both layouts; the sponsor and the lecturer may not; the phone gets its own edition only', async () => {
      const a5 = await app.inject({ url: `/api/v1/classes/${classId}/handbook.pdf?layout=a5`, headers: h.classTeacher });
      assert.equal(a5.statusCode, 200);
      assert.equal(a5.headers['content-type'], 'application/pdf');
      assert.match(pdfText(a5.rawPayload), /班委与分组/);
      const booklet = await app.inject({ url: `/api/v1/classes/${classId}/handbook.pdf?layout=booklet`, headers: h.classTeacher });
      assert.equal(booklet.statusCode, 200);
      for (const role of ['sponsor', 'lecturer']) {
        const res = await app.inject({ url: `/api/v1/classes/${classId}/handbook.pdf`, headers: h[role] });
        assert.equal(res.statusCode, 403, role);
      }
      const bad = await app.inject({ url: `/api/v1/classes/${classId}/handbook.pdf?layout=a3`, headers: h.classTeacher });
      assert.equal(bad.statusCode, 400);
      const mine = await app.inject({ url: `/api/v1/me/enrolments/${enrolmentId}/handbook.pdf`, headers: phone });
      assert.equal(mine.statusCode, 200);
      assert.match(pdfText(mine.rawPayload), /扎西旺拉.*签到胸卡/);
      const theirs = await app.inject({ url: `/api/v1/me/enrolments/${otherEnrolmentId}/handbook.pdf`, headers: phone });
      assert.equal(theirs.statusCode, 404);
    });

    test('texts: the class teacher edits the class, only the office the institution', async () => {
      const put = await app.inject({
        method: 'PUT',
        url: `/api/v1/classes/${classId}/handbook/settings`,
        headers: h.classTeacher,
        payload: { welcome: '欢迎！', rules: null, staffPhones: [] },
      });
      assert.equal(put.statusCode, 200, put.body);
      assert.equal(put.json().welcome, '欢迎！');
      const teacherInst = await app.inject({
        method: 'PUT',
        url: `/api/v1/institutions/${institutionId}/handbook-rules`,
        headers: h.classTeacher,
        payload: { rules: 'x' },
      });
      assert.equal(teacherInst.statusCode, 403);
      const office = await app.inject({
        method: 'PUT',
        url: `/api/v1/institutions/${institutionId}/handbook-rules`,
        headers: h.organizer,
        payload: { rules: '一、守时。' },
      });
      assert.equal(office.statusCode, 200);
      assert.equal((await services.handbook.settings(classId)).inheritedRules, '一、守时。');
    });

    test('outside hours: bad input names the field in English; the phone uploads the certificate; only the office reviews', async () => {
      const bad = await app.inject({
        method: 'POST',
        url: '/api/v1/me/outside-trainings',
        headers: { ...phone, 'accept-language': 'en' },
        payload: { organiser: '党校', title: '研修班', startsOn: '2020-06-12', endsOn: '2020-06-08', hours: 0 },
      });
      assert.equal(bad.statusCode, 400);
      const fields = bad.json().errors.map((e: { field: string }) => e.field);
      assert.ok(fields.includes('endsOn') && fields.includes('hours'), bad.body);
      assert.match(bad.body, /end date is before the start date/);
      const ok = await app.inject({
        method: 'POST',
        url: '/api/v1/me/outside-trainings',
        headers: phone,
        payload: { organiser: '党校', title: '研修班', startsOn: '2020-06-08', endsOn: '2020-06-12', hours: 30 },
      });
      assert.equal(ok.statusCode, 200, ok.body);
      const id = ok.json().id;
      const file = multipart([{ filename: '证书.pdf', data: Buffer.from('%PDF-1.4\n%%EOF\n'), type: 'application/pdf' }]);
      const up = await app.inject({
        method: 'POST',
        url: `/api/v1/me/outside-trainings/${id}/certificate`,
        headers: { ...phone, ...file.headers },
        payload: file.payload,
      });
      assert.equal(up.statusCode, 200, up.body);
      assert.equal(up.json().certificate.name, '证书.pdf');
      const review = `/api/v1/institutions/${institutionId}/outside-trainings/${id}/review`;
      for (const who of [phone, h.classTeacher]) {
        const res = await app.inject({ method: 'POST', url: review, headers: who, payload: { decision: 'approve' } });
        assert.equal(res.statusCode, 403);
      }
      const noComment = await app.inject({ method: 'POST', url: review, headers: h.organizer, payload: { decision: 'reject' } });
      assert.equal(noComment.statusCode, 400);
      assert.equal(noComment.json().errors[0].field, 'comment');
      const yes = await app.inject({ method: 'POST', url: review, headers: h.organizer, payload: { decision: 'approve' } });
      assert.equal(yes.statusCode, 200);
      const hours = await app.inject({ url: '/api/v1/me/hours', headers: phone });
      assert.equal(hours.json().years.find((y: { year: number }) => y.year === 2020).recognisedHours, 30 + 32);
    });
  });
}
