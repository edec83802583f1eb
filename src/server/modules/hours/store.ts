import '../attendance/tables';
import type { Executor } from '../../db/connection';

// A read model (README.md): reporting over attendance, sessions, enrolments and classes in SQL.
// Hours are never stored, they are summed from the records and the sessions' credited hours.
// These joins read other modules' tables and never write them.

export const makeHoursStore = () => ({
  enrolmentsOfPerson: (db: Executor, personId: number) =>
    db
      .selectFrom('enrolments as e')
      .innerJoin('classes as c', 'c.id', 'e.class_id')
      .select([
        'e.id as enrolment_id',
        'e.class_id',
        'e.group_id',
        'e.status as enrolment_status',
        'c.title',
        'c.starts_on',
        'c.ends_on',
        'c.status as class_status',
        'c.time_zone',
        'c.leave_limit_ratio',
      ])
      .where('e.person_id', '=', personId)
      .orderBy('c.starts_on', 'desc')
      .execute(),
  sessionsOfClasses: (db: Executor, classIds: number[]) =>
    classIds.length
      ? db.selectFrom('sessions').select(['id', 'class_id', 'starts_at', 'ends_at', 'hours']).where('class_id', 'in', classIds).orderBy('starts_at').execute()
      : Promise.resolve([]),
  groupsOfSessionsOfClasses: (db: Executor, classIds: number[]) =>
    classIds.length
      ? db
          .selectFrom('session_groups as sg')
          .innerJoin('sessions as s', 's.id', 'sg.session_id')
          .select(['sg.session_id', 'sg.group_id'])
          .where('s.class_id', 'in', classIds)
          .execute()
      : Promise.resolve([]),
  recordsOfEnrolments: (db: Executor, enrolmentIds: number[]) =>
    enrolmentIds.length
      ? db.selectFrom('attendance').select(['session_id', 'enrolment_id', 'status']).where('enrolment_id', 'in', enrolmentIds).execute()
      : Promise.resolve([]),

  /** Attended sessions (present or late) of the institution's classes that start between two instants. */
  attendedInInstitution: (db: Executor, institutionId: number, fromIso: string, toIso: string) =>
    db
      .selectFrom('attendance as a')
      .innerJoin('sessions as s', 's.id', 'a.session_id')
      .innerJoin('enrolments as e', 'e.id', 'a.enrolment_id')
      .innerJoin('classes as c', 'c.id', 's.class_id')
      .innerJoin('programmes as p', 'p.id', 'c.programme_id')
      .select(['e.person_id', 'c.id as class_id', 'c.title', 'c.time_zone', 's.starts_at', 's.hours'])
      .where('p.institution_id', '=', institutionId)
      .where('a.status', 'in', ['present', 'late'])
      .where('s.starts_at', '>=', fromIso)
      .where('s.starts_at', '<', toIso)
      .execute(),
  /** Everyone enrolled in a class of the institution that runs during the year. */
  traineesOfYear: (db: Executor, institutionId: number, year: number) =>
    db
      .selectFrom('enrolments as e')
      .innerJoin('classes as c', 'c.id', 'e.class_id')
      .innerJoin('programmes as pr', 'pr.id', 'c.programme_id')
      .innerJoin('people as p', 'p.id', 'e.person_id')
      .select(['p.id as person_id', 'p.name', 'p.name_bo', 'p.work_unit', 'p.position', 'p.rank', 'c.id as class_id', 'c.title'])
      .where('pr.institution_id', '=', institutionId)
      .where('e.status', '=', 'enrolled')
      .where('c.starts_on', '<=', `${year}-12-31`)
      .where('c.ends_on', '>=', `${year}-01-01`)
      .orderBy('p.name')
      .execute(),
});
export type HoursStore = ReturnType<typeof makeHoursStore>;
