import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../src/server/app';
import { DEMO_PASSWORD, USERS } from '../../src/server/demo/seed-facts';
import { DATABASES, freshDatabase, type TestDatabase } from '../support/db';
import { traineeActor } from '../support/evaluation-fixtures';
import { appFor, loginHeaders, withDemo } from '../support/factories';

// Action plans and the follow-up over HTTP (#19), on the demo class: a trainee reaches only their
// own plan; bad input is refused naming the field and changes nothing; the class's staff see the
// plans and links, the sponsor and organizer the report (JSON and XLSX), the lecturer neither; the
// supervisor's page needs no account (nor minds a staff session in the same browser), and a forged
// or closed link is refused; the class teacher comments on a plan item.
for (const kind of DATABASES) {
  describe(`follow-up over HTTP (${kind})`, () => {
    let t: TestDatabase;
    let app: FastifyInstance;
    let services: Services;
    let classId: number;
    let programmeId: number;
    const h: Record<string, Record<string, string>> = {};
    const enrolment = new Map<string, number>();
    const phones = new Map<string, Record<string, string>>();

    before(async () => {
      t = await freshDatabase(kind);
      const built = await appFor(t);
      app = built.app;
      services = built.services;
      classId = (await withDemo(services)).classId;
      programmeId = (await services.classes.getClass(null, classId)).programmeId;
      for (const [role, u] of Object.entries(USERS)) h[role] = await loginHeaders(app, u.username, DEMO_PASSWORD);
      for (const name of ['扎西旺拉', '赵海波']) {
        const p = (await services.roster.rosterIn(t.database.db, classId)).find((r) => r.name === name)!;
        enrolment.set(name, p.id);
        phones.set(name, (await traineeActor(services, p.person_id, p.name)).headers);
      }
    });
    after(async () => {
      await app.close();
      await t.drop();
    });

    test('a trainee reads their own plan only; the demo follow-up is closed, so the plan is kept as it was', async () => {
      const own = await app.inject({ url: `/api/v1/me/enrolments/${enrolment.get('扎西旺拉')}/action-plan`, headers: phones.get('扎西旺拉') });
      assert.equal(own.statusCode, 200, own.body);
      assert.equal(own.json().items.length, 2);
      assert.equal(own.json().schedule.state, 'closed');
      const other = await app.inject({ url: `/api/v1/me/enrolments/${enrolment.get('扎西旺拉')}/action-plan`, headers: phones.get('赵海波') });
      assert.equal(other.statusCode, 404);
      const add = await app.inject({
        method: 'POST',
        url: `/api/v1/me/enrolments/${enrolment.get('赵海波')}/action-plan/items`,
        headers: phones.get('赵海波'),
        payload: { text: '迟到的计划' },
      });
      assert.equal(add.statusCode, 409);
      assert.equal(add.json().code, 'followup.plan_frozen');
    });

    test('bad input is refused naming the field, in English too, and changes nothing', async () => {
      const url = `/api/v1/me/enrolments/${enrolment.get('赵海波')}/action-plan/items`;
      const empty = await app.inject({
        method: 'POST',
        url,
        headers: { ...phones.get('赵海波'), 'accept-language': 'en' },
        payload: { text: '  ', dueOn: '2021-02-30' },
      });
      assert.equal(empty.statusCode, 400);
      assert.deepEqual(
        empty
          .json()
          .errors.map((e: { field: string }) => e.field)
          .sort(),
        ['dueOn', 'text'],
      );
      const months = await app.inject({ method: 'PUT', url: `/api/v1/classes/${classId}/followup/settings`, headers: h.classTeacher, payload: { months: 30 } });
      assert.equal(months.statusCode, 400);
      assert.equal(months.json().errors[0].field, 'months');
      assert.match(months.json().errors[0].message, /1–24/);
      const plan = await app.inject({ url: `/api/v1/me/enrolments/${enrolment.get('赵海波')}/action-plan`, headers: phones.get('赵海波') });
      assert.equal(plan.json().items.length, 0);
    });

    test('the class teacher sees plans and links; the sponsor and organizer the report; the lecturer nothing', async () => {
      const view = await app.inject({ url: `/api/v1/classes/${classId}/followup`, headers: h.classTeacher });
      assert.equal(view.statusCode, 200);
      assert.equal(view.json().rows.filter((r: { items: unknown[] }) => r.items.length).length, 8);
      assert.equal((await app.inject({ url: `/api/v1/classes/${classId}/followup`, headers: h.sponsor })).statusCode, 403);
      assert.equal((await app.inject({ url: `/api/v1/classes/${classId}/followup`, headers: h.lecturer })).statusCode, 403);
      for (const who of ['sponsor', 'organizer']) {
        const r = await app.inject({ url: `/api/v1/programmes/${programmeId}/followup/report`, headers: h[who] });
        assert.equal(r.statusCode, 200, `${who} ${r.body}`);
        assert.equal(r.json().total.traineeResponses, 5);
      }
      assert.equal((await app.inject({ url: `/api/v1/classes/${classId}/followup/report`, headers: h.classTeacher })).statusCode, 403);
      assert.equal((await app.inject({ url: `/api/v1/classes/${classId}/followup/report`, headers: h.lecturer })).statusCode, 403);
      const xlsx = await app.inject({ url: `/api/v1/classes/${classId}/followup/report.xlsx`, headers: h.sponsor });
      assert.equal(xlsx.statusCode, 200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(xlsx.rawPayload as unknown as ExcelJS.Buffer);
      const rows = wb.getWorksheet('按培训班')!.getSheetValues().filter(Boolean) as unknown[][];
      assert.equal(rows[1][5], '在册学员');
      assert.equal(rows[2][7], 11, 'the demo class’s 11 plan items');
    });

    test('the supervisor page needs no account; a forged link is not found, a closed one has expired', async () => {
      const link: string = (await app.inject({ url: `/api/v1/classes/${classId}/followup`, headers: h.classTeacher }))
        .json()
        .rows.find((r: { name: string }) => r.name === '扎西旺拉').supervisorLink;
      assert.equal(link, null, 'no links once the follow-up has closed');
      const forged = await app.inject({ url: `/api/v1/followup/supervisor/${enrolment.get('扎西旺拉')}.${'a'.repeat(32)}` });
      assert.equal(forged.statusCode, 404);
      assert.equal(forged.json().code, 'followup.link_invalid');
      // The real link, made as the class view made it in January 2021, has expired since.
      const january = services.followup.atClock(() => Date.parse('2021-01-28T00:00:00Z'));
      const old: string = (await january.classView(classId)).rows.find((r) => r.name === '扎西旺拉')!.supervisorLink!;
      const expired = await app.inject({ url: `/api/v1/followup/supervisor/${old.split('/t/s/')[1]}` });
      assert.equal(expired.statusCode, 410);
      assert.equal(expired.json().code, 'followup.link_expired');
      const answer = await app.inject({ method: 'PUT', url: `/api/v1/followup/supervisor/${old.split('/t/s/')[1]}`, payload: { answers: { change: 3 } } });
      assert.equal(answer.statusCode, 410);
    });

    test('the supervisor page works in a browser also signed in as staff: its session cookie is no CSRF refusal', async () => {
      const january = services.followup.atClock(() => Date.parse('2021-01-28T00:00:00Z'));
      const token = (await january.classView(classId)).rows.find((r) => r.name === '扎西旺拉')!.supervisorLink!.split('/t/s/')[1];
      // The cookie of the class teacher's session, without its CSRF header (the supervisor page has none).
      const cookie = { cookie: h.classTeacher.cookie };
      const read = await app.inject({ url: `/api/v1/followup/supervisor/${token}`, headers: cookie });
      assert.equal(read.statusCode, 410, read.body);
      const put = await app.inject({ method: 'PUT', url: `/api/v1/followup/supervisor/${token}`, headers: cookie, payload: { answers: { change: 3 } } });
      assert.equal(put.json().code, 'followup.link_expired', put.body);
    });

    test('the class teacher comments on a trainee’s plan item (audited, seen on the phone); the frozen plan’s text stays', async () => {
      const rows = (await app.inject({ url: `/api/v1/classes/${classId}/followup`, headers: h.classTeacher })).json().rows;
      const item = rows.find((r: { name: string }) => r.name === '扎西旺拉').items[0];
      const url = `/api/v1/classes/${classId}/followup/plans/${enrolment.get('扎西旺拉')}/items/${item.id}`;
      const same = { text: item.text, dueOn: item.dueOn, measure: item.measure };
      const commented = await app.inject({
        method: 'PUT',
        url,
        headers: h.classTeacher,
        payload: { ...same, staffComment: '成果登记做得扎实，建议总结成经验材料。' },
      });
      assert.equal(commented.statusCode, 200, commented.body);
      const saved = commented.json().rows.find((r: { name: string }) => r.name === '扎西旺拉').items[0];
      assert.equal(saved.staffComment, '成果登记做得扎实，建议总结成经验材料。');
      assert.ok(saved.staffCommentAt);
      const phone = await app.inject({ url: `/api/v1/me/enrolments/${enrolment.get('扎西旺拉')}/action-plan`, headers: phones.get('扎西旺拉') });
      assert.equal(phone.json().items[0].staffComment, '成果登记做得扎实，建议总结成经验材料。');
      const logged = await t.database.db.selectFrom('audit_log').select(['after_json']).where('action', '=', 'action_plan.staff_update').execute();
      assert.equal(logged.length, 1);
      assert.match(String(logged[0].after_json), /经验材料/);
      // The follow-up has been: the plan's text is kept as the trainee answered about it.
      const changed = await app.inject({
        method: 'PUT',
        url,
        headers: h.classTeacher,
        payload: { ...same, text: '改过的计划', staffComment: '成果登记做得扎实，建议总结成经验材料。' },
      });
      assert.equal(changed.statusCode, 409);
      assert.equal(changed.json().code, 'followup.plan_frozen');
      const long = await app.inject({
        method: 'PUT',
        url,
        headers: { ...h.classTeacher, 'accept-language': 'en' },
        payload: { ...same, staffComment: '好'.repeat(501) },
      });
      assert.equal(long.statusCode, 400);
      assert.equal(long.json().errors[0].field, 'staffComment');
      const after = (await app.inject({ url: `/api/v1/classes/${classId}/followup`, headers: h.classTeacher }))
        .json()
        .rows.find((r: { name: string }) => r.name === '扎西旺拉').items[0];
      assert.deepEqual([after.text, after.staffComment], [item.text, '成果登记做得扎实，建议总结成经验材料。']);
      // Another class's item, or the sponsor: refused.
      assert.equal((await app.inject({ method: 'PUT', url, headers: h.sponsor, payload: { ...same, staffComment: '赞' } })).statusCode, 403);
      const foreign = await app.inject({ method: 'PUT', url: url.replace(`/items/${item.id}`, '/items/999999'), headers: h.classTeacher, payload: same });
      assert.equal(foreign.statusCode, 404);
    });
  });
}
