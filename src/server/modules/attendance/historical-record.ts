import { type Executor, nowIso } from '../../db/connection';
import type { NewRow } from '../../db/schema';
import type { AttendanceCore, AttendanceDeps } from './core';
import type { AttendanceStatus } from './tables';

// The record of a finished class (the demo's 2020 class), written directly rather than through the
// live check-in path, which rightly refuses a completed class.
export const makeHistoricalRecord = (deps: AttendanceDeps, core: AttendanceCore) => {
  const { store, audit } = deps;
  const { sessionsLite } = core;

  const historical = {
    /**
     * The historical record of a finished class (the demo's 2020 class): written directly, not
     * through the live check-in path, which rightly refuses a completed class. Idempotent: a
     * record that exists is left as it is.
     */
    /** The sessions and trainees of a class as a historical record is written against them (inside the caller's transaction). */
    async historicalFrame(trx: Executor, classId: number) {
      const [sessions, enrolments] = await Promise.all([sessionsLite(trx, classId), store.classEnrolments(trx, classId)]);
      return {
        sessions,
        enrolments: enrolments.map((e) => ({ id: e.id, groupId: e.group_id, role: e.role, status: e.status, name: e.name })),
      };
    },

    async importHistoricalRecord(
      trx: Executor,
      classId: number,
      records: Array<{
        sessionId: number;
        enrolmentId: number;
        status: AttendanceStatus;
        checkedInAt: string | null;
        reason?: string | null;
        leaveRequestId?: number | null;
        method?: 'qr' | 'badge' | 'manual';
      }>,
    ) {
      const sessionIds = new Set((await store.classSessions(trx, classId)).map((s) => s.id));
      const enrolmentIds = new Set((await store.classEnrolments(trx, classId)).map((e) => e.id));
      const at = nowIso();
      const rows: Array<NewRow<'attendance'>> = records
        .filter((r) => sessionIds.has(r.sessionId) && enrolmentIds.has(r.enrolmentId))
        .map((r) => ({
          session_id: r.sessionId,
          enrolment_id: r.enrolmentId,
          status: r.status,
          method: r.status === 'leave' ? 'leave' : (r.method ?? 'record'),
          checked_in_at: r.checkedInAt,
          reason: r.reason ?? null,
          leave_request_id: r.leaveRequestId ?? null,
          recorded_by: null,
          created_at: at,
          updated_at: at,
        }));
      let inserted = 0;
      for (let i = 0; i < rows.length; i += 200) inserted += (await store.insertManyOnce(trx, rows.slice(i, i + 200))).length;
      if (inserted) await audit.record(trx, null, { action: 'attendance.import', entity: 'class', entityId: classId, classId, after: { records: inserted } });
      return inserted;
    },
    /** An approved leave request of a finished class, for the same historical record. Returns its id. */
    async importHistoricalLeave(
      trx: Executor,
      input: {
        classId: number;
        enrolmentId: number;
        sessionIds: number[];
        reason: string;
        requestedAt: string;
        decidedAt: string;
        decidedBy?: number | null;
        comment?: string | null;
      },
    ) {
      const existing = (await store.listLeaves(trx, { enrolmentId: input.enrolmentId })).find((l) => l.reason === input.reason && l.class_id === input.classId);
      if (existing) return existing.id;
      const { id } = await store.insertLeave(trx, {
        class_id: input.classId,
        enrolment_id: input.enrolmentId,
        starts_at: null,
        ends_at: null,
        reason: input.reason,
        status: 'approved',
        requested_at: input.requestedAt,
        requested_by: null,
        decided_at: input.decidedAt,
        decided_by: input.decidedBy ?? null,
        decision_comment: input.comment ?? null,
      });
      await store.insertLeaveSessions(trx, id, input.sessionIds);
      await audit.record(trx, null, { action: 'leave.import', entity: 'leave_request', entityId: id, classId: input.classId, after: input });
      return id;
    },
  };
  return historical;
};
