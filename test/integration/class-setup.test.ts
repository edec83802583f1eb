// The 教务 office's set-up of programmes and classes: validation in the user's language, duplicates
// as a 409 on the field (also when two requests race past the check), date edits that keep the
// timetable inside the class, and copying a past class as the start of next year's.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../src/server/app';
import { AppError } from '../../src/server/lib/errors';
import type { Actor } from '../../src/server/lib/permissions';
import { instantOf, wallClockOf } from '../../src/server/lib/wall-clock';
import { refusal as rejects } from '../support/class-setup';
import { DATABASES, freshDatabase, type TestDatabase } from '../support/db';
import { appFor, loginHeaders, makeActor, makeClass, withDemo } from '../support/factories';

const lecture = (day: string, from = '09:00', to = '11:00', tz = '+08:00') => ({
  kind: 'lecture' as const,
  title: `讲座 ${day} ${from}`,
  startsAt: `${day}T${from}:00${tz}`,
  endsAt: `${day}T${to}:00${tz}`,
  hours: 2,
  lecturerIds: [],
  groupIds: [],
});

for (const kind of DATABASES) {
  describe(`programme and class set-up on ${kind}`, () => {
    let t: TestDatabase;
    let services: Services;
    let app: FastifyInstance;
    let demoClassId: number;
    let organizer: Record<string, string>;
    let institutionId: number;
    let admin: Actor;

    before(async () => {
      t = await freshDatabase(kind);
      const built = await appFor(t);
      app = built.app;
      services = built.services;
      ({ classId: demoClassId } = await withDemo(services));
      institutionId = (await services.classes.getClass(null, demoClassId)).institutionId;
      organizer = await loginHeaders(app, 'yuchanghong', 'cohort-demo-2020');
      admin = await makeActor(services, 'admin');
    });
    after(async () => {
      await app.close();
      await t.drop();
    });

    test('a programme is created and edited over HTTP; bad years and a duplicate name are refused on the field', async () => {
      const created = await app.inject({
        method: 'POST',
        url: `/api/v1/institutions/${institutionId}/programmes`,
        headers: organizer,
        payload: { name: '  雪域英才培养计划 ', sponsorName: '西藏自治区人才办', startYear: 2027, endYear: 2030, description: '三年一期' },
      });
      assert.equal(created.statusCode, 201, created.body);
      const p = created.json();
      assert.deepEqual([p.name, p.sponsorName, p.startYear, p.endYear, p.classCount], ['雪域英才培养计划', '西藏自治区人才办', 2027, 2030, 0]);
      assert.ok(p.abilities.includes('class.manage'));

      const backwards = await app.inject({
        method: 'POST',
        url: `/api/v1/institutions/${institutionId}/programmes`,
        headers: organizer,
        payload: { name: '倒序年度', startYear: 2030, endYear: 2027 },
      });
      assert.equal(backwards.statusCode, 400);
      assert.deepEqual(backwards.json().errors, [{ field: 'endYear', code: 'programme.years_order', message: '结束年度不能早于开始年度' }]);

      const again = await app.inject({
        method: 'POST',
        url: `/api/v1/institutions/${institutionId}/programmes`,
        headers: { ...organizer, 'accept-language': 'en' },
        payload: { name: '雪域英才培养计划' },
      });
      assert.equal(again.statusCode, 409);
      assert.deepEqual(again.json().errors, [
        { field: 'name', code: 'programme.duplicate_name', message: 'This institution already has a programme named “雪域英才培养计划”' },
      ]);

      const renamed = await app.inject({
        method: 'PATCH',
        url: `/api/v1/programmes/${p.id}`,
        headers: organizer,
        payload: { name: '科技兴藏人才培养工程' },
      });
      assert.equal(renamed.statusCode, 409);
      assert.equal(renamed.json().errors[0].field, 'name');
      const years = await app.inject({ method: 'PATCH', url: `/api/v1/programmes/${p.id}`, headers: organizer, payload: { endYear: 2026 } });
      assert.equal(years.statusCode, 400);
      assert.equal(years.json().errors[0].field, 'endYear');

      const edited = await app.inject({ method: 'PATCH', url: `/api/v1/programmes/${p.id}`, headers: organizer, payload: { endYear: 2031, sponsorName: '' } });
      assert.equal(edited.statusCode, 200, edited.body);
      assert.deepEqual([edited.json().endYear, edited.json().sponsorName], [2031, null]);
      const trail = await services.audit.listForEntity('programme', p.id);
      const update = trail.find((e) => e.action === 'programme.update')!;
      assert.deepEqual(JSON.parse(update.before_json!), { endYear: 2030, sponsorName: '西藏自治区人才办' });
      assert.deepEqual(JSON.parse(update.after_json!), { endYear: 2031, sponsorName: null });
    });

    test('two requests racing with the same programme name: one is created, the other is a 409 on the name', async () => {
      const results = await Promise.allSettled([0, 1, 2].map(() => services.classes.createProgramme(null, { institutionId, name: '并发创建的项目' })));
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
      for (const r of results.filter((x) => x.status === 'rejected')) {
        const e = (r as PromiseRejectedResult).reason;
        assert.ok(e instanceof AppError, String(e));
        assert.deepEqual([e.status, e.fieldErrors[0].field, e.fieldErrors[0].code], [409, 'name', 'programme.duplicate_name']);
      }
    });

    test('a class is created with every field; bad dates, times, zones and duplicates name the field', async () => {
      const { programmeId } = await services.classes.getClass(null, demoClassId);
      const body = {
        title: '2027年“科技兴藏人才培养工程”西藏科技管理干部培训班',
        shortTitle: '2027西藏科技管理干部班',
        code: 'XZ-2027',
        startsOn: '2027-10-11',
        endsOn: '2027-10-22',
        timeZone: 'Asia/Shanghai',
        place: '上海',
        organizerName: '上海科技管理干部学院',
        sponsorName: '西藏自治区科学技术厅',
        description: '十二天',
        minAttendanceRatio: 0.9,
        leaveLimitRatio: 0.1,
        lateGraceMinutes: 15,
        lunchStarts: '11:45',
        lunchEnds: '13:15',
      };
      const post = (payload: object, lang = 'zh-CN') =>
        app.inject({ method: 'POST', url: `/api/v1/programmes/${programmeId}/classes`, headers: { ...organizer, 'accept-language': lang }, payload });
      const res = await post(body);
      assert.equal(res.statusCode, 201, res.body);
      const c = res.json();
      for (const [k, v] of Object.entries(body)) assert.deepEqual(c[k], v, k);
      assert.equal(c.status, 'planning');

      const cases: Array<[object, number, string, string]> = [
        [{ ...body, title: '另一个', code: 'XZ-2028', endsOn: '2027-10-01' }, 400, 'endsOn', 'class.dates_order'],
        [{ ...body, title: '另一个', code: 'XZ-2028', startsOn: '2027-02-30' }, 400, 'startsOn', 'date.invalid'],
        [{ ...body, title: '另一个', code: 'XZ-2028', timeZone: 'Asia/Lhasa-ish' }, 400, 'timeZone', 'time_zone.invalid'],
        [{ ...body, title: '另一个', code: 'XZ-2028', lunchEnds: '25:00' }, 400, 'lunchEnds', 'time.invalid'],
        [{ ...body, title: '另一个', code: 'XZ-2028', lunchEnds: '11:00' }, 400, 'lunchEnds', 'class.lunch_order'],
        [{ ...body, title: '另一个', code: 'XZ-2028', minAttendanceRatio: 1.5 }, 400, 'minAttendanceRatio', 'too_big'],
        [{ ...body, code: 'XZ-2028' }, 409, 'title', 'class.duplicate_title'],
        [{ ...body, title: '另一个' }, 409, 'code', 'class.duplicate_code'],
      ];
      for (const [payload, status, field, code] of cases) {
        const r = await post(payload);
        assert.equal(r.statusCode, status, `${field}: ${r.body}`);
        assert.deepEqual([r.json().errors[0].field, r.json().errors[0].code], [field, code], r.body);
        assert.ok(r.json().errors[0].message.length > 0);
      }
      const en = await post({ ...body, title: '另一个' }, 'en');
      assert.equal(en.json().errors[0].message, `The code XZ-2027 is used by the class “${body.title}” already`);
      // A code is unique across the institution, not only the programme.
      const other = await services.classes.createProgramme(null, { institutionId, name: '另一个项目' });
      await rejects(services.classes.createClass(null, other, { ...body, title: '别的班' }), 'class.duplicate_code', 'code');
      // Nothing was written by the refusals.
      assert.equal((await services.classes.listClasses(admin, { programmeId })).filter((x) => x.title === '另一个').length, 0);
    });

    test('editing dates: sessions left outside are refused with their count; shifting moves them by wall clock', async () => {
      const { classId } = await makeClass(services, { startsOn: '2027-03-01', endsOn: '2027-03-05' });
      await services.timetable.createSession(admin, classId, lecture('2027-03-01'));
      await services.timetable.createSession(admin, classId, lecture('2027-03-04', '14:00', '17:00'));
      await services.timetable.createSession(admin, classId, lecture('2027-03-05'));
      const e = await rejects(
        services.classSetup.updateClass(admin, classId, { startsOn: '2027-03-02', endsOn: '2027-03-04' }),
        'class.sessions_outside',
        'startsOn',
      );
      assert.deepEqual((e as AppError).fieldErrors[0].params, {
        count: 2,
        first: '2027-03-01',
        last: '2027-03-05',
        startsOn: '2027-03-02',
        endsOn: '2027-03-04',
      });
      const cls = await services.classes.getClass(null, classId);
      assert.deepEqual([cls.startsOn, cls.endsOn], ['2027-03-01', '2027-03-05'], 'nothing changed');

      // The class is put off by a week: the timetable moves along, same times of day.
      await services.classSetup.updateClass(admin, classId, { startsOn: '2027-03-08', endsOn: '2027-03-12', shiftSessions: true, title: '推迟一周的班' });
      const moved = await services.timetable.listSessions(classId);
      assert.deepEqual(
        moved.map((s) => [wallClockOf(s.startsAt, 'Asia/Shanghai'), wallClockOf(s.endsAt, 'Asia/Shanghai').time]),
        [
          [{ date: '2027-03-08', time: '09:00:00' }, '11:00:00'],
          [{ date: '2027-03-11', time: '14:00:00' }, '17:00:00'],
          [{ date: '2027-03-12', time: '09:00:00' }, '11:00:00'],
        ],
      );
      // Shifting that still leaves a session outside (the class got shorter) changes nothing.
      await rejects(
        services.classSetup.updateClass(admin, classId, { startsOn: '2027-03-09', endsOn: '2027-03-12', shiftSessions: true }),
        'class.sessions_outside',
        'endsOn',
      );
      assert.equal(wallClockOf((await services.timetable.listSessions(classId))[0].startsAt, 'Asia/Shanghai').date, '2027-03-08');

      const log = await services.audit.listForClass(classId);
      const update = log.find((x) => x.action === 'class.update')!;
      assert.deepEqual(update.before, { title: cls.title, startsOn: '2027-03-01', endsOn: '2027-03-05' });
      assert.deepEqual(update.after, { title: '推迟一周的班', startsOn: '2027-03-08', endsOn: '2027-03-12' });
      assert.ok(log.some((x) => x.action === 'timetable.shift' && (x.after as { days: number }).days === 7));
    });

    test('a copy of the demo class: next year, same wall-clock times, groups by name, no trainees', async () => {
      const src = await services.classes.getClass(null, demoClassId);
      const srcSessions = await services.timetable.listSessions(demoClassId);
      const res = await app.inject({ method: 'POST', url: `/api/v1/classes/${demoClassId}/copy`, headers: organizer, payload: { startsOn: '2021-10-11' } });
      assert.equal(res.statusCode, 201, res.body);
      const copy = res.json();
      assert.equal(copy.title, '2021年“科技兴藏人才培养工程”西藏科技管理干部培训班');
      assert.deepEqual(
        [copy.shortTitle, copy.code, copy.startsOn, copy.endsOn, copy.status],
        ['2021西藏科技管理干部班', 'XZ-2021', '2021-10-11', '2021-10-25', 'planning'],
      );
      assert.deepEqual(
        [copy.place, copy.organizerName, copy.sponsorName, copy.timeZone, copy.minAttendanceRatio, copy.leaveLimitRatio, copy.lunchStarts],
        [src.place, src.organizerName, src.sponsorName, src.timeZone, src.minAttendanceRatio, src.leaveLimitRatio, src.lunchStarts],
      );
      assert.deepEqual([copy.counts.trainees, copy.counts.groups, copy.counts.sessions, copy.counts.hours], [0, 4, srcSessions.length, src.counts.hours]);
      assert.equal((await services.roster.listRoster(copy.id, { includeWithdrawn: true })).length, 0);

      const sessions = await services.timetable.listSessions(copy.id);
      const tz = 'Asia/Shanghai';
      assert.equal(sessions.length, srcSessions.length);
      for (const [i, s] of sessions.entries()) {
        const o = srcSessions[i];
        const [a, b] = [wallClockOf(o.startsAt, tz), wallClockOf(s.startsAt, tz)];
        assert.equal(b.time, a.time, `${s.title}: same time of day`);
        assert.equal(Math.round((Date.parse(`${b.date}T00:00Z`) - Date.parse(`${a.date}T00:00Z`)) / 86_400_000), 364, s.title);
        assert.equal(wallClockOf(s.endsAt, tz).time, wallClockOf(o.endsAt, tz).time);
        assert.deepEqual(
          [s.kind, s.title, s.site?.id, s.venue, s.hours, s.lecturers.map((l) => l.id)],
          [o.kind, o.title, o.site?.id, o.venue, o.hours, o.lecturers.map((l) => l.id)],
        );
        assert.deepEqual(
          s.groups.map((g) => g.name),
          o.groups.map((g) => g.name),
          `${s.title}: the same groups, by name`,
        );
      }
      const newGroups = new Set((await services.roster.listGroups(copy.id)).map((g) => g.id));
      assert.ok(
        sessions.flatMap((s) => s.groups).every((g) => newGroups.has(g.id)),
        "per-group sessions point at the copy's groups",
      );
      assert.ok(
        sessions.some((s) => s.groups.length === 1),
        'the demo has per-group discussions',
      );
      const ceremony = sessions.find((s) => s.kind === 'ceremony')!;
      assert.ok(ceremony.agenda.length > 0);
      assert.ok(ceremony.agenda.every((a) => a.enrolmentId === null && a.summary === null));
      assert.ok(ceremony.agenda.filter((a) => a.kind === 'speech').every((a) => a.speakerName === null && a.speakerRole === null));
      assert.deepEqual(
        ceremony.agenda.filter((a) => a.kind === 'speech').map((a) => newGroups.has(a.groupId!)),
        [true, true, true, true],
      );
      assert.equal(ceremony.agenda.find((a) => a.kind === 'other')?.speakerName, '于长宏', 'staff roles stay');
      const rule = (await services.completion.ruleIn(t.database.db, copy.id)).rule;
      const srcRule = (await services.completion.ruleIn(t.database.db, demoClassId)).rule;
      assert.deepEqual({ ...rule, classId: 0 }, { ...srcRule, classId: 0 });
      const certificates = await services.certificates.list(copy.id);
      assert.equal(certificates.length, 0);
      const log = await services.audit.listForClass(copy.id);
      assert.ok(log.some((e) => e.action === 'class.copy' && (e.after as { fromClassId: number }).fromClassId === demoClassId));
      assert.ok((await services.audit.listForClass(demoClassId)).some((e) => e.action === 'class.copied'));

      // Copying again to the same year gives the same title: a 409 on the title, nothing written.
      const again = await app.inject({ method: 'POST', url: `/api/v1/classes/${demoClassId}/copy`, headers: organizer, payload: { startsOn: '2021-10-18' } });
      assert.equal(again.statusCode, 409);
      assert.equal(again.json().errors[0].field, 'title');
      const bad = await app.inject({ method: 'POST', url: `/api/v1/classes/${demoClassId}/copy`, headers: organizer, payload: { startsOn: '2021-13-01' } });
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json().errors[0].field, 'startsOn');
      assert.equal((await services.classes.listClasses(admin, { programmeId: src.programmeId })).filter((c) => c.startsOn === '2021-10-18').length, 0);
    });

    test('copying across a DST change keeps the wall-clock time, not the instant', async () => {
      const { classId, programmeId } = await makeClass(services, { title: 'Berlin spring 2026', startsOn: '2026-03-23', endsOn: '2026-03-27' });
      await services.classSetup.updateClass(admin, classId, { timeZone: 'Europe/Berlin' });
      // 09:00 in Berlin on 23 March 2026 is CET (UTC+1); on 30 March 2026 it is CEST (UTC+2).
      await services.timetable.createSession(admin, classId, lecture('2026-03-23', '09:00', '10:30', '+01:00'));
      await services.timetable.createSession(admin, classId, lecture('2026-03-27', '16:00', '18:00', '+01:00'));
      const id = await services.classSetup.copyClass(admin, classId, { startsOn: '2026-03-30', title: 'Berlin spring, one week later' });
      const copied = await services.timetable.listSessions(id);
      assert.deepEqual(
        copied.map((s) => s.startsAt),
        ['2026-03-30T07:00:00.000Z', '2026-04-03T14:00:00.000Z'],
      );
      assert.equal(instantOf('2026-03-30', '09:00', 'Europe/Berlin'), '2026-03-30T07:00:00.000Z');
      const copy = await services.classes.getClass(null, id);
      assert.deepEqual([copy.timeZone, copy.startsOn, copy.endsOn, copy.programmeId], ['Europe/Berlin', '2026-03-30', '2026-04-03', programmeId]);
    });
  });
}
