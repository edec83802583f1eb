import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Services } from '../../src/server/app';
import { AppError } from '../../src/server/lib/errors';
import { can } from '../../src/server/lib/permissions';
import { runningClass, traineeActor } from '../support/attendance';
import { DATABASES, freshDatabase, type TestDatabase } from '../support/db';
import { makeActor, servicesFor } from '../support/factories';

const rejects = (p: Promise<unknown>, code: string) => assert.rejects(p, (e: unknown) => e instanceof AppError && e.code === code);

for (const kind of DATABASES) {
  describe(`trainee access on ${kind}`, () => {
    let t: TestDatabase;
    let services: Services;
    before(async () => {
      t = await freshDatabase(kind);
      services = servicesFor(t);
    });
    after(() => t.drop());

    test('an invitation signs a phone in as the trainee: a person with no grants, self but not staff', async () => {
      const c = await runningClass(services, { names: ['扎西旺拉', 'Tashi'] });
      const issued = await services.trainee.issueInvitation(null, c.enrolmentIds[0]);
      assert.match(issued.url, /\/t\/i\/[A-Za-z0-9_-]{32}$/);
      assert.match(issued.svg, /<svg/);
      const stored = await t.database.db.selectFrom('invitations').selectAll().where('enrolment_id', '=', c.enrolmentIds[0]).execute();
      assert.equal(stored.length, 1);
      assert.notEqual(stored[0].token_hash, issued.token, 'only the hash is kept');
      const session = await services.trainee.openInvitation(issued.token, { userAgent: 'phone' });
      const actor = (await services.auth.actorFromToken(session.token))!;
      assert.equal(actor.displayName, '扎西旺拉');
      assert.equal(actor.grants.length, 0);
      assert.ok(actor.personId);
      assert.equal(can(actor, 'self'), true);
      assert.equal(can(actor, 'staff'), false);
      assert.equal(can(actor, 'attendance.read', { institutionId: c.institutionId, classId: c.classId }), false);
      // The same printed code works on a second phone and is counted.
      await services.trainee.openInvitation(issued.token, { userAgent: 'tablet' });
      const list = await services.trainee.listInvitations(c.classId);
      const entry = list.find((x) => x.enrolmentId === c.enrolmentIds[0])!;
      assert.equal(entry.status, 'active');
      assert.equal(entry.useCount, 2);
      assert.equal(list.find((x) => x.enrolmentId === c.enrolmentIds[1])!.status, 'none');
      // One users row per person, however many times they sign in.
      const users = await t.database.db.selectFrom('users').select('id').where('person_id', '=', actor.personId).execute();
      assert.equal(users.length, 1);
      // Cannot sign in with a password.
      await rejects(services.auth.login({ username: actor.username, password: '', ip: '127.0.0.1' }), 'auth.invalid_credentials');
    });

    test('re-issuing replaces the old code; revoking stops it and signs the phones out; a withdrawn trainee cannot sign in', async () => {
      const c = await runningClass(services);
      const first = await services.trainee.issueInvitation(null, c.enrolmentIds[0]);
      const phone = await services.trainee.openInvitation(first.token, {});
      const second = await services.trainee.issueInvitation(null, c.enrolmentIds[0]);
      await rejects(services.trainee.openInvitation(first.token, {}), 'invitation.invalid');
      assert.ok(await services.trainee.openInvitation(second.token, {}));
      assert.ok(await services.auth.actorFromToken(phone.token), 're-issuing keeps signed-in phones');
      const admin = await makeActor(services, 'admin');
      await services.trainee.revokeInvitation(admin, c.enrolmentIds[0]);
      await rejects(services.trainee.openInvitation(second.token, {}), 'invitation.invalid');
      assert.equal(await services.auth.actorFromToken(phone.token), null);
      assert.equal((await services.trainee.listInvitations(c.classId)).find((x) => x.enrolmentId === c.enrolmentIds[0])?.status, 'revoked');
      const third = await services.trainee.issueInvitation(admin, c.enrolmentIds[1]);
      await services.roster.withdraw(admin, c.enrolmentIds[1], '工作调动');
      await rejects(services.trainee.openInvitation(third.token, {}), 'invitation.not_enrolled');
      await rejects(services.trainee.openInvitation('x'.repeat(32), {}), 'invitation.invalid');
    });

    test("a trainee sees their own classes, group sessions of their group only, sites and their group; nobody else's", async () => {
      const c = await runningClass(services, {
        trainees: 4,
        groups: 2,
        sessions: [
          { fromMin: -5, toMin: 100, title: '全班讲座' },
          { fromMin: 120, toMin: 200, title: '第1组研讨', groups: [0], kind: 'discussion' },
          { fromMin: 120, toMin: 200, title: '第2组研讨', groups: [1], kind: 'discussion' },
          { fromMin: 300, toMin: 400, title: '现场教学', kind: 'site_visit' },
        ],
      });
      const { actor } = await traineeActor(services, c.enrolmentIds[0]);
      const me = await services.trainee.me(actor);
      assert.deepEqual(
        me.enrolments.map((e) => e.enrolmentId),
        [c.enrolmentIds[0]],
      );
      assert.equal(me.enrolments[0].groupName, '第1组');
      const tt = await services.trainee.timetable(actor, c.enrolmentIds[0]);
      assert.deepEqual(
        tt.sessions.map((s) => s.title),
        ['全班讲座', '第1组研讨', '现场教学'],
      );
      assert.equal(tt.sessions[0].isOpen, true);
      assert.equal(tt.sessions[0].status, 'pending');
      assert.equal(tt.sessions[2].site?.address, '上海市浦东新区测试路 1 号');
      const group = await services.trainee.group(actor, c.enrolmentIds[0]);
      assert.equal(group.group?.name, '第1组');
      assert.deepEqual(
        group.members.map((m) => [m.name, m.isMe]),
        [
          ['学员1', true],
          ['学员3', false],
        ],
      );
      const badge = await services.trainee.badge(actor, c.enrolmentIds[0]);
      assert.match(badge.badge, /^cohort-badge:[A-Za-z0-9_-]{16}$/);
      assert.equal((await services.trainee.badge(actor, c.enrolmentIds[0])).badge, badge.badge, 'the badge is stable');
      for (const other of [c.enrolmentIds[1], 999999]) {
        await rejects(services.trainee.timetable(actor, other), 'not_found');
        await rejects(services.trainee.group(actor, other), 'not_found');
        await rejects(services.trainee.badge(actor, other), 'not_found');
        await rejects(services.trainee.leaveRequests(actor, other), 'not_found');
        await rejects(services.trainee.requestLeave(actor, other, { sessionIds: [c.sessionIds[0]], reason: '代请' }), 'not_found');
        await rejects(services.trainee.classHours(actor, other), 'not_found');
      }
    });

    test("hours add up across a person's classes and years; the institution report lists who is below 90", async () => {
      const c = await runningClass(services, { trainees: 2, sessions: [{ fromMin: -5, toMin: 100, hours: 3 }] });
      const { actor } = await traineeActor(services, c.enrolmentIds[0]);
      await services.trainee.checkIn(actor, (await services.attendance.checkInCode(c.sessionIds[0])).code);
      // The same person in a second class of the same institution, whose sessions ended in 2025.
      const cls2 = await services.classes.createClass(null, c.programmeId, {
        title: '往年培训班',
        startsOn: '2025-05-05',
        endsOn: '2025-05-09',
        timeZone: 'Asia/Shanghai',
        leaveLimitRatio: 1 / 7,
        minAttendanceRatio: 6 / 7,
        lateGraceMinutes: 10,
      });
      const s2 = await t.database.transaction(async (trx) => {
        const e = await services.roster.enrolIn(trx, null, cls2, { personId: actor.personId!, role: 'member' });
        const ids = [];
        for (const [day, hours] of [
          ['2025-05-06', 40],
          ['2025-05-07', 60],
        ] as const) {
          ids.push(
            await services.timetable.createSessionIn(trx, null, cls2, {
              kind: 'lecture',
              title: `讲座 ${day}`,
              startsAt: `${day}T09:00:00+08:00`,
              endsAt: `${day}T17:00:00+08:00`,
              hours,
              lecturerIds: [],
              groupIds: [],
            }),
          );
        }
        await services.classes.transition(null, cls2, 'enrolling', trx);
        // All-day lectures leave no lunch break: start anyway (#9 planning warnings).
        await services.classes.transition(null, cls2, 'running', trx, { confirmWarnings: true });
        await services.classes.transition(null, cls2, 'completed', trx);
        await services.attendance.importHistoricalRecord(trx, cls2, [
          { sessionId: ids[0], enrolmentId: e, status: 'present', checkedInAt: '2025-05-06T00:55:00.000Z' },
        ]);
        return { e, ids };
      });
      const hours = await services.trainee.allHours(actor);
      const title = (await services.classes.getClass(null, c.classId)).title;
      assert.deepEqual(
        hours.classes.map((x) => [x.classTitle, x.hours.attendedHours, x.hours.absentHours]),
        [
          // The session checked in to is still under way: its hours count once it has ended (#10).
          [title, 0, 0],
          ['往年培训班', 40, 60],
        ],
      );
      const thisYear = new Date().getFullYear();
      assert.ok(thisYear > 2025, 'this test assumes the present is after 2025');
      assert.deepEqual(hours.years, [
        { year: thisYear, hours: 3, recognisedHours: 0 },
        { year: 2025, hours: 40, recognisedHours: 0 },
      ]);
      assert.equal(hours.fiveYears.hours, thisYear - 2025 < 5 ? 43 : 3);
      const mine = await services.trainee.classHours(actor, s2.e);
      assert.equal(mine.hours.overLimit, true, '60 h absent of 100 passes 1/7');
      const report = await services.hours.institutionReport(c.institutionId, 2025);
      assert.equal(report.people.length, 1);
      assert.deepEqual([report.people[0].hours, report.people[0].below, report.people[0].classes.map((x) => x.classTitle)], [40, true, ['往年培训班']]);
      assert.equal(report.belowCount, 1);
      const enough = await services.hours.institutionReport(c.institutionId, 2025, { threshold: 30 });
      assert.equal(enough.belowCount, 0);
      const current = await services.hours.institutionReport(c.institutionId, thisYear);
      assert.deepEqual(current.people.map((p) => [p.hours, p.fiveYearHours]).sort(), [
        [0, 0],
        [3, thisYear - 2025 < 5 ? 43 : 3],
      ]);
    });

    test('the invitation sheet is a PDF with every trainee, issued afresh; "only without" keeps handed-out codes', async () => {
      const c = await runningClass(services, { trainees: 9, names: ['徐爱国', '张建武', 'བཀྲ་ཤིས་དབང་ལྷ།'] });
      const admin = await makeActor(services, 'admin');
      const handedOut = await services.trainee.issueInvitation(admin, c.enrolmentIds[0]);
      const pdf = await services.trainee.invitationSheet(admin, c.classId, { onlyWithout: true });
      assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
      assert.ok(await services.trainee.openInvitation(handedOut.token, {}), 'the handed-out code still works');
      const dir = mkdtempSync(join(tmpdir(), 'sheet-'));
      try {
        writeFileSync(join(dir, 'sheet.pdf'), pdf);
        const text = execFileSync('pdftotext', ['-layout', join(dir, 'sheet.pdf'), '-'], { encoding: 'utf8' });
        assert.ok(text.includes('张建武'));
        assert.ok(!text.includes('徐爱国'), 'the one with an active invitation is left out');
        const pages = execFileSync('pdfinfo', [join(dir, 'sheet.pdf')], { encoding: 'utf8' });
        assert.match(pages, /Pages:\s+1/);
        const all = await services.trainee.invitationSheet(admin, c.classId, {});
        writeFileSync(join(dir, 'all.pdf'), all);
        assert.match(execFileSync('pdfinfo', [join(dir, 'all.pdf')], { encoding: 'utf8' }), /Pages:\s+2/);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
      await rejects(services.trainee.openInvitation(handedOut.token, {}), 'invitation.invalid');
      const list = await services.trainee.listInvitations(c.classId);
      assert.ok(list.every((x) => x.status === 'active'));
    });
  });
}
