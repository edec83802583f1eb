import './tables';
import { type ExpressionBuilder, sql } from 'kysely';
import type { Executor } from '../../db/connection';
import { precompile, precompileLists } from '../../db/precompiled';
import type { DB, NewRow, Patch } from '../../db/schema';

// All SQL of attendance, offline badge scans, personal badges and leave. Two queries also read
// (never write) the timetable's and roster's ownership columns — session times, class status,
// enrolment group — in one join: check-in is the hottest path of the system, and going through
// three services there would cost three round trips per scan (see docs/benchmarks.md).

const contextBase = (db: Executor) =>
  db
    .selectFrom('sessions as s')
    .innerJoin('classes as c', 'c.id', 's.class_id')
    .select((eb) => [
      's.id as session_id',
      's.class_id',
      's.title',
      's.starts_at',
      's.ends_at',
      's.hours',
      'c.status as class_status',
      'c.late_grace_minutes',
      'c.offline_window_minutes',
      'c.time_zone',
      eb.selectFrom('session_groups as sg').select(eb.fn.countAll<number>().as('n')).whereRef('sg.session_id', '=', 's.id').as('group_count'),
    ]);
const contextSelect = (db: Executor, sessionId: number) => contextBase(db).where('s.id', '=', sessionId);

// Whether the session is for the enrolment's group (1) or not (0); with group_count, "expected".
const inGroup = (eb: ExpressionBuilder<DB & { s: DB['sessions']; e: DB['enrolments'] }, 's' | 'e'>) =>
  eb
    .selectFrom('session_groups as sg2')
    .select(eb.fn.countAll<number>().as('n'))
    .whereRef('sg2.session_id', '=', 's.id')
    .whereRef('sg2.group_id', '=', 'e.group_id')
    .as('in_group');

const contextQuery = (db: Executor, sessionId: number, by: 'e.person_id' | 'e.id', value: number) =>
  contextSelect(db, sessionId)
    .leftJoin('enrolments as e', (j) => j.onRef('e.class_id', '=', 's.class_id').on(by, '=', value))
    .select((eb) => ['e.id as enrolment_id', 'e.status as enrolment_status', 'e.group_id', inGroup(eb)]);

// The check-in path's queries, compiled once (see db/precompiled.ts).
const contextByPerson = precompile((db: Executor, sessionId: number, personId: number) => contextQuery(db, sessionId, 'e.person_id', personId));
const contextByEnrolment = precompile((db: Executor, sessionId: number, enrolmentId: number) => contextQuery(db, sessionId, 'e.id', enrolmentId));
const findOne = precompile((db: Executor, sessionId: number, enrolmentId: number) =>
  db.selectFrom('attendance').selectAll().where('session_id', '=', sessionId).where('enrolment_id', '=', enrolmentId),
);
const COLUMNS = [
  'session_id',
  'enrolment_id',
  'status',
  'method',
  'checked_in_at',
  'reason',
  'leave_request_id',
  'recorded_by',
  'created_at',
  'updated_at',
] as const;
type Full = Required<Omit<NewRow<'attendance'>, 'id'>>;
const tupleOf = (row: NewRow<'attendance'>) => {
  const full: Record<string, unknown> = { checked_in_at: null, reason: null, leave_request_id: null, recorded_by: null, ...row };
  return COLUMNS.map((c) => full[c]);
};
const insertIgnoring = precompile((db: Executor, ...values: unknown[]) =>
  db
    .insertInto('attendance')
    .values(Object.fromEntries(COLUMNS.map((c, i) => [c, values[i]])) as unknown as Full)
    .onConflict((oc) => oc.columns(['session_id', 'enrolment_id']).doNothing())
    .returningAll(),
);

const contextsOf = precompileLists((db: Executor, sessionIds: number[], personIds: number[]) =>
  contextBase(db)
    .leftJoin('enrolments as e', (j) => j.onRef('e.class_id', '=', 's.class_id').on('e.person_id', 'in', personIds))
    .select((eb) => ['e.id as enrolment_id', 'e.person_id', 'e.status as enrolment_status', 'e.group_id', inGroup(eb)])
    .where('s.id', 'in', sessionIds),
);
const insertManyIgnoring = precompileLists((db: Executor, rows: unknown[][]) =>
  db
    .insertInto('attendance')
    .values(rows.map((r) => Object.fromEntries(COLUMNS.map((c, i) => [c, r[i]])) as unknown as Full))
    .onConflict((oc) => oc.columns(['session_id', 'enrolment_id']).doNothing())
    .returningAll(),
);
const recordsOf = precompileLists((db: Executor, sessionIds: number[], enrolmentIds: number[]) =>
  db.selectFrom('attendance').selectAll().where('session_id', 'in', sessionIds).where('enrolment_id', 'in', enrolmentIds),
);

