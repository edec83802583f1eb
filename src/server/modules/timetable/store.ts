import { type Executor, updateById } from '../../db/connection';
import type { DB, NewRow, Patch } from '../../db/schema';

export const makeTimetableStore = () => ({
  listSites: (db: Executor, institutionId: number) => db.selectFrom('sites').selectAll().where('institution_id', '=', institutionId).orderBy('id').execute(),
  listSitesByIds: (db: Executor, ids: number[]) => (ids.length ? db.selectFrom('sites').selectAll().where('id', 'in', ids).execute() : Promise.resolve([])),
  findSite: (db: Executor, id: number) => db.selectFrom('sites').selectAll().where('id', '=', id).executeTakeFirst(),
  findSiteByName: (db: Executor, institutionId: number, name: string) =>
    db.selectFrom('sites').selectAll().where('institution_id', '=', institutionId).where('name', '=', name).executeTakeFirst(),
  insertSite: (db: Executor, row: NewRow<'sites'>) => db.insertInto('sites').values(row).returning('id').executeTakeFirstOrThrow(),
  updateSite: (db: Executor, id: number, patch: Patch<'sites'>) => updateById(db, 'sites', id, patch),

  listLecturers: (db: Executor, institutionId: number) =>
    db
      .selectFrom('lecturers as l')
      .selectAll('l')
      .select((eb) =>
        eb
          .selectFrom('session_lecturers as sl')
          .select((e) => e.fn.countAll<number>().as('n'))
          .whereRef('sl.lecturer_id', '=', 'l.id')
          .as('session_count'),
      )
      .where('l.institution_id', '=', institutionId)
      .orderBy('l.id')
      .execute(),
  findLecturer: (db: Executor, id: number) => db.selectFrom('lecturers').selectAll().where('id', '=', id).executeTakeFirst(),
  findLecturersByIds: (db: Executor, ids: number[]) =>
    ids.length ? db.selectFrom('lecturers').selectAll().where('id', 'in', ids).execute() : Promise.resolve([]),
  findLecturerByName: (db: Executor, institutionId: number, name: string) =>
    db.selectFrom('lecturers').selectAll().where('institution_id', '=', institutionId).where('name', '=', name).executeTakeFirst(),
  insertLecturer: (db: Executor, row: NewRow<'lecturers'>) => db.insertInto('lecturers').values(row).returning('id').executeTakeFirstOrThrow(),
  updateLecturer: (db: Executor, id: number, patch: Patch<'lecturers'>) => updateById(db, 'lecturers', id, patch),
  lecturerIdsOfUser: async (db: Executor, userId: number) =>
    (await db.selectFrom('lecturers').select('id').where('user_id', '=', userId).execute()).map((r) => r.id),
  sessionsOfLecturer: (db: Executor, lecturerId: number) =>
    db
      .selectFrom('session_lecturers as sl')
      .innerJoin('sessions as s', 's.id', 'sl.session_id')
      .innerJoin('classes as c', 'c.id', 's.class_id')
      .select(['s.id as session_id', 's.class_id', 'c.programme_id', 'c.title as class_title', 's.title', 's.kind', 's.starts_at', 's.hours'])
      .where('sl.lecturer_id', '=', lecturerId)
      .orderBy('s.starts_at', 'desc')
      .execute(),

  listSessions: (db: Executor, classId: number, filter: { from?: string; to?: string; kind?: string; ids?: number[] } = {}) => {
    let q = db.selectFrom('sessions').selectAll().where('class_id', '=', classId);
    if (filter.from) q = q.where('ends_at', '>', filter.from);
    if (filter.to) q = q.where('starts_at', '<', filter.to);
    if (filter.kind) q = q.where('kind', '=', filter.kind as DB['sessions']['kind']);
    if (filter.ids) q = q.where('id', 'in', filter.ids);
    return q.orderBy('starts_at').orderBy('id').execute();
  },
  findSession: (db: Executor, id: number) => db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst(),
  insertSession: (db: Executor, row: NewRow<'sessions'>) => db.insertInto('sessions').values(row).returning('id').executeTakeFirstOrThrow(),
  updateSession: (db: Executor, id: number, patch: Patch<'sessions'>) =>
    db
      .updateTable('sessions')
      .set((eb) => ({ ...patch, revision: eb('revision', '+', 1) }))
      .where('id', '=', id)
      .execute(),
  deleteSession: (db: Executor, id: number) => db.deleteFrom('sessions').where('id', '=', id).execute(),

  lecturersOfSessions: (db: Executor, sessionIds: number[]) =>
    sessionIds.length
      ? db
          .selectFrom('session_lecturers as sl')
          .innerJoin('lecturers as l', 'l.id', 'sl.lecturer_id')
          .select(['sl.session_id', 'l.id', 'l.name', 'l.title'])
          .where('sl.session_id', 'in', sessionIds)
          .orderBy('l.id')
          .execute()
      : Promise.resolve([]),
  groupsOfSessions: (db: Executor, sessionIds: number[]) =>
    sessionIds.length
      ? db
          .selectFrom('session_groups as sg')
          .innerJoin('groups as g', 'g.id', 'sg.group_id')
          .select(['sg.session_id', 'g.id', 'g.name', 'g.sort_order'])
          .where('sg.session_id', 'in', sessionIds)
          .orderBy('g.sort_order')
          .execute()
      : Promise.resolve([]),
  agendaOfSessions: (db: Executor, sessionIds: number[]) =>
    sessionIds.length ? db.selectFrom('agenda_items').selectAll().where('session_id', 'in', sessionIds).orderBy('position').execute() : Promise.resolve([]),
  setSessionLecturers: async (db: Executor, sessionId: number, lecturerIds: number[]) => {
    await db.deleteFrom('session_lecturers').where('session_id', '=', sessionId).execute();
    if (lecturerIds.length)
      await db
        .insertInto('session_lecturers')
        .values(lecturerIds.map((lecturer_id) => ({ session_id: sessionId, lecturer_id })))
        .execute();
  },
  setSessionGroups: async (db: Executor, sessionId: number, groupIds: number[]) => {
    await db.deleteFrom('session_groups').where('session_id', '=', sessionId).execute();
    if (groupIds.length)
      await db
        .insertInto('session_groups')
        .values(groupIds.map((group_id) => ({ session_id: sessionId, group_id })))
        .execute();
  },
  // Planning checks (#9) and lecturer grants.
  /** Sessions of the institution's other classes that overlap [from, to). */
  institutionSessionsBetween: (db: Executor, institutionId: number, excludeClassId: number, from: string, to: string) =>
    db
      .selectFrom('sessions as s')
      .innerJoin('classes as c', 'c.id', 's.class_id')
      .innerJoin('programmes as p', 'p.id', 'c.programme_id')
      .selectAll('s')
      .select('c.title as class_title')
      .where('p.institution_id', '=', institutionId)
      .where('s.class_id', '<>', excludeClassId)
      .where('s.starts_at', '<', to)
      .where('s.ends_at', '>', from)
      .orderBy('s.starts_at')
      .execute(),
  /** Who (user accounts tied to lecturer entries) teaches which of these classes. */
  lecturerUsersOfClasses: (db: Executor, classIds: number[]) =>
    classIds.length
      ? db
          .selectFrom('session_lecturers as sl')
          .innerJoin('sessions as s', 's.id', 'sl.session_id')
          .innerJoin('lecturers as l', 'l.id', 'sl.lecturer_id')
          .select(['l.user_id', 's.class_id'])
          .distinct()
          .where('s.class_id', 'in', classIds)
          .where('l.user_id', 'is not', null)
          .execute()
      : Promise.resolve([]),
  classIdsOfLecturers: async (db: Executor, lecturerIds: number[]) =>
    lecturerIds.length
      ? (
          await db
            .selectFrom('session_lecturers as sl')
            .innerJoin('sessions as s', 's.id', 'sl.session_id')
            .select('s.class_id')
            .distinct()
            .where('sl.lecturer_id', 'in', lecturerIds)
            .execute()
        ).map((r) => r.class_id)
      : [],

  replaceAgenda: async (db: Executor, sessionId: number, items: Array<Omit<NewRow<'agenda_items'>, 'session_id'>>) => {
    await db.deleteFrom('agenda_items').where('session_id', '=', sessionId).execute();
    if (items.length)
      await db
        .insertInto('agenda_items')
        .values(items.map((i) => ({ ...i, session_id: sessionId })))
        .execute();
  },
});
export type TimetableStore = ReturnType<typeof makeTimetableStore>;
