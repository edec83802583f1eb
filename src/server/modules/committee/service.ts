import type { Database, Executor } from '../../db/connection';
import { nowIso } from '../../db/connection';
import { AppError, notFound } from '../../lib/errors';
import type { Actor } from '../../lib/permissions';
import type { AttendanceService } from '../attendance/service';
import type { AuditService } from '../audit/service';
import type { ClassService } from '../classes/service';
import type { RosterService } from '../roster/service';
import type { TimetableService } from '../timetable/service';
import { makeRollCall } from './roll-call';
import type { CommitteeStore } from './store';
import { COMMITTEE_ROLES, type CommitteeRole } from './tables';

export type CommitteeDeps = {
  database: Database;
  store: CommitteeStore;
  audit: Pick<AuditService, 'record'>;
  classes: Pick<ClassService, 'requireClass'>;
  roster: Pick<RosterService, 'rosterIn' | 'groupsIn' | 'findEnrolmentRow'>;
  timetable: Pick<TimetableService, 'sessionsIn'>;
  attendance: Pick<AttendanceService, 'recordRollCallMark' | 'recordsOf'>;
  /** The clock; tests of the end of the delegated right pass their own. */
  now?: () => number;
};

/**
 * The class committee (班委, #18): 班长, 副班长 and the 委员, one trainee each, set by the class
 * teacher; the group leaders are the roster's (set on the groups tab or here through the roster).
 * And the group leaders' roll call (`roll-call.ts`).
 */
export const makeCommitteeService = (deps: CommitteeDeps) => {
  const { database, store, audit, classes, roster } = deps;
  const db = database.db;

  async function committee(trx: Executor, classId: number) {
    await classes.requireClass(trx, classId);
    const [roles, rows, groups] = await Promise.all([store.rolesOf(trx, classId), roster.rosterIn(trx, classId), roster.groupsIn(trx, classId)]);
    const byId = new Map(rows.map((r) => [r.id, r]));
    const member = (id: number | undefined) => {
      const r = id === undefined ? undefined : byId.get(id);
      return r && r.status === 'enrolled' ? { enrolmentId: r.id, name: r.name, nameBo: r.name_bo, groupName: r.group_name } : null;
    };
    return {
      classId,
      roles: COMMITTEE_ROLES.map((role) => ({ role, member: member(roles.find((x) => x.role === role)?.enrolment_id) })),
      groupLeaders: groups.map((g) => ({
        groupId: g.id,
        groupName: g.name,
        leader: member(rows.find((r) => r.group_id === g.id && r.role === 'group_leader' && r.status === 'enrolled')?.id),
      })),
    };
  }

  return {
    committee: (classId: number) => committee(db, classId),

    async setRole(actor: Actor, classId: number, role: CommitteeRole, enrolmentId: number | null) {
      return database.transaction(async (trx) => {
        const cls = await classes.requireClass(trx, classId);
        // The committee is part of the roster: it freezes with it when the class completes.
        if (cls.status === 'completed' || cls.status === 'archived') throw new AppError('committee.class_locked', 409, { status: cls.status });
        if (enrolmentId !== null) {
          const e = await roster.findEnrolmentRow(trx, enrolmentId);
          if (!e || e.class_id !== classId)
            throw new AppError('validation.failed', 400, {}, [{ field: 'enrolmentId', code: 'not_found', params: { entity: 'enrolment' } }]);
          if (e.status !== 'enrolled') throw new AppError('enrolment.withdrawn', 409);
        }
        const before = await store.find(trx, classId, role);
        if ((before?.enrolment_id ?? null) === enrolmentId) return committee(trx, classId);
        await store.remove(trx, classId, role);
        if (enrolmentId !== null)
          await store.insert(trx, { class_id: classId, role, enrolment_id: enrolmentId, assigned_by: actor.userId, assigned_at: nowIso() });
        await audit.record(trx, actor, {
          action: 'committee.set_role',
          entity: 'class',
          entityId: classId,
          classId,
          before: { role, enrolmentId: before?.enrolment_id ?? null },
          after: { role, enrolmentId },
        });
        return committee(trx, classId);
      });
    },

    /** The demo's class: its committee as it was, only where a role is still empty. */
    async importHistoricalCommittee(trx: Executor, classId: number, roles: Array<{ role: CommitteeRole; enrolmentId: number }>) {
      const have = new Set((await store.rolesOf(trx, classId)).map((r) => r.role));
      for (const r of roles)
        if (!have.has(r.role))
          await store.insert(trx, { class_id: classId, role: r.role, enrolment_id: r.enrolmentId, assigned_by: null, assigned_at: nowIso() });
    },

    /** The committee as a trainee of the class sees it on the phone (their own enrolment only). */
    async committeeForTrainee(actor: Actor, enrolmentId: number) {
      const e = await roster.findEnrolmentRow(db, enrolmentId);
      if (!e || e.person_id !== actor.personId) throw notFound('enrolment', enrolmentId);
      return committee(db, e.class_id);
    },

    ...makeRollCall(deps),
  };
};
export type CommitteeService = ReturnType<typeof makeCommitteeService>;