export type CheckInContextRow = NonNullable<Awaited<ReturnType<AttendanceStore['checkInContext']>>>;

const classInfoOf = precompile((db: Executor, classId: number) =>
  db
    .selectFrom('classes as c')
    .innerJoin('programmes as p', 'p.id', 'c.programme_id')
    .select([
      'c.id',
      'c.title',
      'c.short_title',
      'c.status',
      'c.time_zone',
      'c.starts_on',
      'c.ends_on',
      'c.leave_limit_ratio',
      'c.late_grace_minutes',
      'p.institution_id',
    ])
    .where('c.id', '=', classId),
);

export const makeAttendanceStore = () => ({
  /** The session, its class and the person's enrolment in that class, in one read. */
  checkInContext: async (db: Executor, sessionId: number, who: { personId: number } | { enrolmentId: number }) =>
    ('personId' in who ? await contextByPerson(db, sessionId, who.personId) : await contextByEnrolment(db, sessionId, who.enrolmentId))[0],

  /** The same for a batch of check-ins: every (session, person) pair among these, one row each (or one without enrolment). */
  checkInContexts: (db: Executor, sessionIds: number[], personIds: number[]) => contextsOf(db, sessionIds, personIds),
  sessionContext: (db: Executor, sessionId: number) => contextSelect(db, sessionId).executeTakeFirst(),

  groupNamesOfSession: (db: Executor, sessionId: number) =>
    db
      .selectFrom('session_groups as sg')
      .innerJoin('groups as g', 'g.id', 'sg.group_id')
      .select('g.name')
      .where('sg.session_id', '=', sessionId)
      .orderBy('g.sort_order')
      .execute(),

  insertOnce: async (db: Executor, row: NewRow<'attendance'>) => (await insertIgnoring(db, ...tupleOf(row)))[0],
  /** Many at once (a batch of check-ins); returns the rows that were new. */
  insertManyOnce: (db: Executor, rows: Array<NewRow<'attendance'>>) => (rows.length ? insertManyIgnoring(db, rows.map(tupleOf)) : Promise.resolve([])),
  find: async (db: Executor, sessionId: number, enrolmentId: number) => (await findOne(db, sessionId, enrolmentId))[0],
  /** The records of these sessions for these trainees (callers pick the pairs they need). */
  findMany: (db: Executor, sessionIds: number[], enrolmentIds: number[]) =>
    sessionIds.length && enrolmentIds.length ? recordsOf(db, sessionIds, enrolmentIds) : Promise.resolve([]),
  update: (db: Executor, id: number, patch: Patch<'attendance'>) => db.updateTable('attendance').set(patch).where('id', '=', id).execute(),
  remove: (db: Executor, id: number) => db.deleteFrom('attendance').where('id', '=', id).execute(),

  listForSession: (db: Executor, sessionId: number) =>
    db
      .selectFrom('attendance as a')
      .leftJoin('users as u', 'u.id', 'a.recorded_by')
      .select([
        'a.id',
        'a.enrolment_id',
        'a.status',
        'a.method',
        'a.checked_in_at',
        'a.reason',
        'a.leave_request_id',
        'a.updated_at',
        'a.review',
        'a.synced_at',
        'u.display_name as recorded_by_name',
      ])
      .where('a.session_id', '=', sessionId)
      .execute(),
  /** Status of every record in these sessions: the matrix and the hours. */
  statusesOfSessions: (db: Executor, sessionIds: number[]) =>
    sessionIds.length
      ? db.selectFrom('attendance').select(['session_id', 'enrolment_id', 'status']).where('session_id', 'in', sessionIds).execute()
      : Promise.resolve([]),
  statusesOfEnrolments: (db: Executor, enrolmentIds: number[]) =>
    enrolmentIds.length
      ? db
          .selectFrom('attendance')
          .select(['session_id', 'enrolment_id', 'status', 'method', 'checked_in_at', 'review'])
          .where('enrolment_id', 'in', enrolmentIds)
          .execute()
      : Promise.resolve([]),
  countForSession: (db: Executor, sessionId: number) =>
    db
      .selectFrom('attendance')
      .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
      .where('session_id', '=', sessionId)
      .groupBy('status')
      .execute(),

  // Read side of the matrix, the hours and the summaries: the class's sessions and trainees, read
  // (never written) here in light queries that also work inside a caller's transaction; fixed ones
  // precompiled (on PostgreSQL named statements, planned once per connection).
  classInfo: (db: Executor, classId: number) => classInfoOf(db, classId).then((rows) => rows.at(0)),
  classSessions: precompile((db: Executor, classId: number) =>
    db
      .selectFrom('sessions')
      .select(['id', 'title', 'kind', 'starts_at', 'ends_at', 'hours'])
      .where('class_id', '=', classId)
      .orderBy('starts_at')
      .orderBy('id'),
  ),
  sessionGroupsOfClass: precompile((db: Executor, classId: number) =>
    db
      .selectFrom('session_groups as sg')
      .innerJoin('sessions as s', 's.id', 'sg.session_id')
      .select(['sg.session_id', 'sg.group_id'])
      .where('s.class_id', '=', classId),
  ),
  classEnrolments: precompile((db: Executor, classId: number) =>
    db
      .selectFrom('enrolments as e')
      .innerJoin('people as p', 'p.id', 'e.person_id')
      .leftJoin('groups as g', 'g.id', 'e.group_id')
      .select(['e.id', 'e.person_id', 'e.group_id', 'e.status', 'e.role', 'p.name', 'p.name_bo', 'g.name as group_name', 'g.sort_order as group_sort'])
      .where('e.class_id', '=', classId)
      .orderBy((eb) => eb.fn.coalesce('g.sort_order', eb.lit(1000000)))
      .orderBy('e.role', 'desc')
      .orderBy('e.id'),
  ),
  classEnrolmentById: (db: Executor, enrolmentId: number) =>
    db
      .selectFrom('enrolments as e')
      .innerJoin('people as p', 'p.id', 'e.person_id')
      .select(['e.id', 'e.class_id', 'e.person_id', 'e.group_id', 'e.status', 'p.name', 'p.name_bo'])
      .where('e.id', '=', enrolmentId)
      .executeTakeFirst(),
  classGroups: (db: Executor, classId: number) =>
    db.selectFrom('groups').select(['id', 'name']).where('class_id', '=', classId).orderBy('sort_order').orderBy('id').execute(),
  /**
   * All records of a class, one row per trainee: "12pr,13la,…" (session id and the first two
   * letters of the status), kept packed per enrolment by triggers on attendance (attendance_packed):
   * 1,000 short rows for a 1,000 × 60 class, not its 60,000 records. A trainee without records
   * has a null or empty row.
   */
  packedStatusesOfClass: precompile((db: Executor, classId: number) =>
    db
      .selectFrom('enrolments as e')
      .leftJoin('attendance_packed as p', 'p.enrolment_id', 'e.id')
      .select(['e.id as enrolment_id', 'p.packed'])
      .where('e.class_id', '=', classId),
  ),

  /**
   * The class's records that came from an offline check-in (#15), for the matrix's marks. The
   * literal 'offline' matches the partial index attendance_offline (a bound parameter would not).
   */
  offlineRecordsOfClass: precompile((db: Executor, classId: number) =>
    db
      .selectFrom('attendance as a')
      .select(['a.enrolment_id', 'a.session_id', 'a.checked_in_at', 'a.synced_at', 'a.review'])
      .where(sql<boolean>`a.method = 'offline'`)
      .where('a.session_id', 'in', (eb) => eb.selectFrom('sessions').select('id').where('class_id', '=', classId)),
  ),

  // Offline badge scans
  findScans: (db: Executor, clientIds: string[]) =>
    clientIds.length ? db.selectFrom('badge_scans').selectAll().where('client_id', 'in', clientIds).execute() : Promise.resolve([]),
  insertScan: (db: Executor, row: NewRow<'badge_scans'>) =>
    db
      .insertInto('badge_scans')
      .values(row)
      .onConflict((oc) => oc.column('client_id').doNothing())
      .execute(),

  // Personal badges
  findBadge: (db: Executor, token: string) => db.selectFrom('badges').select(['enrolment_id', 'token']).where('token', '=', token).executeTakeFirst(),
  badgeOf: (db: Executor, enrolmentId: number) =>
    db.selectFrom('badges').select(['enrolment_id', 'token']).where('enrolment_id', '=', enrolmentId).executeTakeFirst(),
  badgesOf: (db: Executor, enrolmentIds: number[]) =>
    enrolmentIds.length ? db.selectFrom('badges').select(['enrolment_id', 'token']).where('enrolment_id', 'in', enrolmentIds).execute() : Promise.resolve([]),
  insertBadge: (db: Executor, row: NewRow<'badges'>) =>
    db
      .insertInto('badges')
      .values(row)
      .onConflict((oc) => oc.column('enrolment_id').doNothing())
      .execute(),

  // Leave
  insertLeave: (db: Executor, row: NewRow<'leave_requests'>) => db.insertInto('leave_requests').values(row).returning('id').executeTakeFirstOrThrow(),
  insertLeaveSessions: (db: Executor, leaveRequestId: number, sessionIds: number[]) =>
    sessionIds.length
      ? db
          .insertInto('leave_request_sessions')
          .values(sessionIds.map((session_id) => ({ leave_request_id: leaveRequestId, session_id })))
          .execute()
      : Promise.resolve([]),
  findLeave: (db: Executor, id: number) => db.selectFrom('leave_requests').selectAll().where('id', '=', id).executeTakeFirst(),
  updateLeave: (db: Executor, id: number, patch: Patch<'leave_requests'>) => db.updateTable('leave_requests').set(patch).where('id', '=', id).execute(),
  listLeaves: (db: Executor, by: { classId?: number; enrolmentId?: number; status?: string; ids?: number[] }) => {
    let q = db.selectFrom('leave_requests as l').leftJoin('users as u', 'u.id', 'l.decided_by').selectAll('l').select('u.display_name as decided_by_name');
    if (by.classId !== undefined) q = q.where('l.class_id', '=', by.classId);
    if (by.enrolmentId !== undefined) q = q.where('l.enrolment_id', '=', by.enrolmentId);
    if (by.status !== undefined) q = q.where('l.status', '=', by.status as never);
    if (by.ids !== undefined) q = q.where('l.id', 'in', by.ids.length ? by.ids : [-1]);
    return q.orderBy('l.requested_at', 'desc').orderBy('l.id', 'desc').execute();
  },
  sessionsOfLeaves: (db: Executor, leaveIds: number[]) =>
    leaveIds.length
      ? db.selectFrom('leave_request_sessions').select(['leave_request_id', 'session_id']).where('leave_request_id', 'in', leaveIds).execute()
      : Promise.resolve([]),
  /** Pending or approved requests of a trainee that name any of these sessions. */
  openLeavesCovering: (db: Executor, enrolmentId: number, sessionIds: number[]) =>
    sessionIds.length
      ? db
          .selectFrom('leave_request_sessions as ls')
          .innerJoin('leave_requests as l', 'l.id', 'ls.leave_request_id')
          .select(['ls.session_id', 'l.id'])
          .where('l.enrolment_id', '=', enrolmentId)
          .where('l.status', 'in', ['pending', 'approved'])
          .where('ls.session_id', 'in', sessionIds)
          .execute()
      : Promise.resolve([]),
  // Offline check-ins (#15): the review list of a class and one record of it.
  offlineCheckIns: (db: Executor, classId: number) =>
    db
      .selectFrom('attendance as a')
      .innerJoin('sessions as s', 's.id', 'a.session_id')
      .innerJoin('enrolments as e', 'e.id', 'a.enrolment_id')
      .innerJoin('people as p', 'p.id', 'e.person_id')
      .select(['a.id', 'a.session_id', 's.title', 'a.enrolment_id', 'p.name', 'a.status', 'a.checked_in_at', 'a.synced_at', 'a.review'])
      .where('s.class_id', '=', classId)
      .where('a.review', 'is not', null)
      .orderBy('a.synced_at', 'desc')
      .orderBy('a.id')
      .execute(),
  attendanceInClass: (db: Executor, id: number, classId: number) =>
    db
      .selectFrom('attendance as a')
      .innerJoin('sessions as s', 's.id', 'a.session_id')
      .selectAll('a')
      .where('a.id', '=', id)
      .where('s.class_id', '=', classId)
      .executeTakeFirst(),
  insertOffline: (db: Executor, row: NewRow<'attendance'>) =>
    db
      .insertInto('attendance')
      .values(row)
      .onConflict((oc) => oc.columns(['session_id', 'enrolment_id']).doNothing())
      .returningAll()
      .executeTakeFirst(),
});
export type AttendanceStore = ReturnType<typeof makeAttendanceStore>;
