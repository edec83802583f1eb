import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { Services } from '../../src/server/app';
import { USERS } from '../../src/server/demo/seed-facts';
import { REVEALS_PER_HOUR } from '../../src/server/modules/roster/people';
import { DATABASES, freshDatabase, type TestDatabase } from '../support/db';
import { appFor, loginHeaders, withDemo } from '../support/factories';

// Who may reach a person and their personal data (#14): enrolling someone by a guessed person id,
// changing a record shared with a completed class, revealing full ID numbers, a lecturer's
// sessions in other classes, the sponsor's phones and batch jobs.

const ID = { losang: '540102198001010017', zhuoma: '540102198502020028', ciren: '540102199003030039' };

for (const kind of DATABASES) {
  describe(`personal data and who may touch a person (${kind})`, () => {
    let t: TestDatabase;
    let app: FastifyInstance;
    let s: Services;
    let institutionId: number;
    let demoClassId: number;
    const cls = { old: 0, a: 0, b: 0, c: 0 };
    const person = { losang: 0, ciren: 0 };
    const h: Record<'admin' | 'teacherAB' | 'teacherC' | 'demoTeacher' | 'sponsor', Record<string, string>> = {} as never;
    const headers = (who: keyof typeof h, lang = 'zh-CN') => ({ ...h[who], 'accept-language': lang });

    before(async () => {
      t = await freshDatabase(kind);
      const built = await appFor(t);
      app = built.app;
      s = built.services;
      const demo = await withDemo(s);
      demoClassId = demo.classId;
      const demoClass = await s.classes.getClass(null, demoClassId);
      institutionId = demoClass.institutionId;
      const newClass = async (title: string) => {
        const id = await s.classes.createClass(null, demoClass.programmeId, {
          title,
          startsOn: '2026-09-01',
          endsOn: '2026-09-10',
          timeZone: 'Asia/Shanghai',
          leaveLimitRatio: 1 / 7,
          minAttendanceRatio: 0.8,
          lateGraceMinutes: 10,
        });
        await s.classes.transition(null, id, 'enrolling');
        return id;
      };
      cls.old = await newClass('2025年已结业的培训班');
      cls.a = await newClass('A 班');
      cls.b = await newClass('B 班');
      cls.c = await newClass('C 班');
      const losang = await s.database.transaction((trx) =>
        s.roster.enrolIn(trx, null, cls.old, { role: 'member', person: { name: '洛桑', phone: '13800001111', idNumber: ID.losang, workUnit: '拉萨市科技局' } }),
      );
      await s.database.transaction((trx) =>
        s.roster.enrolIn(trx, null, cls.old, { role: 'member', person: { name: '卓玛', phone: '13800002222', idNumber: ID.zhuoma } }),
      );
      const ciren = await s.database.transaction((trx) =>
        s.roster.enrolIn(trx, null, cls.b, { role: 'member', person: { name: '次仁', phone: '13800003333', idNumber: ID.ciren, workUnit: '山南市科技局' } }),
      );
      person.losang = (await s.roster.getEnrolment(losang)).person.id;
      person.ciren = (await s.roster.getEnrolment(ciren)).person.id;
      // The earlier class has completed (its roster is frozen).
      await sql`update classes set status = 'completed' where id = ${cls.old}`.execute(s.database.db);

      const staff = async (username: string, classIds: number[]) => {
        const userId = await s.auth.createUser(null, { username, displayName: username, password: 'teacher-password-1' });
        for (const classId of classIds) await s.classes.addStaff(null, classId, { userId, role: 'class_teacher' });
        return loginHeaders(app, username, 'teacher-password-1');
      };
      h.teacherAB = await staff('teacher-ab', [cls.a, cls.b]);
      h.teacherC = await staff('teacher-c', [cls.c]);
      h.admin = await loginHeaders(app, USERS.admin.username, demo.password);
      h.demoTeacher = await loginHeaders(app, USERS.classTeacher.username, demo.password);
      h.sponsor = await loginHeaders(app, USERS.sponsor.username, demo.password);
    });
    after(async () => {
      await app.close();
      await t.drop();
    });

    const auditOf = async (classId: number) =>
      (
        (await app.inject({ url: `/api/v1/classes/${classId}/audit?pageSize=100`, headers: headers('admin') })).json() as {
          entries: Array<{ action: string; entityId: number; after: Record<string, unknown> | null }>;
        }
      ).entries;

    test('a class teacher cannot enrol someone by guessing a person id; someone on a roster they may read, yes', async () => {
      const guessed = await app.inject({
        method: 'POST',
        url: `/api/v1/classes/${cls.c}/enrolments`,
        headers: headers('teacherC'),
        payload: { personId: person.losang },
      });
      assert.equal(guessed.statusCode, 400, guessed.body);
      assert.deepEqual(
        guessed.json().errors.map((e: { field: string; code: string }) => [e.field, e.code]),
        [['personId', 'not_found']],
      );
      // Answered exactly like an id nobody has.
      const nobody = await app.inject({
        method: 'POST',
        url: `/api/v1/classes/${cls.c}/enrolments`,
        headers: headers('teacherC'),
        payload: { personId: 999999 },
      });
      assert.equal(nobody.statusCode, 400);
      assert.deepEqual(nobody.json().errors, guessed.json().errors);
      assert.equal((await s.roster.listRoster(cls.c)).length, 0);
      assert.ok(!(await auditOf(cls.c)).some((e) => e.action === 'enrolment.create'));

      const visible = await app.inject({
        method: 'POST',
        url: `/api/v1/classes/${cls.a}/enrolments`,
        headers: headers('teacherAB'),
        payload: { personId: person.ciren },
      });
      assert.equal(visible.statusCode, 201, visible.body);
      assert.equal(visible.json().person.id, person.ciren);
    });

    test('a returning trainee of a completed class is linked by ID number and name; the locked record stays as it was', async () => {
      const res = await app.inject({
        method: 'POST',
        url: `/api/v1/classes/${cls.c}/enrolments`,
        headers: headers('teacherC'),
        payload: { person: { name: '洛桑', idNumber: ID.losang, workUnit: '西藏自治区科学技术厅' } },
      });
      assert.equal(res.statusCode, 201, res.body);
      assert.equal(res.json().person.id, person.losang);
      assert.equal(res.json().linkedExistingPerson, true);
      assert.deepEqual(res.json().recordLocked, { title: '2025年已结业的培训班', status: 'completed' });
      assert.equal(res.json().person.workUnit, '拉萨市科技局', 'the completed class’s record is unchanged');

      // Editing the shared record from the new class respects the completed class's lock.
      const edit = await app.inject({
        method: 'PATCH',
        url: `/api/v1/enrolments/${res.json().id}`,
        headers: headers('teacherC', 'en'),
        payload: { person: { workUnit: '西藏自治区科学技术厅' } },
      });
      assert.equal(edit.statusCode, 409, edit.body);
      assert.equal(edit.json().code, 'person.record_locked');
      assert.match(edit.json().title, /2025年已结业的培训班/);
      assert.equal((await s.roster.getEnrolment(res.json().id)).person.workUnit, '拉萨市科技局');
      assert.ok(!(await auditOf(cls.old)).some((e) => e.action === 'person.update'));
      // The enrolment itself (group, role) may still change.
      const groupId = await s.database.transaction((trx) => s.roster.createGroupIn(trx, null, cls.c, { name: '一组' }));
      const move = await app.inject({ method: 'PATCH', url: `/api/v1/enrolments/${res.json().id}`, headers: headers('teacherC'), payload: { groupId } });
      assert.equal(move.statusCode, 200, move.body);
    });

    test('an edit of a record shared by several classes is audited in each of them', async () => {
      const inA = (await s.roster.listRoster(cls.a)).find((e) => e.person.id === person.ciren)!;
      const res = await app.inject({
        method: 'PATCH',
        url: `/api/v1/enrolments/${inA.id}`,
        headers: headers('teacherAB'),
        payload: { person: { workUnit: '西藏自治区科学技术厅', phone: '13800003334', officePhone: '(0893)8221234' } },
      });
      assert.equal(res.statusCode, 200, res.body);
      for (const classId of [cls.a, cls.b]) {
        const entry = (await auditOf(classId)).find((e) => e.action === 'person.update' && e.entityId === person.ciren);
        assert.ok(entry, `audited in class ${classId}`);
        assert.equal(entry.after?.workUnit, '西藏自治区科学技术厅');
      }
    });

    test('a full ID number: only for roles that may, audited, and limited per hour with a clear 429', async () => {
      const enrolment = (await s.roster.listRoster(cls.c)).find((e) => e.person.id === person.losang)!;
      const url = `/api/v1/enrolments/${enrolment.id}/id-number`;
      assert.equal((await app.inject({ url, headers: headers('sponsor') })).statusCode, 403);
      for (let i = 0; i < REVEALS_PER_HOUR; i++) {
        const res = await app.inject({ url, headers: headers('teacherC') });
        assert.equal(res.statusCode, 200, res.body);
        assert.equal(res.json().idNumber, ID.losang);
      }
      const refused = await app.inject({ url, headers: headers('teacherC') });
      assert.equal(refused.statusCode, 429, refused.body);
      assert.equal(refused.json().code, 'person.reveal_limited');
      assert.match(refused.json().title, new RegExp(`每小时最多 ${REVEALS_PER_HOUR} 次`));
      const en = await app.inject({ url, headers: headers('teacherC', 'en') });
      assert.match(en.json().title, new RegExp(`at most ${REVEALS_PER_HOUR} an hour\\); try again in \\d+ minutes`));
      const reveals = (await auditOf(cls.c)).filter((e) => e.action === 'person.reveal_id_number');
      assert.equal(reveals.length, REVEALS_PER_HOUR, 'every reveal audited, refused ones did not reveal');
      // The limit is per user: another class teacher of the person is not affected.
      assert.equal((await app.inject({ url, headers: headers('admin') })).statusCode, 200);
    });

    test('the lecturer pool shows a lecturer’s sessions only in classes the caller may read', async () => {
      const lecturer = (await s.timetable.listLecturers(institutionId)).find((l) => l.name === '张春羽')!;
      const url = `/api/v1/lecturers/${lecturer.id}`;
      const own = await app.inject({ url, headers: headers('demoTeacher') });
      assert.equal(own.statusCode, 200);
      assert.ok(own.json().sessions.length > 0);
      assert.ok(own.json().sessions.every((x: { classId: number }) => x.classId === demoClassId));
      const other = await app.inject({ url, headers: headers('teacherC') });
      assert.equal(other.statusCode, 200, 'the pool itself is shared across the institution');
      assert.deepEqual(other.json().sessions, [], 'but not another class’s timetable');
      assert.equal(other.json().sessionCount, own.json().sessionCount);
    });

    test('the sponsor (read-only) may not start certificate batch jobs', async () => {
      const res = await app.inject({
        method: 'POST',
        url: `/api/v1/classes/${demoClassId}/certificate-jobs`,
        headers: headers('sponsor'),
        payload: { kind: 'bundle', format: 'zip' },
      });
      assert.equal(res.statusCode, 403, res.body);
      assert.equal((await app.inject({ url: `/api/v1/classes/${demoClassId}/certificate-jobs`, headers: headers('sponsor') })).statusCode, 200);
    });

    test('the sponsor sees trainees’ phones only where the institution allows it', async () => {
      const roster = async (who: keyof typeof h, q = '') =>
        (await app.inject({ url: `/api/v1/classes/${cls.b}/enrolments${q ? `?q=${q}` : ''}`, headers: headers(who) })).json() as Array<{
          person: { name: string; phone: string | null; officePhone: string | null };
        }>;
      const contacts = async (who: keyof typeof h) => {
        const res = await app.inject({ url: `/api/v1/classes/${cls.b}/exports/contacts.xlsx`, headers: headers(who) });
        assert.equal(res.statusCode, 200);
        const book = new ExcelJS.Workbook();
        await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
        const cells: string[] = [];
        book.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((c) => cells.push(String(c.value)))));
        return cells.join(' ');
      };
      assert.equal((await roster('teacherAB'))[0].person.phone, '13800003334');
      assert.equal((await roster('teacherAB'))[0].person.officePhone, '0893-8221234', 'the landline stored normalised');
      assert.equal((await roster('sponsor'))[0].person.phone, null);
      assert.equal((await roster('sponsor'))[0].person.officePhone, null, 'the office phone is hidden with the mobile');
      const one = (await app.inject({ url: `/api/v1/enrolments/${(await s.roster.listRoster(cls.b))[0].id}`, headers: headers('sponsor') })).json();
      assert.deepEqual([one.person.phone, one.person.officePhone], [null, null], 'and from a single enrolment');
      assert.equal((await roster('sponsor', '3800003334')).length, 0, 'nor does a search by phone find anyone');
      assert.equal((await roster('teacherAB', '3800003334')).length, 1);
      assert.ok((await contacts('teacherAB')).includes('13800003334'));
      assert.ok((await contacts('teacherAB')).includes('0893-8221234'), 'the contact list shows the office phone');
      assert.ok(!(await contacts('sponsor')).includes('13800003334'));
      assert.ok(!(await contacts('sponsor')).includes('0893-8221234'));
      const institutions = async () =>
        ((await app.inject({ url: '/api/v1/institutions', headers: headers('admin') })).json() as Array<{ id: number; sponsorsSeePhones: boolean }>).find(
          (i) => i.id === institutionId,
        );
      assert.equal((await institutions())?.sponsorsSeePhones, false);

      // The setting is part of the institution, edited on the admin's institution screen.
      const set = await app.inject({
        method: 'PATCH',
        url: `/api/v1/institutions/${institutionId}`,
        headers: headers('admin'),
        payload: { sponsorsSeePhones: true },
      });
      assert.equal(set.statusCode, 200, set.body);
      assert.equal((await institutions())?.sponsorsSeePhones, true);
      assert.equal((await roster('sponsor'))[0].person.phone, '13800003334');
      assert.equal((await roster('sponsor'))[0].person.officePhone, '0893-8221234');
      assert.ok((await contacts('sponsor')).includes('13800003334'));
      assert.ok((await contacts('sponsor')).includes('0893-8221234'));
    });
  });
}
