import { sql } from 'kysely';
import { classHoursSql } from '../../db/class-hours';
import { type Executor, updateById } from '../../db/connection';
import type { DB, NewRow, Patch } from '../../db/schema';

type ClassRow = DB['classes'];

const classSummary = (db: Executor) =>
  db
    .selectFrom('classes as c')
    .innerJoin('programmes as p', 'p.id', 'c.programme_id')
    .selectAll('c')
    .select(['p.name as programme_name', 'p.institution_id'])
    .select((eb) =>
      eb
        .selectFrom('enrolments as e')
        .select((e2) => e2.fn.countAll<number>().as('n'))
        .whereRef('e.class_id', '=', 'c.id')
        .where('e.status', '=', 'enrolled')
        .as('trainee_count'),
    );

export const makeClassStore = () => ({
  insertProgramme: (db: Executor, row: NewRow<'programmes'>) => db.insertInto('programmes').values(row).returning('id').executeTakeFirstOrThrow(),
  updateProgramme: (db: Executor, id: number, patch: Patch<'programmes'>) => updateById(db, 'programmes', id, patch),
  findProgramme: (db: Executor, id: number) => db.selectFrom('programmes').selectAll().where('id', '=', id).executeTakeFirst(),
  findProgrammeByName: (db: Executor, institutionId: number, name: string) =>
    db.selectFrom('programmes').selectAll().where('institution_id', '=', institutionId).where('name', '=', name).executeTakeFirst(),
  listProgrammes: (db: Executor, filter: { institutionIds: number[] | 'all'; programmeIds: number[] }) => {
    let q = db.selectFrom('programmes').selectAll().orderBy('id');
    if (filter.institutionIds !== 'all') {
      const inst = filter.institutionIds;
      const progs = filter.programmeIds;
      q = q.where((eb) => eb.or([inst.length ? eb('institution_id', 'in', inst) : eb.lit(false), progs.length ? eb('id', 'in', progs) : eb.lit(false)]));
    }
    return q.execute();
  },
  programmeTotals: (db: Executor, programmeIds: number[]) =>
    programmeIds.length === 0
      ? Promise.resolve([])
      : db
          .selectFrom('classes as c')
          .select((eb) => [
            'c.programme_id',
            eb.fn.countAll<number>().as('class_count'),
            eb
              .selectFrom('enrolments as e')
              .innerJoin('classes as c2', 'c2.id', 'e.class_id')
              .select((e2) => e2.fn.countAll<number>().as('n'))
              .whereRef('c2.programme_id', '=', 'c.programme_id')
              .where('e.status', '=', 'enrolled')
              .as('trainee_count'),
            // Per trainee (#9): each class's hours as one trainee attends them, summed over the classes.
            eb
              .selectFrom('classes as c3')
              .select((e3) => e3.fn.coalesce(e3.fn.sum<number>(classHoursSql(sql.ref('c3.id'))), e3.lit(0)).as('h'))
              .whereRef('c3.programme_id', '=', 'c.programme_id')
              .as('total_hours'),
          ])
          .where('c.programme_id', 'in', programmeIds)
          .groupBy('c.programme_id')
          .execute(),

  insertClass: (db: Executor, row: Omit<ClassRow, 'id'>) => db.insertInto('classes').values(row).returning('id').executeTakeFirstOrThrow(),
  updateClass: (db: Executor, id: number, patch: Patch<'classes'>) => updateById(db, 'classes', id, patch),
  findClass: (db: Executor, id: number) =>
    db
      .selectFrom('classes as c')
      .innerJoin('programmes as p', 'p.id', 'c.programme_id')
      .selectAll('c')
      .select('p.institution_id')
      .where('c.id', '=', id)
      .executeTakeFirst(),
  findClassByTitle: (db: Executor, programmeId: number, title: string) =>
    db.selectFrom('classes').selectAll().where('programme_id', '=', programmeId).where('title', '=', title).executeTakeFirst(),
  /** Another class of the institution with this code (codes go into certificate serials). */
  findClassByCode: (db: Executor, institutionId: number, code: string) =>
    db
      .selectFrom('classes as c')
      .innerJoin('programmes as p', 'p.id', 'c.programme_id')
      .select(['c.id', 'c.title'])
      .where('p.institution_id', '=', institutionId)
      .where('c.code', '=', code)
      .executeTakeFirst(),
  /** When the timetable starts and ends: the lifecycle's timing rules read these. */
  sessionSpan: async (db: Executor, classId: number) => {
    const row = await db
      .selectFrom('sessions')
      .select((eb) => [eb.fn.min('starts_at').as('first_starts_at'), eb.fn.max('ends_at').as('last_ends_at')])
      .where('class_id', '=', classId)
      .executeTakeFirst();
    return { firstStartsAt: (row?.first_starts_at as string | null) ?? null, lastEndsAt: (row?.last_ends_at as string | null) ?? null };
  },
  findClassSummary: (db: Executor, id: number) => classSummary(db).where('c.id', '=', id).executeTakeFirst(),
  listClassSummaries: (
    db: Executor,
    filter: { institutionIds: number[] | 'all'; programmeIds: number[]; classIds: number[]; programmeId?: number; status?: string },
  ) => {
    let q = classSummary(db).orderBy('c.starts_on', 'desc').orderBy('c.id', 'desc');
    if (filter.institutionIds !== 'all') {
      const { institutionIds: inst, programmeIds: progs, classIds: cls } = filter;
      q = q.where((eb) =>
        eb.or([
          inst.length ? eb('p.institution_id', 'in', inst) : eb.lit(false),
          progs.length ? eb('c.programme_id', 'in', progs) : eb.lit(false),
          cls.length ? eb('c.id', 'in', cls) : eb.lit(false),
        ]),
      );
    }
    if (filter.programmeId) q = q.where('c.programme_id', '=', filter.programmeId);
    if (filter.status) q = q.where('c.status', '=', filter.status as ClassRow['status']);
    return q.execute();
  },
  classCounts: async (db: Executor, classId: number) => {
    const row = await db
      .selectNoFrom((eb) => [
        eb
          .selectFrom('enrolments')
          .select((e) => e.fn.countAll<number>().as('n'))
          .where('class_id', '=', classId)
          .where('status', '=', 'enrolled')
          .as('trainees'),
        eb
          .selectFrom('groups')
          .select((e) => e.fn.countAll<number>().as('n'))
          .where('class_id', '=', classId)
          .as('groups'),
        eb
          .selectFrom('sessions')
          .select((e) => e.fn.countAll<number>().as('n'))
          .where('class_id', '=', classId)
          .as('sessions'),
        eb
          .selectFrom('sessions')
          .select((e) => e.fn.countAll<number>().as('n'))
          .where('class_id', '=', classId)
          .where('kind', '=', 'site_visit')
          .as('site_visits'),
        // Per trainee (#9): parallel per-group sessions count once.
        classHoursSql(sql.val(classId)).as('hours'),
      ])
      .executeTakeFirstOrThrow();
    return {
      trainees: Number(row.trainees),
      groups: Number(row.groups),
      sessions: Number(row.sessions),
      siteVisits: Number(row.site_visits),
      hours: Number(row.hours),
    };
  },

  listStaff: (db: Executor, classId: number) =>
    db
      .selectFrom('class_staff as s')
      .innerJoin('users as u', 'u.id', 's.user_id')
      .select(['s.id', 's.user_id', 's.role', 'u.display_name'])
      .where('s.class_id', '=', classId)
      .orderBy('s.role', 'desc')
      .orderBy('s.id')
      .execute(),
  findStaff: (db: Executor, id: number) => db.selectFrom('class_staff').selectAll().where('id', '=', id).executeTakeFirst(),
  findStaffByUser: (db: Executor, classId: number, userId: number) =>
    db.selectFrom('class_staff').selectAll().where('class_id', '=', classId).where('user_id', '=', userId).executeTakeFirst(),
  insertStaff: (db: Executor, row: NewRow<'class_staff'>) => db.insertInto('class_staff').values(row).returning('id').executeTakeFirstOrThrow(),
  deleteStaff: (db: Executor, id: number) => db.deleteFrom('class_staff').where('id', '=', id).execute(),
});
export type ClassStore = ReturnType<typeof makeClassStore>;
