import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Services } from '../../src/server/app';
import type { Actor } from '../../src/server/lib/permissions';
import { makeCheckInCodes } from '../../src/server/modules/attendance/check-in-code';
import { runningClass, traineeActor } from '../support/attendance';
import { DATABASES, freshDatabase, type TestDatabase } from '../support/db';
import { makeActor, servicesFor } from '../support/factories';

// An offline check-in waiting for the class teacher (待确认, #15) earns no hours and is not an
// absence either; accepted, it earns the session's hours; rejected, it is an absence.
for (const kind of DATABASES) {
  describe(`hours of offline check-ins on ${kind}`, () => {
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

    test('the class keeps its offline window (minutes), 120 unless set', async () => {
      const c = await runningClass(services, { sessions: [{ fromMin: -30, toMin: 30 }] });
      assert.equal((await services.classes.getClass(null, c.classId)).offlineWindowMinutes, 120);
      await services.database.transaction((trx) => services.classes.updateClassIn(trx, teacher, c.classId, { offlineWindowMinutes: 45 }));
      assert.equal((await services.classes.getClass(null, c.classId)).offlineWindowMinutes, 45);
    });

    test('a pending offline check-in counts for no hours until accepted; a rejected one is an absence', async () => {
      // A session that has ended; both trainees scanned offline during it and synced late.
      const c = await runningClass(services, { trainees: 2, sessions: [{ fromMin: -90, toMin: -30, hours: 2 }] });
      const scannedAt = Date.now() - 80 * 60_000;
      const pending: Array<{ actor: Actor; enrolmentId: number }> = [];
      for (const enrolmentId of c.enrolmentIds) {
        const { actor } = await traineeActor(services, enrolmentId);
        const r = await services.trainee.offlineCheckIn(actor, {
          code: codeAt(c.sessionIds[0], scannedAt),
          scannedAt: new Date(scannedAt).toISOString(),
          personId: actor.personId!,
        });
        assert.equal(r.review, 'pending');
        pending.push({ actor, enrolmentId });
      }
      const hoursOf = async (actor: Actor) => (await services.trainee.classHours(actor, c.enrolmentIds[pending.findIndex((p) => p.actor === actor)])).hours;
      for (const p of pending) {
        const h = await hoursOf(p.actor);
        assert.equal(h.attendedHours, 0);
        assert.equal(h.absentHours, 0);
        assert.equal(h.pendingHours, 2);
      }
      const list = await services.attendance.offlineCheckIns(c.classId);
      const idOf = (enrolmentId: number) => list.find((r) => r.enrolmentId === enrolmentId)!.attendanceId;
      await services.attendance.reviewOfflineCheckIn(teacher, c.classId, idOf(c.enrolmentIds[0]), 'accept');
      await services.attendance.reviewOfflineCheckIn(teacher, c.classId, idOf(c.enrolmentIds[1]), 'reject');
      const accepted = await hoursOf(pending[0].actor);
      assert.equal(accepted.attendedHours, 2);
      assert.equal(accepted.pendingHours, 0);
      const rejected = await hoursOf(pending[1].actor);
      assert.equal(rejected.attendedHours, 0);
      assert.equal(rejected.absentHours, 2);
      // The year's figures follow the same rule.
      const all = await services.trainee.allHours(pending[0].actor);
      assert.equal(
        all.years.reduce((n, y) => n + y.hours, 0),
        2,
      );
    });
  });
}
