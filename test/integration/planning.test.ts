// Planning checks (#9) against hand-made timetables on both databases: trainees in two places
// (whole class and shared groups, per-group and staggered sessions), a lecturer in two classes, a
// room or site booked twice, travel, lunch; edits that resolve and create warnings; the hook that
// holds back `running`; sessions for every group at once, duplicates and lecturers' grants.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Services } from '../../src/server/app';
import { AppError } from '../../src/server/lib/errors';
import type { Actor } from '../../src/server/lib/permissions';
import { DATABASES, freshDatabase, type TestDatabase } from '../support/db';
import { makeActor, makeClass, servicesFor } from '../support/factories';

const at = (day: string, time: string) => `2026-03-${day}T${time}:00+08:00`;
const rejects = async (p: Promise<unknown>, code: string, field?: string) => {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof AppError, `expected AppError, got ${e}`);
    if (field)
      assert.deepEqual(
        e.fieldErrors.map((f) => [f.field, f.code]),
        [[field, code]],
      );
    else assert.equal(e.code, code);
    return true;
  });
};

for (const kind of DATABASES) {
  describe(`planning checks on ${kind}`, () => {
    let t: TestDatabase;
    let services: Services;
    let organizer: Actor;
    let classId: number;
    let otherClassId: number;
    let institutionId: number;
    const groups: number[] = [];
    let sitri: number;
    let museum: number;
    let zhou: number;
    let chen: number;

    before(async () => {
      t = await freshDatabase(kind);
      services = servicesFor(t);
      const c = await makeClass(services, { title: '2026年科技管理干部培训班' });
      classId = c.classId;
      institutionId = c.institutionId;
      otherClassId = await services.classes.createClass(null, c.programmeId, {
        title: '2026年青年科技人才研修班',
        startsOn: '2026-03-02',
        endsOn: '2026-03-13',
        timeZone: 'Asia/Shanghai',
        leaveLimitRatio: 1 / 7,
        minAttendanceRatio: 6 / 7,
        lateGraceMinutes: 10,
      });
      organizer = await makeActor(services, { role: 'organizer', scopeType: 'institution', scopeId: institutionId });
      await t.database.transaction(async (trx) => {
        for (const [n, name] of ['第一组', '第二组', '第三组', '第四组'].entries())
          groups.push(await services.roster.createGroupIn(trx, null, classId, { name, sortOrder: n + 1 }));
      });
      sitri = (await services.timetable.createSite(organizer, institutionId, { name: '上海微技术工业研究院', district: '嘉定区', travelMinutes: 60 })).id;
      museum = (await services.timetable.createSite(organizer, institutionId, { name: '上海科技馆', district: '浦东新区', travelMinutes: 45 })).id;
      zhou = await services.timetable.createLecturer(organizer, institutionId, { name: '周明远' });
      chen = await services.timetable.createLecturer(organizer, institutionId, { name: '陈思齐' });
    });
    after(() => t.drop());

    const session = (day: string, from: string, to: string, extra: Record<string, unknown> = {}) => ({
      kind: 'lecture' as const,
      title: `讲座 ${day} ${from}`,
      startsAt: at(day, from),
      endsAt: at(day, to),
      hours: 2,
      lecturerIds: [] as number[],
      groupIds: [] as number[],
      ...extra,
    });
    const create = (cls: number, body: ReturnType<typeof session>) => services.timetable.createSession(organizer, cls, body);
    const warningsOf = async (kinds?: string[]) => (await services.timetable.planningWarnings(classId)).filter((w) => !kinds || kinds.includes(w.kind));
    const clear = async () => {
      for (const id of [classId, otherClassId])
        for (const s of await services.timetable.listSessions(id)) await services.timetable.deleteSession(organizer, s.id);
    };

    test('a whole-class lecture over the per-group discussions: one warning per group, gone when the lecture moves', async () => {
      await clear();
      const lecture = await create(classId, session('03', '14:00', '16:00', { venue: '学院报告厅' }));
      const discussions = await services.timetable.createForGroups(organizer, classId, {
        kind: 'discussion',
        title: '结构化研讨：科技创新如何服务高质量发展',
        startsAt: at('03', '15:00'),
        endsAt: at('03', '17:00'),
        staggerMinutes: 0,
        hours: 2,
        groups: groups.map((groupId, n) => ({ groupId, venue: `研讨室${n + 1}`, lecturerIds: [] })),
      });
      assert.deepEqual(
        discussions.map((d) => d.groups.map((g) => g.name)),
        [['第一组'], ['第二组'], ['第三组'], ['第四组']],
      );
      const ws = await warningsOf();
      assert.deepEqual(
        ws.map((w) => [w.kind, w.session.id, w.other?.id, w.groups.map((g) => g.name).join()]),
        discussions.map((d) => ['trainees', lecture.id, d.id, d.groups[0].name]),
      );
      assert.equal(await t.database.transaction((trx) => services.timetable.openPlanningWarnings(trx, classId)), 4);
      // Moving the lecture to the morning resolves all four.
      await services.timetable.updateSession(organizer, lecture.id, { startsAt: at('03', '09:00'), endsAt: at('03', '11:00') });
      assert.deepEqual(await warningsOf(), []);
      // Giving one discussion to two groups makes it clash with the other group's own.
      await services.timetable.updateSession(organizer, discussions[0].id, { groupIds: [groups[0], groups[1]] });
      assert.deepEqual(
        (await warningsOf()).map((w) => [w.kind, w.groups.map((g) => g.name).join()]),
        [['trainees', '第二组']],
      );
    });

    test('staggered discussions with one facilitator: the form warns before saving, every pair that overlaps', async () => {
      await clear();
      const body = {
        kind: 'discussion' as const,
        title: '结构化研讨：学习成果与行动计划',
        startsAt: at('04', '14:00'),
        endsAt: at('04', '15:00'),
        staggerMinutes: 45,
        hours: 1,
        groups: groups.map((groupId, n) => ({ groupId, venue: `研讨室${n + 1}`, lecturerIds: [zhou] })),
      };
      const candidates = body.groups.map((g, n) => ({
        kind: body.kind,
        title: body.title,
        startsAt: new Date(Date.parse(body.startsAt) + n * 45 * 60_000).toISOString(),
        endsAt: new Date(Date.parse(body.endsAt) + n * 45 * 60_000).toISOString(),
        venue: g.venue,
        lecturerIds: g.lecturerIds,
        groupIds: [g.groupId],
      }));
      const before = await services.timetable.checkPlanning(classId, candidates);
      assert.deepEqual(
        before.map((w) => [w.kind, w.session.candidate, w.other?.candidate, w.lecturer?.name]),
        [
          ['lecturer', 0, 1, '周明远'],
          ['lecturer', 1, 2, '周明远'],
          ['lecturer', 2, 3, '周明远'],
        ],
      );
      const created = await services.timetable.createForGroups(organizer, classId, body);
      assert.deepEqual(
        created.map((s) => new Date(s.startsAt).toISOString().slice(11, 16)),
        ['06:00', '06:45', '07:30', '08:15'],
      );
      assert.equal((await warningsOf(['lecturer'])).length, 3);
      // Staggered by an hour, nobody overlaps.
      for (const [n, s] of created.entries())
        await services.timetable.updateSession(organizer, s.id, {
          startsAt: new Date(Date.parse(at('04', '14:00')) + n * 3_600_000).toISOString(),
          endsAt: new Date(Date.parse(at('04', '15:00')) + n * 3_600_000).toISOString(),
        });
      assert.deepEqual(await warningsOf(), []);
    });

    test('a lecturer in another class at the same time, and a room and a site booked twice across classes', async () => {
      await clear();
      const mine = await create(classId, session('05', '09:00', '12:00', { lecturerIds: [zhou, chen], venue: '学院报告厅' }));
      const theirs = await create(otherClassId, session('05', '11:00', '12:30', { lecturerIds: [chen], venue: ' 学院报告厅' }));
      const ws = await warningsOf();
      assert.deepEqual(
        ws.map((w) => [w.kind, w.session.id, w.other?.id, w.other?.otherClassTitle, w.lecturer?.name ?? w.place]),
        [
          ['lecturer', mine.id, theirs.id, '2026年青年科技人才研修班', '陈思齐'],
          ['venue', mine.id, theirs.id, '2026年青年科技人才研修班', '学院报告厅'],
        ],
      );
      // The other class sees the same clash from its side.
      assert.equal((await services.timetable.planningWarnings(otherClassId)).length, 2);
      const visit = await create(classId, session('06', '13:30', '16:30', { kind: 'site_visit', siteId: museum }));
      const theirVisit = await create(otherClassId, session('06', '14:00', '15:30', { kind: 'site_visit', siteId: museum }));
      assert.deepEqual(
        (await warningsOf(['site'])).map((w) => [w.session.id, w.other?.id, w.place]),
        [[visit.id, theirVisit.id, '上海科技馆']],
      );
      // Moving their visit to another site resolves it; the lecturer clash stays until the lecture moves.
      await services.timetable.updateSession(organizer, theirVisit.id, { siteId: sitri });
      assert.deepEqual(await warningsOf(['site']), []);
      await services.timetable.updateSession(organizer, theirs.id, { startsAt: at('05', '14:00'), endsAt: at('05', '15:30') });
      assert.deepEqual(await warningsOf(), []);
    });

    test('travel: to a site after the college and back to the college after it, both by the site’s travel time', async () => {
      await clear();
      const morning = await create(classId, session('09', '09:00', '12:30', { venue: '学院报告厅' }));
      const visit = await create(classId, session('09', '13:00', '15:30', { kind: 'site_visit', siteId: sitri }));
      const after = await create(classId, session('09', '16:00', '17:30', { venue: '学院报告厅' }));
      assert.deepEqual(
        (await warningsOf(['travel'])).map((w) => [w.other?.id, w.session.id, w.travelMinutes, w.gapMinutes]),
        [
          [morning.id, visit.id, 60, 30],
          [visit.id, after.id, 60, 30],
        ],
      );
      // The check before saving an edit: moving the visit to 13:30–15:00 leaves exactly an hour each way.
      const edit = [
        {
          id: visit.id,
          kind: 'site_visit' as const,
          title: visit.title,
          startsAt: at('09', '13:30'),
          endsAt: at('09', '15:00'),
          siteId: sitri,
          lecturerIds: [],
          groupIds: [],
        },
      ];
      assert.deepEqual(
        (await services.timetable.checkPlanning(classId, edit)).filter((w) => w.kind === 'travel'),
        [],
      );
      await services.timetable.updateSession(organizer, visit.id, { startsAt: at('09', '13:30'), endsAt: at('09', '15:00') });
      assert.deepEqual(await warningsOf(['travel']), []);
      // A longer journey, set on the sites screen, brings the warning back.
      await services.timetable.updateSite(organizer, sitri, { travelMinutes: 75 });
      assert.deepEqual(
        (await warningsOf(['travel'])).map((w) => [w.other?.id, w.session.id, w.travelMinutes, w.gapMinutes]),
        [
          [morning.id, visit.id, 75, 60],
          [visit.id, after.id, 75, 60],
        ],
      );
      await services.timetable.updateSite(organizer, sitri, { travelMinutes: 60 });
    });

    test('lunch: the class’s window with no half hour free, for one group only', async () => {
      await clear();
      const lecture = await create(classId, session('10', '09:00', '12:00'));
      const g2 = await create(classId, session('10', '12:10', '13:20', { kind: 'discussion', groupIds: [groups[1]] }));
      assert.deepEqual(
        (await warningsOf()).map((w) => [w.kind, w.session.id, w.other?.id, w.lunch]),
        [['lunch', g2.id, lecture.id, { date: '2026-03-10', starts: '11:30', ends: '13:30', freeMinutes: 10 }]],
      );
      // The class's lunch window is its own (the class form sets it): 12:00–14:00 leaves 40 minutes after 13:20.
      await services.classSetup.updateClass(organizer, classId, { lunchStarts: '12:00', lunchEnds: '14:00' });
      assert.deepEqual(await warningsOf(), []);
      await services.classSetup.updateClass(organizer, classId, { lunchStarts: '11:30', lunchEnds: '13:30' });
      await services.timetable.updateSession(organizer, g2.id, { startsAt: at('10', '12:45'), endsAt: at('10', '13:45') });
      assert.deepEqual(await warningsOf(), []);
    });

    test('the move to running waits for open warnings unless they are confirmed', async () => {
      await clear();
      const c = await makeClass(services, { title: '待开班的培训班' });
      await services.classes.transition(organizer, c.classId, 'enrolling');
      await services.roster.enrol(organizer, c.classId, { role: 'member', person: { name: '甲' } });
      await services.timetable.createSession(organizer, c.classId, session('02', '09:00', '11:00'));
      const clash = await services.timetable.createSession(organizer, c.classId, session('02', '10:00', '12:00'));
      await assert.rejects(services.classes.transition(organizer, c.classId, 'running'), (e: unknown) => {
        assert.ok(e instanceof AppError);
        assert.equal(e.code, 'class.transition_requirements');
        assert.deepEqual(e.params.reasons, ['open_warnings']);
        return true;
      });
      assert.equal((await services.classes.getClass(null, c.classId)).status, 'enrolling');
      await services.classes.transition(organizer, c.classId, 'running', undefined, { confirmWarnings: true });
      assert.equal((await services.classes.getClass(null, c.classId)).status, 'running');
      void clash;
    });

    test('duplicate a session to another day: same wall-clock time, lecturers, site, groups and agenda', async () => {
      await clear();
      const e = await services.roster.enrol(organizer, classId, {
        role: 'group_leader',
        groupId: groups[0],
        person: { name: '徐爱国', workUnit: '高原生物研究所' },
      });
      const ceremony = await services.timetable.createSession(organizer, classId, {
        ...session('11', '09:00', '10:30', { kind: 'ceremony', title: '结业式', venue: '学院报告厅', lecturerIds: [zhou], groupIds: [] }),
        agenda: [{ kind: 'speech', title: '学员代表交流发言', speakerName: '徐爱国', speakerRole: '高原生物研究所', enrolmentId: e.id, groupId: groups[0] }],
      });
      const copy = await services.timetable.duplicateSession(organizer, ceremony.id, '2026-03-13');
      assert.equal(copy.startsAt, '2026-03-13T01:00:00.000Z');
      assert.equal(copy.endsAt, '2026-03-13T02:30:00.000Z');
      assert.deepEqual(
        [copy.kind, copy.title, copy.venue, copy.hours, copy.lecturers.map((l) => l.name), copy.agenda.map((a) => [a.speakerName, a.groupId])],
        ['ceremony', '结业式', '学院报告厅', 2, ['周明远'], [['徐爱国', groups[0]]]],
      );
      const visit = await create(classId, session('12', '13:30', '16:30', { kind: 'site_visit', siteId: museum, groupIds: [groups[2]] }));
      const visitCopy = await services.timetable.duplicateSession(organizer, visit.id, '2026-03-02');
      assert.deepEqual([visitCopy.site?.name, visitCopy.groups.map((g) => g.name)], ['上海科技馆', ['第三组']]);
      await rejects(services.timetable.duplicateSession(organizer, visit.id, '2026-03-20'), 'session.outside_class', 'startsAt');
      assert.equal((await services.timetable.listSessions(classId)).length, 4);
    });

    test('sessions for every group: a group twice, or a group of another class, is refused and nothing is created', async () => {
      await clear();
      const base = { kind: 'discussion' as const, title: '研讨', startsAt: at('03', '14:00'), endsAt: at('03', '16:00'), staggerMinutes: 0, hours: 2 };
      await rejects(
        services.timetable.createForGroups(organizer, classId, {
          ...base,
          groups: [
            { groupId: groups[0], lecturerIds: [] },
            { groupId: groups[0], lecturerIds: [] },
          ],
        }),
        'session.group_twice',
        'groups.1.groupId',
      );
      const foreign = await t.database.transaction((trx) => services.roster.createGroupIn(trx, null, otherClassId, { name: '别班一组' }));
      await rejects(
        services.timetable.createForGroups(organizer, classId, {
          ...base,
          groups: [
            { groupId: groups[0], lecturerIds: [] },
            { groupId: foreign, lecturerIds: [] },
          ],
        }),
        'group.other_class',
        'groups.1.groupId',
      );
      await rejects(
        services.timetable.createForGroups(organizer, classId, {
          ...base,
          startsAt: at('13', '14:00'),
          endsAt: at('13', '16:00'),
          staggerMinutes: 600,
          groups: groups.map((groupId) => ({ groupId, lecturerIds: [] })),
        }),
        'session.outside_class',
        'startsAt',
      );
      assert.equal((await services.timetable.listSessions(classId)).length, 0);
    });

    test('a lecturer tied to an account gets the lecturer grant on the classes they teach, and loses it', async () => {
      await clear();
      const userId = await services.auth.createUser(null, { username: `zhou-${kind}`, displayName: '周明远', password: 'zhou-password-1' });
      const grantsOf = async () =>
        ((await services.auth.listAccounts()).find((u) => u.id === userId)?.grants ?? [])
          .filter((g) => g.role === 'lecturer')
          .map((g) => g.scopeId)
          .sort((a, b) => a - b);
      // The account appears among the accounts the organizer may choose (it has no role yet).
      assert.ok((await services.timetable.staffAccounts(institutionId)).some((u) => u.id === userId));
      const lecture = await create(classId, session('03', '09:00', '11:00', { lecturerIds: [zhou] }));
      assert.deepEqual(await grantsOf(), []);
      const linked = await services.timetable.setLecturerUser(organizer, zhou, userId);
      assert.deepEqual(linked.account, { id: userId, username: `zhou-${kind}`, displayName: '周明远' });
      assert.deepEqual(await grantsOf(), [classId]);
      const other = await create(otherClassId, session('04', '09:00', '11:00', { lecturerIds: [zhou, chen] }));
      assert.deepEqual(
        await grantsOf(),
        [classId, otherClassId].sort((a, b) => a - b),
      );
      await services.timetable.updateSession(organizer, other.id, { lecturerIds: [chen] });
      assert.deepEqual(await grantsOf(), [classId]);
      await services.timetable.duplicateSession(organizer, lecture.id, '2026-03-05');
      await services.timetable.deleteSession(organizer, lecture.id);
      assert.deepEqual(await grantsOf(), [classId], 'the copy still has him teaching');
      await services.timetable.setLecturerUser(organizer, zhou, null);
      assert.deepEqual(await grantsOf(), []);
      // Only staff of the institution, or accounts without any role: another institution's organizer is refused.
      const elsewhere = await makeClass(services);
      const stranger = await makeActor(services, { role: 'organizer', scopeType: 'institution', scopeId: elsewhere.institutionId });
      await rejects(services.timetable.setLecturerUser(organizer, zhou, stranger.userId), 'lecturer.account_not_staff', 'userId');
      const audit = await services.audit.listForEntity('user', userId);
      assert.ok(audit.some((a) => a.action === 'grant.create') && audit.some((a) => a.action === 'grant.delete'));
    });
  });
}
