// The matrix reads each enrolment's records packed in attendance_packed (#17), which triggers on
// attendance write in the same transaction: after every kind of write — a check-in, a mark, a
// changed mark, a mark cleared, an approved leave, an import, a hand-written UPDATE, a session or
// an enrolment deleted — the packed rows must say what the records say, and on PostgreSQL two
// transactions writing the same trainee at once must not lose one another's record.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Kysely, sql } from 'kysely';
import type { Services } from '../../src/server/app';
import type { DB } from '../../src/server/db/schema';
import type { Actor } from '../../src/server/lib/permissions';
import { FOUR_AROUND_NOW, runningClass, traineeActor } from '../support/attendance';
import { DATABASES, freshDatabase, type TestDatabase, twoAtOnce } from '../support/db';
import { makeActor, servicesFor } from '../support/factories';

const STATUS: Record<string, string> = { pr: 'present', la: 'late', le: 'leave', ab: 'absent' };

for (const kind of DATABASES) {
  describe(`packed attendance follows the records (${kind})`, () => {
    let t: TestDatabase;
    let services: Services;
    let teacher: Actor;
    let c: Awaited<ReturnType<typeof runningClass>>;

    before(async () => {
      t = await freshDatabase(kind);
      services = servicesFor(t);
      teacher = await makeActor(services, 'admin');
      c = await runningClass(services, FOUR_AROUND_NOW);
    });
    after(() => t.drop());

    /** Every enrolment's records as "sessionId:status", from attendance and from attendance_packed. */
    async function matches(label: string, db: Kysely<DB> = t.database.db) {
      const records = await db.selectFrom('attendance').select(['enrolment_id', 'session_id', 'status']).execute();
      const packed = await db.selectFrom('attendance_packed').selectAll().execute();
      const fromRecords = new Map<number, string[]>();
      for (const r of records) fromRecords.set(r.enrolment_id, [...(fromRecords.get(r.enrolment_id) ?? []), `${r.session_id}:${r.status}`]);
      const fromPacked = new Map<number, string[]>();
      for (const p of packed) {
        const entries = p.packed ? p.packed.split(',').map((x) => `${x.slice(0, -2)}:${STATUS[x.slice(-2)]}`) : [];
        if (entries.length) fromPacked.set(p.enrolment_id, entries);
      }
      const sorted = (m: Map<number, string[]>) => [...m].map(([e, xs]) => [e, [...xs].sort()] as const).sort((a, b) => a[0] - b[0]);
      assert.deepEqual(sorted(fromPacked), sorted(fromRecords), `${label}: packed = records`);
      const enrolments = new Set((await db.selectFrom('enrolments').select('id').execute()).map((e) => e.id));
      for (const p of packed) assert.ok(enrolments.has(p.enrolment_id), `${label}: no packed row without its enrolment`);
    }

    test('check-in, marks, a mark cleared, leave and an import', async () => {
      await matches('start');
      const { actor } = await traineeActor(services, c.enrolmentIds[0]);
      const code = await services.attendance.checkInCode(c.sessionIds[1]);
      assert.equal((await services.trainee.checkIn(actor, code.code)).outcome, 'recorded');
      await matches('check-in');
      await services.attendance.markAttendance(teacher, c.sessionIds[0], c.enrolmentIds[1], { status: 'late', reason: null });
      await services.attendance.markAttendance(teacher, c.sessionIds[2], c.enrolmentIds[1], { status: 'present', reason: null });
      await matches('marked');
      await services.attendance.markAttendance(teacher, c.sessionIds[0], c.enrolmentIds[1], { status: 'absent', reason: '未到' });
      await matches('mark changed');
      await services.attendance.clearAttendance(teacher, c.sessionIds[2], c.enrolmentIds[1]);
      await matches('mark cleared');
      const { actor: third } = await traineeActor(services, c.enrolmentIds[2]);
      const leave = await services.trainee.requestLeave(third, c.enrolmentIds[2], { sessionIds: [c.sessionIds[3]], reason: '家中有事' });
      await services.attendance.decideLeave(teacher, c.classId, leave.id, { decision: 'approve' });
      await matches('leave');
      const matrix = await services.attendance.matrix(c.classId);
      const row = matrix.trainees.find((x) => x.enrolmentId === c.enrolmentIds[1]);
      assert.ok(row, 'the marked trainee is in the matrix');
    });

    test('a hand-written UPDATE, a session deleted, an enrolment deleted', async () => {
      await sql`update attendance set status = 'late' where enrolment_id = ${c.enrolmentIds[0]}`.execute(t.database.db);
      await matches('by hand');
      await services.timetable.deleteSession(teacher, c.sessionIds[0]);
      await matches('session deleted');
      await t.database.db.deleteFrom('enrolments').where('id', '=', c.enrolmentIds[1]).execute();
      await matches('enrolment deleted');
    });

    if (kind === 'postgres')
      test('two transactions writing the same trainee at once both count', async () => {
        const db = t.database.db as Kysely<DB>;
        const enrolmentId = c.enrolmentIds[3];
        const [s0, s1, s2] = [c.sessionIds[1], c.sessionIds[2], c.sessionIds[3]];
        await db.deleteFrom('attendance').where('enrolment_id', '=', enrolmentId).execute();
        const at = new Date().toISOString();
        const row = (sessionId: number) => ({
          session_id: sessionId,
          enrolment_id: enrolmentId,
          status: 'present' as const,
          method: 'manual' as const,
          checked_in_at: at,
          created_at: at,
          updated_at: at,
        });
        // A record committed first, so the trainee's packed row exists (the two then meet on its lock, not on its insert).
        await db.insertInto('attendance').values(row(s0)).execute();
        // The second's trigger waits for the first's lock on the trainee's packed row, and packs
        // again after the first committed, its record included.
        await twoAtOnce(
          db,
          (trx) => trx.insertInto('attendance').values(row(s1)).execute(),
          (trx) => trx.insertInto('attendance').values(row(s2)).execute(),
        );
        await matches('concurrent');
        const packed = await db.selectFrom('attendance_packed').select('packed').where('enrolment_id', '=', enrolmentId).executeTakeFirstOrThrow();
        assert.deepEqual(packed.packed.split(',').sort(), [`${s0}pr`, `${s1}pr`, `${s2}pr`].sort());
      });
  });
}
