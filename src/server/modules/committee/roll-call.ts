import type { z } from 'zod';
import type { RollCallMark } from '../../../contracts';
import { AppError } from '../../lib/errors';
import { type Lang, translate } from '../../lib/i18n';
import type { Actor } from '../../lib/permissions';
import { addDaysTo, instantOf } from '../../lib/wall-clock';
import type { CommitteeDeps } from './service';

/** Offline marks may still arrive this many days after the class's last day; then the right is over. */
export const ROLL_CALL_GRACE_DAYS = 2;

// A group leader's roll call (#18): the class teacher's right to mark attendance, delegated to the
// leader of a group for the members of that group only, while the class lasts. Each mark goes
// through the attendance service's roll call path (a recorded mark, method 'roll_call', by the
// leader's own account), so hours follow it and the audit log names the leader.
export const makeRollCall = (deps: CommitteeDeps) => {
  const { database, roster, classes, timetable, attendance, audit } = deps;
  const db = database.db;
  const clock = deps.now ?? Date.now;

  async function leaderContext(actor: Actor, enrolmentId: number) {
    const leader = await roster.findEnrolmentRow(db, enrolmentId);
    if (!leader || leader.person_id !== actor.personId) throw new AppError('not_found', 404, { entity: 'enrolment', id: enrolmentId });
    if (leader.role !== 'group_leader' || leader.group_id === null || leader.status !== 'enrolled') throw new AppError('roll_call.not_leader', 403);
    const cls = await classes.requireClass(db, leader.class_id);
    const rightEndsAt = instantOf(addDaysTo(cls.ends_on, ROLL_CALL_GRACE_DAYS + 1), '00:00', cls.time_zone);
    return { leader, cls, groupId: leader.group_id, rightEndsAt };
  }

  return {
    /** What the leader's phone keeps to take roll call with no network: the group, its sessions, what is recorded. */
    async rollCallSheet(actor: Actor, enrolmentId: number) {
      const { leader, cls, groupId, rightEndsAt } = await leaderContext(actor, enrolmentId);
      const [rows, sessions] = await Promise.all([roster.rosterIn(db, cls.id), timetable.sessionsIn(db, cls.id)]);
      const members = rows.filter((r) => r.group_id === groupId && r.status === 'enrolled');
      const ours = sessions.filter((s) => s.groups.length === 0 || s.groups.some((g) => g.id === groupId));
      const records = await attendance.recordsOf(
        db,
        ours.map((s) => s.id),
        members.map((m) => m.id),
      );
      return {
        classId: cls.id,
        classTitle: cls.title,
        timeZone: cls.time_zone,
        group: { id: groupId, name: leader.group_name ?? '' },
        rightEndsAt,
        members: members.map((m) => ({ enrolmentId: m.id, name: m.name, nameBo: m.name_bo })),
        sessions: ours.map((s) => ({ id: s.id, title: s.title, startsAt: s.startsAt, endsAt: s.endsAt })),
        records: records.map((r) => ({ sessionId: r.session_id, enrolmentId: r.enrolment_id, status: r.status, method: r.method })),
      };
    },

    /** Marks taken on the leader's phone, possibly offline; each judged on its own, all in one transaction. */
    async takeRollCall(actor: Actor, enrolmentId: number, marks: Array<z.infer<typeof RollCallMark>>, lang: Lang) {
      const { cls, groupId, rightEndsAt } = await leaderContext(actor, enrolmentId);
      if (clock() >= Date.parse(rightEndsAt)) throw new AppError('roll_call.ended', 403, { endsOn: cls.ends_on });
      return database.transaction(async (trx) => {
        const rows = await roster.rosterIn(trx, cls.id);
        const inGroup = new Set(rows.filter((r) => r.group_id === groupId).map((r) => r.id));
        const results = [];
        const counts = { recorded: 0, updated: 0, kept: 0, refused: 0 };
        for (const m of marks) {
          if (!inGroup.has(m.enrolmentId)) {
            counts.refused += 1;
            results.push({
              clientId: m.clientId,
              outcome: 'refused' as const,
              status: null,
              method: null,
              code: 'roll_call.not_own_group',
              message: translate('roll_call.not_own_group', lang),
            });
            continue;
          }
          try {
            const r = await attendance.recordRollCallMark(trx, actor, m);
            counts[r.outcome] += 1;
            results.push({ clientId: m.clientId, outcome: r.outcome, status: r.row.status, method: r.row.method, code: null, message: null });
          } catch (e) {
            if (!(e instanceof AppError)) throw e;
            counts.refused += 1;
            results.push({
              clientId: m.clientId,
              outcome: 'refused' as const,
              status: null,
              method: null,
              code: e.code,
              message: translate(e.code, lang, e.params),
            });
          }
        }
        // The delegated right in use: who took roll call of which group, and what came of it.
        await audit.record(trx, actor, {
          action: 'committee.roll_call',
          entity: 'group',
          entityId: groupId,
          classId: cls.id,
          before: null,
          after: { leaderEnrolmentId: enrolmentId, marks: marks.length, ...counts },
        });
        return { results };
      });
    },
  };
};
