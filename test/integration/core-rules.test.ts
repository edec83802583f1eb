import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import type { Services } from '../../src/server/app';
import { AppError } from '../../src/server/lib/errors';
import type { Actor } from '../../src/server/lib/permissions';
import { DATABASES, freshDatabase, type TestDatabase } from '../support/db';
import { makeActor, makeClass, servicesFor } from '../support/factories';

const rejects = async (p: Promise<unknown>, code: string, field?: string) => {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof AppError, `expected AppError, got ${e}`);
    if (field) {
      assert.deepEqual(
        e.fieldErrors.map((f) => [f.field, f.code]),
        [[field, code]],
      );
    } else assert.equal(e.code, code);
    return;
  }
  assert.fail(`expected ${code}`);
};

for (const kind of DATABASES) {
  describe(`classes, roster and timetable rules on ${kind}`, () => {
    let t: TestDatabase;
    let services: Services;
    let admin: Actor;
    before(async () => {
      t = await freshDatabase(kind);
      services = servicesFor(t);
      admin = await makeActor(services, 'admin');
    });
    after(() => t.drop());

    const lecture = (day = '2026-03-03', from = '09:00', to = '11:00') => ({
      kind: 'lecture' as const,
      title: '讲座',
      startsAt: `${day}T${from}:00+08:00`,
      endsAt: `${day}T${to}:00+08:00`,
      hours: 2,
      lecturerIds: [],
      groupIds: [],
    });

    test('the lifecycle moves one step at a time and needs trainees and sessions to start', async () => {
      const { classId } = await makeClass(services);
      await rejects(services.classes.transition(admin, classId, 'running'), 'class.invalid_transition');
      await services.classes.transition(admin, classId, 'enrolling');
      await rejects(services.classes.transition(admin, classId, 'running'), 'class.transition_requirements');
      await services.roster.enrol(admin, classId, { role: 'member', person: { name: '甲' } });
      await services.timetable.createSession(admin, classId, lecture());
      await services.classes.transition(admin, classId, 'running');
      await services.classes.transition(admin, classId, 'completed');
      // After completion the roster is frozen; the timetable stays editable until archiving.
      await rejects(services.roster.enrol(admin, classId, { role: 'member', person: { name: '乙' } }), 'class.locked');
      const [s] = await services.timetable.listSessions(classId);
      await services.timetable.updateSession(admin, s.id, { notes: '补记' });
      await services.classes.transition(admin, classId, 'archived');
      await rejects(services.timetable.updateSession(admin, s.id, { notes: '再补' }), 'class.locked');
      await rejects(services.classes.transition(admin, classId, 'planning'), 'class.invalid_transition');
      const log = await services.audit.listForClass(classId);
      assert.deepEqual(
        log
          .filter((e) => e.action === 'class.transition')
          .map((e) => (e.after as { status: string }).status)
          .reverse(),
        ['enrolling', 'running', 'completed', 'archived'],
      );
    });

    test('a person is enrolled once; a duplicate ID number names the existing person', async () => {
      const { classId } = await makeClass(services);
      const e = await services.roster.enrol(admin, classId, {
        role: 'member',
        person: { name: '扎西旺拉', nameBo: 'བཀྲ་ཤིས་དབང་ལྷ', idNumber: '11010519491231002X', phone: '13800138000' },
      });
      assert.equal(e.person.idNumberMasked, '1101**********002X');
      await rejects(services.roster.enrol(admin, classId, { role: 'member', personId: e.person.id }), 'enrolment.duplicate');
      await rejects(
        services.roster.enrol(admin, classId, { role: 'member', person: { name: '别人', idNumber: '11010519491231002X' } }),
        'person.duplicate_id_number',
        'person.idNumber',
      );
      // The number is stored encrypted: the raw column does not contain it.
      const raw = await sql<{
        id_number_enc: string;
        id_number_masked: string;
      }>`select id_number_enc, id_number_masked from people where id = ${e.person.id}`.execute(t.database.db);
      assert.ok(!raw.rows[0].id_number_enc.includes('11010519491231002X'));
      assert.equal((await services.roster.revealIdNumber(admin, e.id)).idNumber, '11010519491231002X');
      const audit = JSON.stringify(await services.audit.listForClass(classId));
      assert.ok(!audit.includes('11010519491231002X'), 'the audit log never holds a full ID number');
      assert.ok(audit.includes('person.reveal_id_number'));
    });

    test('adding a returning trainee by ID number and name enrols the person on record', async () => {
      const first = await makeClass(services);
      const before = await services.roster.enrol(admin, first.classId, {
        role: 'member',
        person: { name: '次仁卓嘎', idNumber: '540102198001011234', workUnit: '拉萨市科技局', phone: '13800138001' },
      });
      assert.equal(before.linkedExistingPerson, false);
      // A later class of the same institution (people are the institution's).
      const second = {
        classId: await services.classes.createClass(null, first.programmeId, {
          title: '第二期',
          startsOn: '2026-09-07',
          endsOn: '2026-09-18',
          timeZone: 'Asia/Shanghai',
          leaveLimitRatio: 1 / 7,
          minAttendanceRatio: 6 / 7,
          lateGraceMinutes: 10,
        }),
      };
      // The same number under another name is someone's number, not a new person's: refused, nothing written.
      await rejects(
        services.roster.enrol(admin, second.classId, { role: 'member', person: { name: '别人', idNumber: '540102198001011234' } }),
        'person.duplicate_id_number',
        'person.idNumber',
      );
      assert.equal((await services.roster.listRoster(second.classId, {})).length, 0);
      // Same number and name (spacing aside): the same person, with the new work unit the form gave.
      const again = await services.roster.enrol(admin, second.classId, {
        role: 'member',
        person: { name: '次仁 卓嘎', idNumber: '540102198001011234', workUnit: '西藏自治区科技厅' },
      });
      assert.equal(again.linkedExistingPerson, true);
      assert.equal(again.person.id, before.person.id);
      assert.equal(again.person.workUnit, '西藏自治区科技厅');
      assert.equal(again.person.phone, '13800138001', 'what the form left empty stays as recorded');
      assert.equal(again.person.name, '次仁卓嘎');
      const count = await sql<{ n: number }>`select count(*) as n from people where name = '次仁卓嘎'`.execute(t.database.db);
      assert.equal(Number(count.rows[0].n), 1);
      const log = await services.audit.listForClass(second.classId);
      assert.deepEqual(log.map((e) => e.action).sort(), ['class.create', 'enrolment.create', 'person.update']);
      assert.ok(!JSON.stringify(log).includes('540102198001011234'));
    });

    test('group leaders: one per group; moving a leader out ends the leadership', async () => {
      const { classId } = await makeClass(services);
      const g1 = await services.roster.createGroup(admin, classId, { name: '第一组' });
      const g2 = await services.roster.createGroup(admin, classId, { name: '第二组' });
      await rejects(services.roster.createGroup(admin, classId, { name: '第一组' }), 'group.duplicate_name');
      const a = await services.roster.enrol(admin, classId, { groupId: g1.id, role: 'group_leader', person: { name: '甲' } });
      const b = await services.roster.enrol(admin, classId, { groupId: g1.id, role: 'group_leader', person: { name: '乙' } });
      let groups = await services.roster.listGroups(classId);
      assert.equal(groups[0].leader?.name, '乙', 'a new leader replaces the old one');
      assert.equal(groups[0].members.find((m) => m.enrolmentId === a.id)?.role, 'member');
      await services.roster.moveToGroup(admin, classId, [b.id], g2.id);
      groups = await services.roster.listGroups(classId);
      assert.equal(groups[0].leader, null);
      assert.deepEqual(
        groups[1].members.map((m) => [m.name, m.role]),
        [['乙', 'member']],
      );
      await rejects(services.roster.deleteGroup(admin, g2.id), 'group.not_empty');
      const other = await makeClass(services);
      const foreignGroup = await services.roster.createGroup(admin, other.classId, { name: '外班组' });
      await rejects(services.roster.moveToGroup(admin, classId, [a.id], foreignGroup.id), 'group.other_class', 'groupId');
      const withdrawn = await services.roster.withdraw(admin, a.id, '工作调动');
      assert.equal(withdrawn.status, 'withdrawn');
      assert.equal((await services.roster.listRoster(classId)).length, 1);
      assert.equal((await services.roster.listRoster(classId, { includeWithdrawn: true })).length, 2);
    });

    test('sessions: inside the class dates in its time zone, ends after it starts, site visits need a site', async () => {
      const { classId, institutionId } = await makeClass(services, { startsOn: '2026-03-02', endsOn: '2026-03-13' });
      // 2026-03-02 00:30 in Shanghai is 1 March in UTC: still inside the class.
      const early = await services.timetable.createSession(admin, classId, { ...lecture('2026-03-02', '00:30', '01:30') });
      assert.equal(early.startsAt, '2026-03-01T16:30:00.000Z');
      await rejects(services.timetable.createSession(admin, classId, lecture('2026-03-01')), 'session.outside_class', 'startsAt');
      await rejects(services.timetable.createSession(admin, classId, lecture('2026-03-03', '11:00', '09:00')), 'session.time_order', 'endsAt');
      await rejects(services.timetable.createSession(admin, classId, { ...lecture(), kind: 'site_visit' }), 'session.site_required', 'siteId');
      const site = await services.timetable.createSite(admin, institutionId, { name: '上海科技馆', address: '上海市浦东新区世纪大道2000号' });
      const visit = await services.timetable.createSession(admin, classId, { ...lecture(), kind: 'site_visit', siteId: site.id });
      assert.equal(visit.site?.address, '上海市浦东新区世纪大道2000号');
      await rejects(
        services.timetable.createSession(admin, classId, { ...lecture(), agenda: [{ kind: 'speech', title: '发言' }] }),
        'session.agenda_only_ceremony',
        'agenda',
      );
      const updated = await services.timetable.updateSession(admin, visit.id, { title: '现场教学：上海科技馆' });
      assert.equal(updated.revision, visit.revision + 1, 'each change bumps the revision calendars use');
      const other = await makeClass(services);
      const foreignSite = await services.timetable.createSite(admin, other.institutionId, { name: '外院教学点' });
      await rejects(services.timetable.updateSession(admin, visit.id, { siteId: foreignSite.id }), 'site.other_institution', 'siteId');
    });

    test('a failed request changes nothing: no session row, no audit entry', async () => {
      const { classId } = await makeClass(services);
      const count = async (table: 'sessions' | 'audit_log') =>
        Number((await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(t.database.db)).rows[0].n);
      const before = [await count('sessions'), await count('audit_log')];
      await rejects(services.timetable.createSession(admin, classId, { ...lecture(), lecturerIds: [999999] }), 'not_found', 'lecturerIds');
      assert.deepEqual([await count('sessions'), await count('audit_log')], before);
    });
  });
}
