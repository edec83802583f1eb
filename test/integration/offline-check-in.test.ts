import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Services } from '../../src/server/app';
import { AppError } from '../../src/server/lib/errors';
import type { Actor } from '../../src/server/lib/permissions';
import { makeCheckInCodes } from '../../src/server/modules/attendance/check-in-code';
import { runningClass, traineeActor } from '../support/attendance';
import { DATABASES, freshDatabase, type TestDatabase } from '../support/db';
import { makeActor, servicesFor } from '../support/factories';

// Offline check-in (#15): the acceptance rules of a queued scan uploaded later.
const rejects = async (p: Promise<unknown>, code: string) =>
  assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof AppError, `expected AppError ${code}, got ${e}`);
    assert.equal(e.code, code);
    return true;
  });

for (const kind of DATABASES) {
  describe(`offline check-in on ${kind}`, () => {
    let t: TestDatabase;
    let services: Services;
    let teacher: Actor;
    before(async () => {
      t = await freshDatabase(kind);
      services = servicesFor(t);
      teacher = await makeActor(services, 'admin');
    });
    after(() => t.drop());
    const codeAt = (sessionId: number, ms: number) => makeCheckInCodes(t.config.secretKey).codeFor(sessionId, ms).code;

    test('a scan uploaded soon after is recorded as offline at its scan time; a re-upload returns the same record', async () => {
      const c = await runningClass(services, { sessions: [{ fromMin: -30, toMin: 90 }] });
      const { actor } = await traineeActor(services, c.enrolmentIds[0]);
      const scannedAt = Date.now() - 30_000;
      const body = { code: codeAt(c.sessionIds[0], scannedAt), scannedAt: new Date(scannedAt).toISOString(), personId: actor.personId! };
      const r = await services.trainee.offlineCheckIn(actor, body);
      assert.equal(r.outcome, 'recorded');
      assert.equal(r.method, 'offline');
      assert.equal(r.checkedInAt, new Date(scannedAt).toISOString());
      assert.equal(r.review, null);
      assert.ok(r.syncedAt);
      const again = await services.trainee.offlineCheckIn(actor, body);
      assert.equal(again.outcome, 'already');
      const audit = await t.database.db
        .selectFrom('audit_log')
        .selectAll()
        .where('class_id', '=', c.classId)
        .where('action', '=', 'attendance.check_in')
        .execute();
      assert.equal(audit.length, 1);
      assert.equal(JSON.parse(audit[0].after_json!).method, 'offline');
    });

    test('a code replayed after its window, a forged code and another person’s queued scan are refused; nothing is written', async () => {
      const c = await runningClass(services, { sessions: [{ fromMin: -30, toMin: 90 }] });
      const { actor } = await traineeActor(services, c.enrolmentIds[1]);
      const old = Date.now() - 10 * 60_000;
      // The code of ten minutes ago, "scanned" now: its window does not cover the scan time.
      await rejects(
        services.trainee.offlineCheckIn(actor, { code: codeAt(c.sessionIds[0], old), scannedAt: new Date().toISOString(), personId: actor.personId! }),
        'checkin.offline_scan_time',
      );
      // A scan time in the future is not believed either.
      const later = Date.now() + 10 * 60_000;
      await rejects(
        services.trainee.offlineCheckIn(actor, { code: codeAt(c.sessionIds[0], later), scannedAt: new Date(later).toISOString(), personId: actor.personId! }),
        'checkin.offline_scan_time',
      );
      const forged = makeCheckInCodes(Buffer.alloc(32, 1)).codeFor(c.sessionIds[0], Date.now()).code;
      await rejects(
        services.trainee.offlineCheckIn(actor, { code: forged, scannedAt: new Date().toISOString(), personId: actor.personId! }),
        'checkin.code_invalid',
      );
      const other = await traineeActor(services, c.enrolmentIds[2]);
      await rejects(
        services.trainee.offlineCheckIn(actor, {
          code: codeAt(c.sessionIds[0], Date.now()),
          scannedAt: new Date().toISOString(),
          personId: other.actor.personId!,
        }),
        'checkin.offline_other_person',
      );
      // Uploaded later than the class's offline window after the code: refused with the window.
      await t.database.db.updateTable('classes').set({ offline_window_minutes: 5 }).where('id', '=', c.classId).execute();
      await rejects(
        services.trainee.offlineCheckIn(actor, { code: codeAt(c.sessionIds[0], old), scannedAt: new Date(old).toISOString(), personId: actor.personId! }),
        'checkin.offline_too_late',
      );
      const rows = await t.database.db.selectFrom('attendance').selectAll().where('session_id', '=', c.sessionIds[0]).execute();
      assert.equal(rows.length, 0);
    });

    test('one synced long after its code waits for the class teacher (待确认), who accepts or rejects it, audited', async () => {
      const c = await runningClass(services, { sessions: [{ fromMin: -60, toMin: 90 }] });
      const a = await traineeActor(services, c.enrolmentIds[0]);
      const b = await traineeActor(services, c.enrolmentIds[1]);
      const old = Date.now() - 20 * 60_000;
      const upload = (x: { actor: Actor }) =>
        services.trainee.offlineCheckIn(x.actor, { code: codeAt(c.sessionIds[0], old), scannedAt: new Date(old).toISOString(), personId: x.actor.personId! });
      const ra = await upload(a);
      const rb = await upload(b);
      assert.equal(ra.review, 'pending');
      assert.equal(rb.review, 'pending');
      // The trainee's own timetable says it waits for the class teacher (shown as 待确认, not 已签到).
      const mine = async (x: { actor: Actor }, i: number) =>
        (await services.trainee.timetable(x.actor, c.enrolmentIds[i])).sessions.find((s) => s.id === c.sessionIds[0])!;
      assert.deepEqual([(await mine(a, 0)).review, (await mine(a, 0)).method], ['pending', 'offline']);
      const list = await services.attendance.offlineCheckIns(c.classId);
      assert.equal(list.length, 2);
      assert.ok(list.every((i) => i.review === 'pending' && i.scannedAt === new Date(old).toISOString() && i.syncedAt));
      const ia = list.find((i) => i.enrolmentId === c.enrolmentIds[0])!;
      const ib = list.find((i) => i.enrolmentId === c.enrolmentIds[1])!;
      // The person's hours ledger earns nothing while it waits, and the session's hours once accepted.
      const ledger = async () => (await services.hours.personHours(a.actor.personId!)).years.reduce((sum, y) => sum + y.hours, 0);
      assert.equal(await ledger(), 0);
      const accepted = await services.attendance.reviewOfflineCheckIn(teacher, c.classId, ia.attendanceId, 'accept');
      assert.equal(accepted.review, 'accepted');
      assert.equal(accepted.status, 'late'); // scanned 40 min after the start
      assert.ok((await ledger()) > 0, 'accepted: the session counts');
      const rejected = await services.attendance.reviewOfflineCheckIn(teacher, c.classId, ib.attendanceId, 'reject');
      assert.equal(rejected.review, 'rejected');
      assert.equal(rejected.status, 'absent');
      assert.deepEqual([(await mine(a, 0)).review, (await mine(a, 0)).status], ['accepted', 'late']);
      assert.deepEqual([(await mine(b, 1)).review, (await mine(b, 1)).status], ['rejected', 'absent']);
      await rejects(services.attendance.reviewOfflineCheckIn(teacher, c.classId, ia.attendanceId, 'reject'), 'attendance.offline_not_pending');
      // Another class's id does not reach this record.
      const other = await runningClass(services);
      await rejects(services.attendance.reviewOfflineCheckIn(teacher, other.classId, ia.attendanceId, 'accept'), 'not_found');
      const audit = await t.database.db
        .selectFrom('audit_log')
        .select(['action', 'actor_user_id', 'before_json', 'after_json'])
        .where('class_id', '=', c.classId)
        .where('action', 'in', ['attendance.offline_accept', 'attendance.offline_reject'])
        .orderBy('id')
        .execute();
      assert.deepEqual(
        audit.map((x) => [x.action, x.actor_user_id, JSON.parse(x.before_json!).review, JSON.parse(x.after_json!).review]),
        [
          ['attendance.offline_accept', teacher.userId, 'pending', 'accepted'],
          ['attendance.offline_reject', teacher.userId, 'pending', 'rejected'],
        ],
      );
    });
  });
}
