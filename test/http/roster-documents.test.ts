import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../src/server/app';
import { DATABASES, freshDatabase, type TestDatabase } from '../support/db';
import { appFor, loginHeaders, withDemo } from '../support/factories';

// #16 on the roster's own screens: the office phone and the document type through the create and
// edit API, each checked with an error naming the field, and nothing changed on refusal.

for (const kind of DATABASES) {
  describe(`roster API: office phone and document type (${kind})`, () => {
    let t: TestDatabase;
    let app: FastifyInstance;
    let s: Services;
    let classId: number;
    let h: Record<string, string>;
    before(async () => {
      t = await freshDatabase(kind);
      const built = await appFor(t);
      app = built.app;
      s = built.services;
      const demo = await withDemo(s);
      const demoClass = await s.classes.getClass(null, demo.classId);
      classId = await s.classes.createClass(null, demoClass.programmeId, {
        title: '证件类型测试班',
        startsOn: '2026-09-01',
        endsOn: '2026-09-10',
        timeZone: 'Asia/Shanghai',
        leaveLimitRatio: 1 / 7,
        minAttendanceRatio: 0.8,
        lateGraceMinutes: 10,
      });
      await s.classes.transition(null, classId, 'enrolling');
      // The class teacher (班主任) of this class.
      const userId = await s.auth.createUser(null, { username: 'banzhuren-2', displayName: '班主任', password: 'teacher-password-1' });
      await s.classes.addStaff(null, classId, { userId, role: 'class_teacher' });
      h = await loginHeaders(app, 'banzhuren-2', 'teacher-password-1');
    });
    after(async () => {
      await app.close();
      await t.drop();
    });

    const enrol = (person: Record<string, unknown>, lang = 'zh-CN') =>
      app.inject({ method: 'POST', url: `/api/v1/classes/${classId}/enrolments`, headers: { ...h, 'accept-language': lang }, payload: { person } });
    const people = async () =>
      Number(
        (
          await t.database.db
            .selectFrom('people')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );

    test('a trainee with a passport and a landline is enrolled; the number is masked and encrypted', async () => {
      const res = await enrol({ name: '约翰·史密斯', phone: '13900001234', officePhone: '(0891)6331234', idType: 'passport', idNumber: 'e1234567' });
      assert.equal(res.statusCode, 201, res.body);
      const p = res.json().person;
      assert.deepEqual([p.officePhone, p.idType, p.idNumberMasked], ['0891-6331234', 'passport', 'E****567']);
      const row = await t.database.db
        .selectFrom('people')
        .select(['office_phone', 'id_type', 'id_number_enc'])
        .where('id', '=', p.id)
        .executeTakeFirstOrThrow();
      assert.deepEqual([row.office_phone, row.id_type], ['0891-6331234', 'passport']);
      assert.ok(row.id_number_enc?.startsWith('v1:') && !row.id_number_enc.includes('E1234567'));
    });

    test('a number that does not fit its type, or a bad office phone, is refused naming the field; nothing stored', async () => {
      const before = await people();
      const wrong = await enrol({ name: '陈大文', idType: 'hk_macao_permit', idNumber: 'H1234567' });
      assert.equal(wrong.statusCode, 400, wrong.body);
      assert.deepEqual(wrong.json().errors, [
        {
          field: 'person.idNumber',
          code: 'document.field.hk_macao_permit',
          message: '证件号码不符合港澳居民来往内地通行证的格式：H 或 M 加 8 位（旧版 10 位）数字',
        },
      ]);
      const en = await enrol({ name: '陈大文', idType: 'passport', idNumber: '12' }, 'en');
      assert.equal(en.json().errors[0].message, 'Document number: a passport number has 5 to 17 letters and digits');
      // A mainland ID is still checked as one, with its own words.
      const resident = await enrol({ name: '陈大文', idType: 'resident_id', idNumber: 'H12345678' });
      assert.equal(resident.statusCode, 400);
      assert.equal(resident.json().errors[0].field, 'person.idNumber');
      const office = await enrol({ name: '陈大文', officePhone: '5821234' });
      assert.equal(office.statusCode, 400);
      assert.deepEqual(
        office.json().errors.map((e: { field: string; code: string }) => [e.field, e.code]),
        [['person.officePhone', 'office_phone.format']],
      );
      assert.match(office.json().errors[0].message, /办公电话/);
      assert.equal(await people(), before);
    });

    test('editing: the office phone and the document type change; a new type without its number is refused', async () => {
      const e = (await s.roster.listRoster(classId))[0];
      const patch = (person: Record<string, unknown>) => app.inject({ method: 'PATCH', url: `/api/v1/enrolments/${e.id}`, headers: h, payload: { person } });
      const alone = await patch({ idType: 'taiwan_permit' });
      assert.equal(alone.statusCode, 400, alone.body);
      assert.equal(alone.json().errors[0].code, 'document.needs_number');
      assert.equal((await s.roster.getEnrolment(e.id)).person.idType, e.person.idType);
      const ok = await patch({ officePhone: '0894-5821234', idType: 'taiwan_permit', idNumber: '12345678' });
      assert.equal(ok.statusCode, 200, ok.body);
      assert.deepEqual([ok.json().person.officePhone, ok.json().person.idType, ok.json().person.idNumberMasked], ['0894-5821234', 'taiwan_permit', '1****678']);
      const cleared = await patch({ officePhone: '' });
      assert.equal(cleared.json().person.officePhone, null);
    });
  });
}
