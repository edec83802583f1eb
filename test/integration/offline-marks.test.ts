import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import type { Services } from '../../src/server/app';
import { AppError } from '../../src/server/lib/errors';
import { translate } from '../../src/server/lib/i18n';
import type { Actor } from '../../src/server/lib/permissions';
import { runningClass, traineeActor, uploadOfflineScan } from '../support/attendance';
import { DATABASES, freshDatabase, type TestDatabase } from '../support/db';
import { makeActor, servicesFor } from '../support/factories';

// Offline check-ins (#15) in the class teacher's matrix and its workbook: each cell that came from
// one is marked with when it was scanned and synced; one waiting for review is 待确认, counted as
// pending (never present) in the totals, and earns nothing for completion until accepted. And a
// manual mark, a group leader's roll call or approved leave over a pending one settles its review.
for (const kind of DATABASES) {
  describe(`offline check-ins marked in the matrix on ${kind}`, () => {
    let t: TestDatabase;
    let services: Services;
    let teacher: Actor;
    before(async () => {
      t = await freshDatabase(kind);
      services = servicesFor(t);
      teacher = await makeActor(services, 'admin');
    });
    after(() => t.drop());
    const upload = (enrolmentId: number, sessionId: number, scannedAt: number) =>
      uploadOfflineScan(services, t.config.secretKey, enrolmentId, sessionId, scannedAt);
    const rollCall = (leader: Actor, sessionId: number, enrolmentId: number) =>
      services.database.transaction((trx) =>
        services.attendance.recordRollCallMark(trx, leader, { sessionId, enrolmentId, status: 'absent', markedAt: new Date().toISOString() }),
      );

    // One session that has ended: 学员1 waits for review, 学员2 was accepted, 学员3 rejected,
    // 学员4 synced at once (no review), 学员5 never came.
    let c: Awaited<ReturnType<typeof runningClass>>;
    const lateScan = Date.now() - 90 * 60_000;
    const soonScan = Date.now() - 3 * 60_000;
    before(async () => {
      // Late after 15 minutes: 学员2's scan (10 minutes in) is on time, 学员4's (near the end) late.
      c = await runningClass(services, { trainees: 5, lateGraceMinutes: 15, sessions: [{ fromMin: -100, toMin: -2, hours: 2 }] });
      const s = c.sessionIds[0];
      for (const e of c.enrolmentIds.slice(0, 3)) assert.equal((await upload(e, s, lateScan)).review, 'pending');
      const quick = await upload(c.enrolmentIds[3], s, soonScan);
      assert.equal(quick.review, null);
      const list = await services.attendance.offlineCheckIns(c.classId);
      const idOf = (e: number) => list.find((r) => r.enrolmentId === e)!.attendanceId;
      assert.equal((await services.attendance.reviewOfflineCheckIn(teacher, c.classId, idOf(c.enrolmentIds[1]), 'accept')).status, 'present');
      await services.attendance.reviewOfflineCheckIn(teacher, c.classId, idOf(c.enrolmentIds[2]), 'reject');
    });

    test('the matrix marks offline cells with scan and sync times; a pending one is 待确认, counted pending, not present', async () => {
      const m = await services.attendance.matrix(c.classId);
      const row = (i: number) => m.trainees.find((x) => x.enrolmentId === c.enrolmentIds[i])!;
      assert.deepEqual(
        c.enrolmentIds.map((_, i) => row(i).cells),
        ['?', 'P', 'A', 'L', 'A'],
      );
      const s = c.sessionIds[0];
      assert.deepEqual(row(0).offline, [
        { sessionId: s, scannedAt: new Date(lateScan).toISOString(), syncedAt: row(0).offline[0].syncedAt, review: 'pending' },
      ]);
      assert.ok(Date.parse(row(0).offline[0].syncedAt!) >= lateScan + 85 * 60_000);
      assert.equal(row(1).offline[0].review, 'accepted');
      assert.equal(row(2).offline[0].review, 'rejected');
      assert.deepEqual(row(3).offline, [{ sessionId: s, scannedAt: new Date(soonScan).toISOString(), syncedAt: row(3).offline[0].syncedAt, review: null }]);
      assert.deepEqual(row(4).offline, []);
      const counts = m.sessions[0].counts;
      assert.equal(counts.present + counts.late, 2);
      assert.equal(counts.pending, 1);
      assert.equal(counts.absent, 2);
      assert.equal(counts.expected, 5);
      assert.equal(m.sessions[0].reviewCount, 1);
      assert.deepEqual([row(0).hours.attendedHours, row(0).hours.absentHours, row(0).hours.pendingHours], [0, 0, 2]);
      assert.equal(row(1).hours.attendedHours, 2);
      assert.equal(row(2).hours.absentHours, 2);
    });

    test('completion counts a pending offline check-in as not attended; accepted, it is', async () => {
      const summary = await services.database.transaction((trx) => services.attendance.attendanceSummary(trx, c.classId));
      const of = (i: number) => summary.find((x) => x.enrolmentId === c.enrolmentIds[i])!;
      assert.deepEqual([of(0).attendedHours, of(0).pendingHours, of(0).absentHours], [0, 2, 0]);
      assert.equal(of(1).attendedHours, 2);
      const { rows } = await services.completion.eligibility(c.classId, 'zh-CN');
      const r = (i: number) => rows.find((x) => x.enrolmentId === c.enrolmentIds[i])!;
      assert.equal(r(0).eligible, false);
      assert.equal(r(0).attendedHours, 0);
      assert.ok(r(0).reasons.some((x) => x.code === 'sessions_pending'));
      assert.equal(r(1).attendedHours, 2);
      assert.ok(!r(1).reasons.some((x) => x.code === 'sessions_pending' || x.code === 'attendance_below'));
    });

    test('the workbook carries the same marks, the 待确认 count and a legend line, in both languages', async () => {
      for (const lang of ['zh-CN', 'en'] as const) {
        const wb = new ExcelJS.Workbook();
        await wb.xlsx.load((await services.attendance.matrixXlsx(c.classId, {}, lang)) as unknown as ExcelJS.Buffer);
        const ws = wb.worksheets[0];
        const label = (k: string) => translate(`attendance.xlsx.${k}`, lang);
        const rowOf = (name: string) => {
          for (let r = 3; r <= ws.rowCount; r++) if (ws.getRow(r).getCell(1).value === name) return ws.getRow(r);
          throw new Error(`no row ${name}`);
        };
        // Column 3 is the one session.
        const cell = (name: string) => ws.getRow(rowOf(name).number).getCell(3).value;
        const expected =
          lang === 'zh-CN'
            ? ['待确认', '出勤（离线）', '缺勤（离线签到未通过）', '迟到（离线）', '缺勤']
            : ['to review', 'present (offline)', 'absent (offline check-in rejected)', 'late (offline)', 'absent'];
        assert.deepEqual(['学员1', '学员2', '学员3', '学员4', '学员5'].map(cell), expected);
        assert.equal(cell(label('present_count')), 2);
        assert.equal(cell(label('review_count')), 1);
        assert.equal(cell(label('expected_count')), 5);
        // The legend: below the rows after a blank one, across the sheet, word for word.
        const last = ws.getRow(ws.rowCount);
        assert.equal(last.getCell(1).value, label('legend_offline'));
        assert.ok(last.getCell(1).isMerged);
        assert.equal(ws.getRow(ws.rowCount - 1).getCell(1).value, null);
        assert.ok(String(label('legend_offline')).includes(lang === 'zh-CN' ? '待确认' : 'to review'));
      }
    });

    test('a manual mark, a roll call or approved leave over a pending one settles its review (superseded), audited', async () => {
      const d = await runningClass(services, { trainees: 4, sessions: [{ fromMin: -60, toMin: 90 }] });
      const s = d.sessionIds[0];
      const scan = Date.now() - 20 * 60_000;
      for (const e of d.enrolmentIds) assert.equal((await upload(e, s, scan)).review, 'pending');
      const pending = async () => (await services.attendance.offlineCheckIns(d.classId)).filter((r) => r.review === 'pending').map((r) => r.enrolmentId);
      assert.equal((await pending()).length, 4);
      const before = (await services.attendance.matrix(d.classId)).sessions[0];
      assert.equal(before.reviewCount, 4);

      // The class teacher marks 学员1 present by hand.
      await services.attendance.markAttendance(teacher, s, d.enrolmentIds[0], { status: 'present' });
      // 学员2's group leader (学员4 stands in for them) takes roll call: absent.
      const { actor: leader } = await traineeActor(services, d.enrolmentIds[3]);
      const rc = await rollCall(leader, s, d.enrolmentIds[1]);
      assert.equal(rc.outcome, 'updated');
      // 学员3's leave is approved for the session.
      const { actor: t3 } = await traineeActor(services, d.enrolmentIds[2]);
      const leave = await services.trainee.requestLeave(t3, d.enrolmentIds[2], { sessionIds: [s], reason: '发烧就医' });
      await services.attendance.decideLeave(teacher, d.classId, leave.id, { decision: 'approve' });

      assert.deepEqual(await pending(), [d.enrolmentIds[3]]);
      const rows = await t.database.db.selectFrom('attendance').selectAll().where('session_id', '=', s).orderBy('enrolment_id').execute();
      assert.deepEqual(
        rows.map((r) => [r.status, r.method, r.review]),
        [
          ['present', 'manual', 'superseded'],
          ['absent', 'roll_call', 'superseded'],
          ['leave', 'leave', 'superseded'],
          ['late', 'offline', 'pending'],
        ],
      );
      const item = (await services.attendance.offlineCheckIns(d.classId)).find((r) => r.enrolmentId === d.enrolmentIds[0])!;
      assert.equal(item.review, 'superseded');
      await assert.rejects(services.attendance.reviewOfflineCheckIn(teacher, d.classId, item.attendanceId, 'accept'), (e: unknown) => {
        assert.ok(e instanceof AppError && e.code === 'attendance.offline_not_pending');
        return true;
      });
      // Each change says in the audit log that it settled the review.
      const audit = await t.database.db
        .selectFrom('audit_log')
        .select(['action', 'before_json', 'after_json'])
        .where('class_id', '=', d.classId)
        .where('action', 'in', ['attendance.mark', 'attendance.roll_call', 'attendance.leave'])
        .orderBy('id')
        .execute();
      assert.deepEqual(
        audit.map((a) => [a.action, JSON.parse(a.before_json!).review, JSON.parse(a.after_json!).review]),
        [
          ['attendance.mark', 'pending', 'superseded'],
          ['attendance.roll_call', 'pending', 'superseded'],
          ['attendance.leave', 'pending', 'superseded'],
        ],
      );
      // The matrix no longer counts them as waiting; the one left still is.
      const m = await services.attendance.matrix(d.classId);
      assert.equal(m.sessions[0].reviewCount, 1);
      assert.deepEqual(
        d.enrolmentIds.map((e) => m.trainees.find((x) => x.enrolmentId === e)!.cells),
        ['P', 'A', 'V', '?'],
      );
      // A roll call over an accepted offline check-in keeps it (it is the trainee's own, established).
      const id4 = (await services.attendance.offlineCheckIns(d.classId)).find((r) => r.enrolmentId === d.enrolmentIds[3])!.attendanceId;
      await services.attendance.reviewOfflineCheckIn(teacher, d.classId, id4, 'accept');
      const { actor: leader2 } = await traineeActor(services, d.enrolmentIds[0]);
      const kept = await rollCall(leader2, s, d.enrolmentIds[3]);
      assert.equal(kept.outcome, 'kept');
    });

    test('the session list shows a pending one as 待确认 (pending), not present', async () => {
      const d = await runningClass(services, { trainees: 2, sessions: [{ fromMin: -60, toMin: 90 }] });
      await upload(d.enrolmentIds[0], d.sessionIds[0], Date.now() - 20 * 60_000);
      const list = await services.attendance.sessionAttendance(d.sessionIds[0]);
      const e = list.entries.find((x) => x.enrolmentId === d.enrolmentIds[0])!;
      assert.equal(e.status, 'pending');
      assert.equal(e.review, 'pending');
      assert.equal(e.method, 'offline');
      assert.ok(e.syncedAt);
      assert.equal(list.counts.present + list.counts.late, 0);
      assert.equal(list.counts.pending, 2);
    });
  });
}
