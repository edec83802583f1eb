import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Services } from '../../src/server/app';
import { AppError } from '../../src/server/lib/errors';
import type { Actor } from '../../src/server/lib/permissions';
import { makeCheckInCodes } from '../../src/server/modules/attendance/check-in-code';
import { runningClass, traineeActor } from '../support/attendance';
import { DATABASES, freshDatabase, type TestDatabase } from '../support/db';
import { makeActor, servicesFor } from '../support/factories';

const rejects = async (p: Promise<unknown>, code: string) =>
  assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof AppError, `expected AppError ${code}, got ${e}`);
    const codes = [e.code, ...e.fieldErrors.map((f) => f.code)];
    assert.ok(codes.includes(code), `expected ${code}, got ${codes.join(', ')}`);
    return true;
  });

for (const kind of DATABASES) {
  describe(`attendance on ${kind}`, () => {
    let t: TestDatabase;
    let services: Services;
    let teacher: Actor;
    before(async () => {
      t = await freshDatabase(kind);
      services = servicesFor(t);
      teacher = await makeActor(services, 'admin');
    });
    after(() => t.drop());

    const countRows = async (sessionId: number) =>
      Number(
        (
          await t.database.db
            .selectFrom('attendance')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('session_id', '=', sessionId)
            .executeTakeFirstOrThrow()
        ).n,
      );

    test('a trainee checks in once with the rotating code; a retry returns the first record, audited once', async () => {
      const c = await runningClass(services);
      const { actor } = await traineeActor(services, c.enrolmentIds[0]);
      const code = await services.attendance.checkInCode(c.sessionIds[0]);
      assert.match(code.url, /\/t\/c\/\d+\.\d+\.[A-Za-z0-9_-]{22}$/);
      assert.match(code.svg, /<svg/);
      assert.equal(code.window.isOpen, true);
      const first = await services.trainee.checkIn(actor, code.url);
      assert.equal(first.outcome, 'recorded');
      assert.equal(first.status, 'present');
      assert.equal(first.method, 'qr');
      const again = await services.trainee.checkIn(actor, code.code);
      assert.equal(again.outcome, 'already');
      assert.equal(again.checkedInAt, first.checkedInAt);
      assert.equal(await countRows(c.sessionIds[0]), 1);
      const audit = await t.database.db
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'attendance.check_in')
        .where('class_id', '=', c.classId)
        .execute();
      assert.equal(audit.length, 1);
      assert.equal(audit[0].actor_user_id, actor.userId);
      assert.equal(audit[0].before_json, 'null');
      assert.equal(JSON.parse(audit[0].after_json!).status, 'present');
    });

    test('many simultaneous check-ins of one trainee make one record', async () => {
      const c = await runningClass(services);
      const { actor } = await traineeActor(services, c.enrolmentIds[1]);
      const { code } = await services.attendance.checkInCode(c.sessionIds[0]);
      const results = await Promise.all(Array.from({ length: 12 }, () => services.trainee.checkIn(actor, code)));
      assert.equal(results.filter((r) => r.outcome === 'recorded').length, 1);
      assert.equal(new Set(results.map((r) => r.checkedInAt)).size, 1);
      assert.equal(await countRows(c.sessionIds[0]), 1);
    });

    test('old, forged and foreign codes are refused', async () => {
      const c = await runningClass(services);
      const { actor } = await traineeActor(services, c.enrolmentIds[0]);
      const codes = makeCheckInCodes(t.config.secretKey);
      const stale = codes.codeFor(c.sessionIds[0], Date.now() - 45_000).code;
      await rejects(services.trainee.checkIn(actor, stale), 'checkin.code_expired');
      const { code } = await services.attendance.checkInCode(c.sessionIds[0]);
      await rejects(services.trainee.checkIn(actor, `${code.slice(0, -1)}${code.endsWith('A') ? 'B' : 'A'}`), 'checkin.code_invalid');
      await rejects(services.trainee.checkIn(actor, 'https://example.com/whatever'), 'checkin.code_invalid');
      const forged = makeCheckInCodes(Buffer.alloc(32, 1)).codeFor(c.sessionIds[0], Date.now()).code;
      await rejects(services.trainee.checkIn(actor, forged), 'checkin.code_invalid');
      // A trainee of another class cannot use this class's code.
      const other = await runningClass(services);
      const { actor: stranger } = await traineeActor(services, other.enrolmentIds[0]);
      await rejects(services.trainee.checkIn(stranger, code), 'checkin.not_enrolled');
      assert.equal(await countRows(c.sessionIds[0]), 0);
    });

    test('check-in is open from 30 minutes before the start to the end; late after the grace period', async () => {
      const c = await runningClass(services, {
        lateGraceMinutes: 10,
        sessions: [
          { fromMin: 120, toMin: 240 },
          { fromMin: -40, toMin: 80 },
          { fromMin: 20, toMin: 140 },
          { fromMin: -200, toMin: -80 },
        ],
      });
      const { actor } = await traineeActor(services, c.enrolmentIds[0]);
      const code = async (i: number) => (await services.attendance.checkInCode(c.sessionIds[i])).code;
      await rejects(services.trainee.checkIn(actor, await code(0)), 'checkin.session_not_open');
      assert.equal((await services.trainee.checkIn(actor, await code(1))).status, 'late');
      assert.equal((await services.trainee.checkIn(actor, await code(2))).status, 'present');
      await rejects(services.trainee.checkIn(actor, await code(3)), 'checkin.session_not_open');
    });

    test('a group session takes only its group; a class that is not running takes nobody', async () => {
      const c = await runningClass(services, { groups: 2, sessions: [{ fromMin: -5, toMin: 100, groups: [0], kind: 'discussion' }] });
      // Trainees alternate groups: index 0 is in group 1, index 1 in group 2.
      const { actor: inGroup } = await traineeActor(services, c.enrolmentIds[0]);
      const { actor: outside } = await traineeActor(services, c.enrolmentIds[1]);
      const { code } = await services.attendance.checkInCode(c.sessionIds[0]);
      await rejects(services.trainee.checkIn(outside, code), 'checkin.not_expected');
      assert.equal((await services.trainee.checkIn(inGroup, code)).outcome, 'recorded');
      // The session is still on: completing now needs the organizer's override (lifecycle rule, #9).
      await services.classes.transition(null, c.classId, 'completed', undefined, { override: true, reason: '提前结业（测试）' });
      const { actor: late } = await traineeActor(services, c.enrolmentIds[2]);
      await rejects(services.trainee.checkIn(late, (await services.attendance.checkInCode(c.sessionIds[0])).code), 'checkin.class_not_running');
    });

    test('offline badge scans: judged at scan time, idempotent per scan id, conflicts reported per item', async () => {
      const c = await runningClass(services, {
        trainees: 6,
        sessions: [
          { fromMin: -20, toMin: 100 },
          { fromMin: -300, toMin: -200 },
        ],
      });
      const data = await services.attendance.scannerData(c.classId);
      assert.equal(data.badges.length, 6);
      assert.equal(data.sessions.length, 2);
      const badgeOf = (enrolmentId: number) => data.badges.find((b) => b.enrolmentId === enrolmentId)!.badge;
      // Trainee 1 checked in by QR already; trainee 2 is on approved leave.
      const { actor: t1 } = await traineeActor(services, c.enrolmentIds[1]);
      await services.trainee.checkIn(t1, (await services.attendance.checkInCode(c.sessionIds[0])).code);
      const { actor: t2 } = await traineeActor(services, c.enrolmentIds[2]);
      const leave = await services.trainee.requestLeave(t2, c.enrolmentIds[2], { sessionIds: [c.sessionIds[0]], reason: '发烧就医' });
      await services.attendance.decideLeave(teacher, c.classId, leave.id, { decision: 'approve' });
      const other = await runningClass(services);
      const scanTime = new Date(Date.now() - 60_000).toISOString();
      const scans = [
        { clientId: 'scan-0000001', sessionId: c.sessionIds[0], badge: badgeOf(c.enrolmentIds[0]), scannedAt: scanTime },
        { clientId: 'scan-0000002', sessionId: c.sessionIds[0], badge: badgeOf(c.enrolmentIds[0]), scannedAt: scanTime },
        { clientId: 'scan-0000003', sessionId: c.sessionIds[0], badge: badgeOf(c.enrolmentIds[1]), scannedAt: scanTime },
        { clientId: 'scan-0000004', sessionId: c.sessionIds[0], badge: badgeOf(c.enrolmentIds[2]), scannedAt: scanTime },
        { clientId: 'scan-0000005', sessionId: c.sessionIds[0], badge: 'cohort-badge:nobody-has-this', scannedAt: scanTime },
        // Scanned while the other session was open (three hours ago), synced now: recorded, and late.
        {
          clientId: 'scan-0000006',
          sessionId: c.sessionIds[1],
          badge: badgeOf(c.enrolmentIds[3]),
          scannedAt: new Date(Date.now() - 280 * 60_000).toISOString(),
        },
        // Scanned after that session ended.
        { clientId: 'scan-0000007', sessionId: c.sessionIds[1], badge: badgeOf(c.enrolmentIds[4]), scannedAt: scanTime },
        { clientId: 'scan-0000008', sessionId: other.sessionIds[0], badge: badgeOf(c.enrolmentIds[5]), scannedAt: scanTime },
      ];
      const { results } = await services.attendance.scanBadges(teacher, c.classId, scans, 'zh-CN');
      assert.deepEqual(
        results.map((r) => r.outcome),
        ['recorded', 'duplicate', 'duplicate', 'on_leave', 'unknown_badge', 'recorded', 'not_open', 'other_class'],
      );
      assert.equal(results[0].name, '学员1');
      assert.match(results[0].message, /学员1 签到成功/);
      assert.equal(results[2].method, 'qr');
      assert.equal(results[3].status, 'leave');
      assert.equal(results[5].status, 'late');
      assert.equal(results[5].checkedInAt, scans[5].scannedAt);
      // The same batch again (a retried sync) gets the same answers and changes nothing.
      const before = await countRows(c.sessionIds[0]);
      const again = await services.attendance.scanBadges(teacher, c.classId, scans, 'en');
      assert.deepEqual(
        again.results.map((r) => r.outcome),
        results.map((r) => r.outcome),
      );
      assert.match(again.results[0].message, /checked in/);
      assert.equal(await countRows(c.sessionIds[0]), before);
      // A scan id reused for another badge is refused rather than trusted.
      const reused = await services.attendance.scanBadges(teacher, c.classId, [{ ...scans[0], badge: badgeOf(c.enrolmentIds[5]) }], 'zh-CN');
      assert.equal(reused.results[0].outcome, 'id_reused');
    });

    test('manual marks need a reason for absence and leave; a real arrival replaces an absent mark; all audited', async () => {
      const c = await runningClass(services);
      const e = c.enrolmentIds[0];
      const s = c.sessionIds[0];
      await rejects(services.attendance.markAttendance(teacher, s, e, { status: 'absent' }), 'attendance.reason_required');
      const absent = await services.attendance.markAttendance(teacher, s, e, { status: 'absent', reason: '未到' });
      assert.equal(absent.status, 'absent');
      assert.equal(absent.method, 'manual');
      const { actor } = await traineeActor(services, e);
      const r = await services.trainee.checkIn(actor, (await services.attendance.checkInCode(s)).code);
      assert.equal(r.outcome, 'recorded');
      assert.equal(r.status, 'present');
      const late = await services.attendance.markAttendance(teacher, s, e, { status: 'late', reason: null });
      assert.equal(late.status, 'late');
      assert.equal(await countRows(s), 1);
      const audit = await services.audit.listForClass(c.classId);
      const changes = audit.filter((a) => a.entity === 'attendance').reverse();
      assert.deepEqual(
        changes.map((a) => [a.action, (a.before as { status?: string } | null)?.status ?? null, (a.after as { status: string }).status]),
        [
          ['attendance.mark', null, 'absent'],
          ['attendance.check_in', 'absent', 'present'],
          ['attendance.mark', 'present', 'late'],
        ],
      );
      const cleared = await services.attendance.clearAttendance(teacher, s, e);
      assert.equal(cleared?.status, 'pending');
      assert.equal(await countRows(s), 0);
      // Not someone from another class.
      const other = await runningClass(services);
      await rejects(services.attendance.markAttendance(teacher, s, other.enrolmentIds[0], { status: 'present' }), 'not_found');
    });

    test('leave: by sessions or by span, overlap refused, approval marks leave, rejection does not; warning past the limit', async () => {
      const c = await runningClass(services, {
        trainees: 2,
        sessions: [
          { fromMin: 60, toMin: 240, hours: 3 },
          { fromMin: 300, toMin: 480, hours: 3 },
          { fromMin: 1500, toMin: 1680, hours: 3 },
          { fromMin: 1740, toMin: 1920, hours: 3 },
          { fromMin: 2900, toMin: 3080, hours: 3 },
          { fromMin: 3100, toMin: 3280, hours: 3 },
          { fromMin: 3300, toMin: 3480, hours: 3 },
        ],
      });
      const e = c.enrolmentIds[0];
      const { actor } = await traineeActor(services, e);
      await rejects(services.trainee.requestLeave(actor, e, { reason: '家中有事' }), 'leave.span_or_sessions');
      const first = await services.trainee.requestLeave(actor, e, { sessionIds: [c.sessionIds[0]], reason: '家中有事' });
      assert.equal(first.status, 'pending');
      assert.equal(first.hours, 3);
      assert.equal(first.usage.totalHours, 21);
      assert.equal(first.usage.limitHours, 3);
      assert.equal(first.usage.wouldExceed, false);
      await rejects(services.trainee.requestLeave(actor, e, { sessionIds: [c.sessionIds[0], c.sessionIds[1]], reason: '再请' }), 'leave.overlap');
      // A span covering the second and third sessions (about tomorrow morning too).
      const span = await services.trainee.requestLeave(actor, e, {
        startsAt: new Date(Date.now() + 290 * 60_000).toISOString(),
        endsAt: new Date(Date.now() + 1700 * 60_000).toISOString(),
        reason: '回单位开会',
      });
      assert.deepEqual(
        span.sessions.map((s) => s.id),
        [c.sessionIds[1], c.sessionIds[2]],
      );
      assert.equal(span.usage.wouldExceed, true, '6 h of leave would pass the 3 h limit');
      await rejects(
        services.trainee.requestLeave(actor, e, {
          startsAt: new Date(Date.now() + 100_000 * 60_000).toISOString(),
          endsAt: new Date(Date.now() + 100_100 * 60_000).toISOString(),
          reason: 'x',
        }),
        'leave.no_sessions',
      );
      const approved = await services.attendance.decideLeave(teacher, c.classId, first.id, { decision: 'approve', comment: '同意' });
      assert.equal(approved.status, 'approved');
      assert.equal(approved.decidedBy, teacher.displayName);
      await rejects(services.attendance.decideLeave(teacher, c.classId, first.id, { decision: 'reject' }), 'leave.already_decided');
      const rejected = await services.attendance.decideLeave(teacher, c.classId, span.id, { decision: 'reject', comment: '会议可请他人参加' });
      assert.equal(rejected.status, 'rejected');
      const sheet = await services.attendance.sessionAttendance(c.sessionIds[0]);
      assert.equal(sheet.entries.find((x) => x.enrolmentId === e)?.status, 'leave');
      assert.equal((await services.attendance.sessionAttendance(c.sessionIds[1])).entries.find((x) => x.enrolmentId === e)?.status, 'pending');
      // Another class's teacher route cannot decide this class's request (the service checks the class).
      const other = await runningClass(services);
      await rejects(services.attendance.decideLeave(teacher, other.classId, span.id, { decision: 'approve' }), 'not_found');
      // Cancel: only pending, only own.
      const third = await services.trainee.requestLeave(actor, e, { sessionIds: [c.sessionIds[3]], reason: '看病' });
      const { actor: classmate } = await traineeActor(services, c.enrolmentIds[1]);
      await rejects(services.trainee.cancelLeave(classmate, third.id), 'not_found');
      assert.equal((await services.trainee.cancelLeave(actor, third.id)).status, 'cancelled');
      // Past the limit: a second approved leave of 3 h makes 6 h > 3 h.
      const fourth = await services.trainee.requestLeave(actor, e, { sessionIds: [c.sessionIds[4]], reason: '看病' });
      assert.equal(fourth.usage.wouldExceed, true);
      await services.attendance.decideLeave(teacher, c.classId, fourth.id, { decision: 'approve' });
      const m = await services.attendance.matrix(c.classId);
      const row = m.trainees.find((x) => x.enrolmentId === e)!;
      assert.equal(row.cells, 'V...V..');
      assert.equal(row.hours.leaveHours, 6);
      assert.equal(row.hours.overLimit, true);
      assert.equal(m.overLimitCount, 1);
    });

    test('the matrix: statuses, filters by group and day, totals per trainee and per session; the summary for certificates', async () => {
      const c = await runningClass(services, {
        trainees: 4,
        groups: 2,
        sessions: [
          { fromMin: -3000, toMin: -2900, hours: 2 },
          { fromMin: -5, toMin: 100, hours: 3 },
          { fromMin: -3, toMin: 100, hours: 1, groups: [1], kind: 'discussion' },
          { fromMin: 2000, toMin: 2100, hours: 3 },
        ],
      });
      const [a, b, cc, d] = c.enrolmentIds; // a, cc in group 1; b, d in group 2
      const code = (await services.attendance.checkInCode(c.sessionIds[1])).code;
      for (const e of [a, b]) await services.trainee.checkIn((await traineeActor(services, e)).actor, code);
      await services.attendance.markAttendance(teacher, c.sessionIds[1], cc, { status: 'absent', reason: '病假未批' });
      await services.attendance.markAttendance(teacher, c.sessionIds[2], d, { status: 'late', reason: null });
      await services.attendance.markAttendance(teacher, c.sessionIds[0], a, { status: 'present', reason: '补记' });
      const m = await services.attendance.matrix(c.classId);
      assert.equal(m.sessions.length, 4);
      const cells = Object.fromEntries(m.trainees.map((x) => [x.enrolmentId, x.cells]));
      assert.equal(cells[a], 'PP-.');
      assert.equal(cells[b], 'AP..');
      assert.equal(cells[cc], 'AA-.');
      assert.equal(cells[d], 'A.L.');
      assert.deepEqual(m.sessions[1].counts, { expected: 4, present: 2, late: 0, leave: 0, absent: 1, pending: 1 });
      assert.deepEqual(m.sessions[2].counts, { expected: 2, present: 0, late: 1, leave: 0, absent: 0, pending: 1 });
      const hoursOf = (e: number) => m.trainees.find((x) => x.enrolmentId === e)!.hours;
      // Hours are earned once a session has ended (#10): the two under way are still pending, whatever is recorded.
      assert.deepEqual([hoursOf(a).attendedHours, hoursOf(a).pendingHours, hoursOf(a).absentHours, hoursOf(a).totalHours], [2, 6, 0, 8]);
      assert.deepEqual([hoursOf(d).attendedHours, hoursOf(d).absentHours, hoursOf(d).totalHours, hoursOf(d).overLimit], [0, 2, 9, true]);
      const group2 = await services.attendance.matrix(c.classId, { groupId: c.groupIds[1] });
      assert.deepEqual(
        group2.trainees.map((x) => x.enrolmentId),
        [b, d],
      );
      assert.equal(group2.sessions.length, 4);
      const group1 = await services.attendance.matrix(c.classId, { groupId: c.groupIds[0] });
      assert.equal(group1.sessions.length, 3, 'group 2 discussion hidden');
      const day = m.sessions[1].day;
      const today = await services.attendance.matrix(c.classId, { day });
      assert.ok(today.sessions.every((s) => s.day === day));
      assert.ok(today.sessions.some((s) => s.id === c.sessionIds[1]));
      assert.ok(!today.sessions.some((s) => s.id === c.sessionIds[0]), 'two days ago is another day');
      assert.equal(today.trainees.find((x) => x.enrolmentId === d)?.hours.totalHours, 9, 'totals stay whole-class under a filter');
      const xlsx = await services.attendance.matrixXlsx(c.classId, {}, 'zh-CN');
      assert.equal(xlsx.subarray(0, 2).toString(), 'PK');
      // #7's entry point runs inside a transaction (SQLite has one connection: it must not use db).
      const summary = await t.database.transaction((trx) => services.attendance.attendanceSummary(trx, c.classId));
      assert.deepEqual(
        summary.map((x) => [x.enrolmentId, x.attendedHours, x.absentHours, x.totalHours]).sort((p, q) => p[0] - q[0]),
        [
          [a, 2, 0, 8],
          [b, 0, 2, 9],
          [cc, 0, 5, 8],
          [d, 0, 2, 9],
        ].sort((p, q) => p[0] - q[0]),
      );
    });
  });
}
