import './tables';
import type { Executor } from '../../db/connection';
import type { NewRow, Patch } from '../../db/schema';

// Invitations are this module's own table. The two reads of people and enrolments below only
// read (never write) the roster's rows to show a trainee who they are and which classes they attend.
export const makeTraineeStore = () => ({
  insertInvitation: (db: Executor, row: NewRow<'invitations'>) => db.insertInto('invitations').values(row).returning('id').executeTakeFirstOrThrow(),
  findInvitationByHash: (db: Executor, tokenHash: string) => db.selectFrom('invitations').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst(),
  activeInvitationsOf: (db: Executor, enrolmentIds: number[]) =>
    enrolmentIds.length
      ? db.selectFrom('invitations').selectAll().where('enrolment_id', 'in', enrolmentIds).where('revoked_at', 'is', null).execute()
      : Promise.resolve([]),
  latestInvitationsOfClass: (db: Executor, classId: number) =>
    db
      .selectFrom('invitations as i')
      .innerJoin('enrolments as e', 'e.id', 'i.enrolment_id')
      .select(['i.id', 'i.enrolment_id', 'i.issued_at', 'i.revoked_at', 'i.last_used_at', 'i.use_count', 'i.expires_at'])
      .where('e.class_id', '=', classId)
      .orderBy('i.id')
      .execute(),
  revokeInvitations: (db: Executor, enrolmentId: number, at: string) =>
    db.updateTable('invitations').set({ revoked_at: at }).where('enrolment_id', '=', enrolmentId).where('revoked_at', 'is', null).execute(),
  updateInvitation: (db: Executor, id: number, patch: Patch<'invitations'>) => db.updateTable('invitations').set(patch).where('id', '=', id).execute(),

  classTrainees: (db: Executor, classId: number) =>
    db
      .selectFrom('enrolments as e')
      .innerJoin('people as p', 'p.id', 'e.person_id')
      .leftJoin('groups as g', 'g.id', 'e.group_id')
      .select(['e.id', 'p.name', 'p.name_bo', 'g.name as group_name'])
      .where('e.class_id', '=', classId)
      .where('e.status', '=', 'enrolled')
      .orderBy((eb) => eb.fn.coalesce('g.sort_order', eb.lit(1000000)))
      .orderBy('e.role', 'desc')
      .orderBy('e.id')
      .execute(),
  classTitle: (db: Executor, classId: number) => db.selectFrom('classes').select(['title', 'time_zone']).where('id', '=', classId).executeTakeFirst(),
  /** When the class ends, for the invitations' default expiry. */
  classEnd: (db: Executor, classId: number) => db.selectFrom('classes').select(['ends_on', 'time_zone']).where('id', '=', classId).executeTakeFirst(),
  person: (db: Executor, personId: number) =>
    db.selectFrom('people').select(['id', 'name', 'name_bo', 'name_latin']).where('id', '=', personId).executeTakeFirst(),
  enrolmentsOfPerson: (db: Executor, personId: number) =>
    db
      .selectFrom('enrolments as e')
      .innerJoin('classes as c', 'c.id', 'e.class_id')
      .leftJoin('groups as g', 'g.id', 'e.group_id')
      .select([
        'e.id as enrolment_id',
        'e.class_id',
        'e.person_id',
        'e.status',
        'e.role',
        'e.group_id',
        'g.name as group_name',
        'c.title',
        'c.short_title',
        'c.starts_on',
        'c.ends_on',
        'c.time_zone',
        'c.place',
        'c.status as class_status',
        'c.leave_limit_ratio',
      ])
      .where('e.person_id', '=', personId)
      .orderBy('c.starts_on', 'desc')
      .execute(),
});
export type TraineeStore = ReturnType<typeof makeTraineeStore>;
