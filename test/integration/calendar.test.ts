import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Services } from '../../src/server/app';
import { parseIcs } from '../../src/server/documents/ics';
import { AppError } from '../../src/server/lib/errors';
import { DATABASES, freshDatabase, type TestDatabase } from '../support/db';
import { makeActor, servicesFor, withDemo } from '../support/factories';

const tokenOf = (url: string) => /\/api\/v1\/calendar\/([A-Za-z0-9_-]+)\.ics$/.exec(url)![1];
const beijing = (d: Date) => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', dateStyle: 'short', timeStyle: 'short' }).format(d);

for (const kind of DATABASES) {
  describe(`calendar feeds on ${kind}`, () => {
    let t: TestDatabase;
    let s: Services;
    let classId: number;
    before(async () => {
      t = await freshDatabase(kind);
      s = servicesFor({ ...t, config: { ...t.config, publicUrl: 'https://cohort.example.edu.cn' } });
      classId = (await withDemo(s)).classId;
    });
    after(() => t.drop());

    test('the class feed has every session at the right Beijing time, with site addresses, stable UIDs and revisions', async () => {
      assert.deepEqual(await s.calendar.classFeed(classId), { url: null, webcalUrl: null, createdAt: null });
      const feed = await s.calendar.ensureClassFeed(null, classId);
      assert.match(feed.url!, /^https:\/\/cohort\.example\.edu\.cn\/api\/v1\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
      assert.equal(feed.webcalUrl, feed.url!.replace('https:', 'webcal:'));
      // Asking again gives the same URL; it is shown to staff, not regenerated.
      assert.equal((await s.calendar.ensureClassFeed(null, classId)).url, feed.url);
      assert.equal((await s.calendar.classFeed(classId)).url, feed.url);

      const ics = await s.calendar.renderFeed(tokenOf(feed.url!));
      const parsed = parseIcs(ics.body);
      const sessions = await s.timetable.listSessions(classId);
      assert.equal(parsed.events.length, sessions.length);
      assert.equal(parsed.properties['X-WR-TIMEZONE'].value, 'Asia/Shanghai');
      assert.equal(parsed.properties['X-WR-CALNAME'].value, '2020年“科技兴藏人才培养工程”西藏科技管理干部培训班');

      const visit = sessions.find((x) => x.site?.name === '国家技术转移东部中心')!;
      const event = parsed.events.find((e) => e.uid === `session-${visit.id}@cohort.example.edu.cn`)!;
      assert.ok(event, 'UID is session-<id>@<host>');
      assert.equal(beijing(event.start), '2020-10-20 13:30');
      assert.equal(beijing(event.end!), '2020-10-20 17:00');
      assert.equal(event.start.toISOString(), '2020-10-20T05:30:00.000Z');
      assert.equal(event.summary, '学习国家技术转移东部中心成果转化先进做法');
      assert.equal(event.location, '国家技术转移东部中心，上海市虹桥国际进口商品展示交易中心（进口商品中心）');
      assert.equal(event.sequence, 0);
      assert.match(event.description ?? '', /现场教学/);
      const museum = parsed.events.find((e) => e.location?.startsWith('上海科技馆'))!;
      assert.match(museum.description ?? '', /张春羽/);
      const opening = parsed.events.find((e) => e.summary === '开班式')!;
      assert.equal(beijing(opening.start), '2020-10-13 09:00');
      assert.equal(opening.location, '学院报告厅');
    });

    test('a changed session keeps its UID, gets a higher SEQUENCE and a new LAST-MODIFIED', async () => {
      const feed = await s.calendar.ensureClassFeed(null, classId);
      const sessions = await s.timetable.listSessions(classId);
      const lecture = sessions.find((x) => x.kind === 'lecture')!;
      const beforeIcs = parseIcs((await s.calendar.renderFeed(tokenOf(feed.url!))).body);
      const before = beforeIcs.events.find((e) => e.uid === `session-${lecture.id}@cohort.example.edu.cn`)!;
      const admin = await makeActor(s, 'admin');
      // Two hours later, same length.
      const startsAt = new Date(Date.parse(lecture.startsAt) + 2 * 3600_000).toISOString();
      const endsAt = new Date(Date.parse(lecture.endsAt) + 2 * 3600_000).toISOString();
      await s.timetable.updateSession(admin, lecture.id, { startsAt, endsAt, venue: '学院第二报告厅' });
      const afterIcs = parseIcs((await s.calendar.renderFeed(tokenOf(feed.url!))).body);
      const updated = afterIcs.events.find((e) => e.uid === before.uid)!;
      assert.equal(updated.sequence, before.sequence + 1);
      assert.equal(updated.start.toISOString(), startsAt);
      assert.equal(updated.location, '学院第二报告厅');
      const stored = await s.timetable.getSession(lecture.id);
      // iCalendar times have whole seconds.
      assert.equal(updated.lastModified?.toISOString(), `${stored.updatedAt.slice(0, 19)}.000Z`);
      assert.ok(before.lastModified && updated.lastModified! >= before.lastModified);
      assert.equal(afterIcs.events.length, beforeIcs.events.length, 'no duplicate event');
    });

    test('a trainee feed holds the sessions for everyone and for the trainee’s group only', async () => {
      const roster = await s.roster.listRoster(classId);
      const xu = roster.find((e) => e.person.name === '徐爱国')!;
      const zhang = roster.find((e) => e.person.name === '张建武')!;
      const mine = await s.calendar.createTraineeFeedToken(xu.id);
      assert.equal(mine.url, (await s.calendar.traineeFeed(xu.id)).url);
      assert.equal(tokenOf(mine.url!), mine.token);
      assert.equal((await s.calendar.createTraineeFeedToken(xu.id)).token, mine.token, 'the same token until rotated');
      const theirs = await s.calendar.createTraineeFeedToken(zhang.id);
      assert.notEqual(theirs.token, mine.token);

      const sessions = await s.timetable.listSessions(classId);
      const expected = sessions.filter((x) => x.groups.length === 0 || x.groups.some((g) => g.id === xu.groupId));
      const parsed = parseIcs((await s.calendar.renderFeed(mine.token)).body);
      assert.deepEqual(new Set(parsed.events.map((e) => e.uid)), new Set(expected.map((x) => `session-${x.id}@cohort.example.edu.cn`)));
      const discussions = parsed.events.filter((e) => /结构化研讨/.test(e.description ?? ''));
      assert.ok(discussions.length >= 3);
      assert.ok(
        discussions.every((e) => /参加对象：第一组/.test(e.description ?? '')),
        'only 第一组 discussions',
      );
      assert.ok(parsed.events.length < sessions.length);
      assert.match(parsed.properties['X-WR-CALNAME'].value, /徐爱国/);
    });

    test('rotating kills the old URL; unknown, malformed and withdrawn tokens are refused', async () => {
      const old = await s.calendar.ensureClassFeed(null, classId);
      const fresh = await s.calendar.ensureClassFeed(null, classId, { rotate: true });
      assert.notEqual(fresh.url, old.url);
      const refused = async (token: string) =>
        assert.rejects(s.calendar.renderFeed(token), (e: unknown) => e instanceof AppError && e.code === 'calendar.feed_not_found' && e.status === 404);
      await refused(tokenOf(old.url!));
      await refused('x'.repeat(43));
      await refused('../../etc/passwd');
      assert.ok((await s.calendar.renderFeed(tokenOf(fresh.url!))).body.startsWith('BEGIN:VCALENDAR'));
      // The feed table holds hashes only: no token appears in it.
      const rows = await t.database.db.selectFrom('calendar_feeds').selectAll().execute();
      assert.ok(rows.length >= 1);
      for (const r of rows) assert.ok(!JSON.stringify(r).includes(tokenOf(fresh.url!)));
      assert.equal(rows.filter((r) => r.enrolment_id === null).length, 1, 'one live class feed');
      // A trainee who leaves the class loses the feed (the class is completed, so set the status directly).
      const roster = await s.roster.listRoster(classId);
      const leaver = roster.find((e) => e.role === 'member')!;
      const token = (await s.calendar.createTraineeFeedToken(leaver.id)).token;
      await t.database.db.updateTable('enrolments').set({ status: 'withdrawn' }).where('id', '=', leaver.id).execute();
      await refused(token);
      await assert.rejects(s.calendar.createTraineeFeedToken(leaver.id), (e: unknown) => e instanceof AppError && e.code === 'enrolment.withdrawn');
    });
  });
}
