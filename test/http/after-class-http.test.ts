import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import sharp from 'sharp';
import type { Services } from '../../src/server/app';
import { DEMO_PASSWORD, USERS } from '../../src/server/demo/seed-facts';
import { multipart, pdfText } from '../support/bulletin-files';
import { DATABASES, freshDatabase, type TestDatabase } from '../support/db';
import { traineeActor } from '../support/evaluation-fixtures';
import { appFor, loginHeaders, withDemo } from '../support/factories';

// Reflections and 结业鉴定 over HTTP (#19), on the demo class: the phone's multipart attachment,
// refusals in the caller's language naming the field, the lock and the organizer's unlock, the
// bulletin's excerpts, and the work unit's batch PDF.
for (const kind of DATABASES) {
  describe(`reflections and appraisals over HTTP (${kind})`, () => {
    let t: TestDatabase;
    let app: FastifyInstance;
    let services: Services;
    let classId: number;
    let enrolmentId: number;
    let phone: Record<string, string>;
    const h: Record<string, Record<string, string>> = {};

    before(async () => {
      t = await freshDatabase(kind);
      const built = await appFor(t);
      app = built.app;
      services = built.services;
      classId = (await withDemo(services)).classId;
      for (const [role, u] of Object.entries(USERS)) h[role] = await loginHeaders(app, u.username, DEMO_PASSWORD);
      const p = (await services.roster.rosterIn(t.database.db, classId)).find((r) => r.name === '扎西旺拉')!;
      enrolmentId = p.id;
      phone = (await traineeActor(services, p.person_id, p.name)).headers;
    });
    after(async () => {
      await app.close();
      await t.drop();
    });

    test('the phone saves a draft, attaches a photo, and a short submission is refused naming the field, in English too', async () => {
      const base = `/api/v1/me/enrolments/${enrolmentId}/reflection`;
      const draft = await app.inject({ method: 'PUT', url: base, headers: phone, payload: { bodyHtml: '<p>短短的一段。</p>', consentQuote: true } });
      assert.equal(draft.statusCode, 200, draft.body);
      assert.equal(draft.json().status, 'draft');
      const png = await sharp({ create: { width: 30, height: 20, channels: 3, background: '#080' } })
        .png()
        .toBuffer();
      const body = multipart([{ filename: '青稞.png', data: png, type: 'image/png' }]);
      const up = await app.inject({ method: 'POST', url: `${base}/attachment`, headers: { ...phone, ...body.headers }, payload: body.payload });
      assert.equal(up.statusCode, 200, up.body);
      assert.equal(up.json().attachment.name, '青稞.png');
      const got = await app.inject({ url: `/api/v1/classes/${classId}/reflections/${enrolmentId}/attachment`, headers: h.classTeacher });
      assert.equal(got.statusCode, 200);
      assert.equal(got.headers['content-type'], 'image/png');
      const short = await app.inject({
        method: 'POST',
        url: `${base}/submit`,
        headers: { ...phone, 'accept-language': 'en' },
        payload: { bodyHtml: '<p>短</p>', consentQuote: true },
      });
      assert.equal(short.statusCode, 400);
      assert.equal(short.json().errors[0].field, 'bodyHtml');
      assert.match(short.json().errors[0].message, /at least 100/);
      // The sponsor reads the class but does not review reflections.
      assert.equal((await app.inject({ url: `/api/v1/classes/${classId}/reflections`, headers: h.sponsor })).statusCode, 403);
    });

    test('the bulletin composer lists the demo excerpts: accepted and consented only', async () => {
      const res = await app.inject({ url: `/api/v1/classes/${classId}/reflections/excerpts`, headers: h.classTeacher });
      assert.equal(res.statusCode, 200);
      assert.deepEqual(
        res.json().map((x: { name: string }) => x.name),
        ['徐爱国', '张建武'],
      );
    });

    test('a signed-off appraisal refuses edits with a clear message; the organizer unlocks it with a reason', async () => {
      const url = `/api/v1/classes/${classId}/appraisals/${enrolmentId}`;
      const refused = await app.inject({ method: 'PUT', url, headers: h.classTeacher, payload: { teacherText: '改一改' } });
      assert.equal(refused.statusCode, 409);
      assert.equal(refused.json().code, 'appraisal.locked');
      assert.match(refused.json().title, /扎西旺拉 的结业鉴定已由班主任.*签署，不能再修改/);
      const mine = await app.inject({ method: 'PUT', url: `/api/v1/me/enrolments/${enrolmentId}/appraisal`, headers: phone, payload: { selfText: '改' } });
      assert.equal(mine.statusCode, 409);
      assert.equal((await app.inject({ method: 'POST', url: `${url}/unlock`, headers: h.classTeacher, payload: { reason: '补充' } })).statusCode, 403);
      const noReason = await app.inject({ method: 'POST', url: `${url}/unlock`, headers: h.organizer, payload: { reason: ' ' } });
      assert.equal(noReason.statusCode, 400);
      const unlocked = await app.inject({ method: 'POST', url: `${url}/unlock`, headers: h.organizer, payload: { reason: '单位要求补充' } });
      assert.equal(unlocked.statusCode, 200, unlocked.body);
      assert.equal(unlocked.json().signedOffAt, null);
      const edited = await app.inject({ method: 'PUT', url, headers: h.classTeacher, payload: { teacherText: '该同志学习态度认真，表现突出。' } });
      assert.equal(edited.statusCode, 200);
    });

    test("the work unit's batch downloads as one PDF with the cover letter, the name and the ledger's hours", async () => {
      const unit = '西藏自治区日喀则市白朗县科技局';
      const res = await app.inject({ url: `/api/v1/classes/${classId}/appraisals/batch.pdf?workUnit=${encodeURIComponent(unit)}`, headers: h.classTeacher });
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['content-type'], 'application/pdf');
      const text = pdfText(res.rawPayload, true);
      const hours = (await services.hours.personHours((await services.roster.findEnrolmentRow(t.database.db, enrolmentId))!.person_id)).classes.find(
        (c) => c.enrolmentId === enrolmentId,
      )!.hours;
      assert.match(text, new RegExp(`致 ${unit}`));
      assert.match(text, /扎西旺拉/);
      assert.match(text, new RegExp(`实修 ${hours.attendedHours} 学时`));
      assert.match(text, /表现突出/);
      const none = await app.inject({ url: `/api/v1/classes/${classId}/appraisals/batch.pdf?workUnit=nowhere`, headers: h.classTeacher });
      assert.equal(none.statusCode, 400);
    });
  });
}
