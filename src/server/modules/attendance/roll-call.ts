import { BADGE_PREFIX } from '../../../contracts/attendance';
import { type Executor, nowIso } from '../../db/connection';
import { AppError, conflict, notFound } from '../../lib/errors';
import type { Actor } from '../../lib/permissions';
import { type AttendanceCore, type AttendanceDeps, sessionWindow, settlesReview } from './core';
import { localTime } from './summary';

export type RollCallStatus = 'present' | 'late' | 'absent';
export type RollCallOutcome = 'recorded' | 'updated' | 'kept';

// A group leader's roll call (#18): a manual mark made by a trainee to whom the class teacher's
// right was delegated (the committee module checks the delegation and opens the transaction).
// It is a recorded mark like the class teacher's, so hours follow it as they follow any record;
// but it never overrides what staff or the trainee's own check-in recorded — only an earlier
// roll call mark, which the leader may correct.
export const makeRollCall = (deps: AttendanceDeps, core: AttendanceCore) => {
  const { store, audit } = deps;
  const { clock, pick } = core;
  return {
    async recordRollCallMark(trx: Executor, actor: Actor, mark: { sessionId: number; enrolmentId: number; status: RollCallStatus; markedAt: string }) {
      const ctx = await store.checkInContext(trx, mark.sessionId, { enrolmentId: mark.enrolmentId });
      if (!ctx) throw notFound('session', mark.sessionId);
      if (!ctx.enrolment_id) throw notFound('enrolment', mark.enrolmentId);
      if (ctx.class_status !== 'running') throw new AppError('attendance.class_locked', 409, { status: ctx.class_status });
      if (ctx.enrolment_status === 'withdrawn') throw conflict('enrolment.withdrawn');
      if (Number(ctx.group_count) > 0 && Number(ctx.in_group) === 0) throw conflict('attendance.not_expected');
      // Taken offline and sent later: judged at the time it was taken; a clock running ahead counts as now.
      const atMs = Math.min(Date.parse(mark.markedAt), clock());
      const w = sessionWindow(ctx);
      if (atMs < w.opens) {
        throw new AppError('checkin.session_not_open', 409, { opensAt: localTime(w.opens, ctx.time_zone), closesAt: localTime(w.closes, ctx.time_zone) });
      }
      const at = new Date(atMs).toISOString();
      const now = nowIso();
      const checkedInAt = mark.status === 'absent' ? null : at;
      const existing = await store.find(trx, mark.sessionId, mark.enrolmentId);
      // An offline check-in still waiting for review (待确认) is no established record: the
      // leader, who was there, settles it (superseded).
      const settled = existing ? settlesReview(existing) : {};
      if (existing && existing.method !== 'roll_call' && !('review' in settled)) return { outcome: 'kept' as RollCallOutcome, row: existing };
      if (existing) {
        if (existing.method === 'roll_call' && existing.status === mark.status) return { outcome: 'kept' as RollCallOutcome, row: existing };
        const patch = { status: mark.status, method: 'roll_call' as const, checked_in_at: checkedInAt, recorded_by: actor.userId, updated_at: now, ...settled };
        await store.update(trx, existing.id, patch);
        await audit.record(trx, actor, {
          action: 'attendance.roll_call',
          entity: 'attendance',
          entityId: existing.id,
          classId: ctx.class_id,
          before: pick(existing),
          after: { status: mark.status, method: 'roll_call', markedAt: at, ...settled },
        });
        return { outcome: 'updated' as RollCallOutcome, row: { ...existing, ...patch } };
      }
      const row = await store.insertOnce(trx, {
        session_id: mark.sessionId,
        enrolment_id: mark.enrolmentId,
        status: mark.status,
        method: 'roll_call',
        checked_in_at: checkedInAt,
        reason: null,
        leave_request_id: null,
        recorded_by: actor.userId,
        created_at: now,
        updated_at: now,
      });
      await audit.record(trx, actor, {
        action: 'attendance.roll_call',
        entity: 'attendance',
        entityId: row?.id ?? null,
        classId: ctx.class_id,
        before: null,
        after: { sessionId: mark.sessionId, enrolmentId: mark.enrolmentId, status: mark.status, method: 'roll_call', markedAt: at },
      });
      return { outcome: 'recorded' as RollCallOutcome, row: row ?? (await store.find(trx, mark.sessionId, mark.enrolmentId))! };
    },

    /** The records of one session for these trainees (the roll call sheet shows what is known). */
    recordsOf: (trx: Executor, sessionIds: number[], enrolmentIds: number[]) => store.findMany(trx, sessionIds, enrolmentIds),

    /** The trainee a badge QR code belongs to (the boarding scan), or null. */
    async enrolmentOfBadge(trx: Executor, badge: string) {
      const found = await store.findBadge(trx, badge.startsWith(BADGE_PREFIX) ? badge.slice(BADGE_PREFIX.length) : badge);
      return found?.enrolment_id ?? null;
    },
  };
};
