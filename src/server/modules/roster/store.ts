import { sql } from 'kysely';
import { type Executor, updateById } from '../../db/connection';
import { containing, ESCAPE_BACKSLASH } from '../../db/like';
import type { NewRow, Patch } from '../../db/schema';
import './tables';

const rosterSelect = (db: Executor) =>
  db
    .selectFrom('enrolments as e')
    .innerJoin('people as p', 'p.id', 'e.person_id')
    .leftJoin('groups as g', 'g.id', 'e.group_id')
    .select([
      'e.id',
      'e.class_id',
      'e.group_id',
      'g.name as group_name',
      'g.sort_order as group_sort',
      'e.role',
      'e.status',
      'e.withdrawn_reason',
      'p.id as person_id',
      'p.name',
      'p.name_bo',
      'p.name_latin',
      'p.gender',
      'p.ethnicity',
      'p.work_unit',
      'p.position',
      'p.rank',
      'p.phone',
      'p.office_phone',
      'p.id_type',
      'p.id_number_masked',
      'p.is_sample',
    ]);
export type RosterRow = Awaited<ReturnType<ReturnType<typeof rosterSelect>['executeTakeFirstOrThrow']>>;

export const makeRosterStore = () => ({
  listRoster: (db: Executor, classId: number, opts: { includeWithdrawn?: boolean; q?: string; searchPhones?: boolean } = {}) => {
    let q = rosterSelect(db).where('e.class_id', '=', classId);
    if (!opts.includeWithdrawn) q = q.where('e.status', '=', 'enrolled');
    if (opts.q) {
      const like = containing(opts.q);
      // Phones are stored as 13900000001 and 0894-5821234; typed with spaces, dashes or without
      // the dash they are found too.
      const dialled = containing(opts.q.replace(/[\s()（）-]/g, '') || opts.q);
      q = q.where((eb) =>
        eb.or([
          eb(sql`p.name`, 'like', sql`${like} ${ESCAPE_BACKSLASH}`),
          eb(sql`coalesce(p.name_bo, '')`, 'like', sql`${like} ${ESCAPE_BACKSLASH}`),
          eb(sql`coalesce(p.work_unit, '')`, 'like', sql`${like} ${ESCAPE_BACKSLASH}`),
          ...(opts.searchPhones === false
            ? []
            : [
                eb(sql`coalesce(p.phone, '')`, 'like', sql`${dialled} ${ESCAPE_BACKSLASH}`),
                eb(sql`replace(coalesce(p.office_phone, ''), '-', '')`, 'like', sql`${dialled} ${ESCAPE_BACKSLASH}`),
              ]),
        ]),
      );
    }
    return q.orderBy(sql`coalesce(g.sort_order, 1000000)`).orderBy('e.role', 'desc').orderBy('e.id').execute();
  },
  findEnrolment: (db: Executor, id: number) => rosterSelect(db).where('e.id', '=', id).executeTakeFirst(),
  // `in ()` is a syntax error on PostgreSQL (SQLite accepts it): an agenda without trainee speakers asks with no ids.
  findEnrolmentsByIds: (db: Executor, ids: number[]) =>
    ids.length ? db.selectFrom('enrolments').selectAll().where('id', 'in', ids).execute() : Promise.resolve([]),
  findEnrolmentByPerson: (db: Executor, classId: number, personId: number) =>
    db.selectFrom('enrolments').selectAll().where('class_id', '=', classId).where('person_id', '=', personId).executeTakeFirst(),
  insertEnrolment: (db: Executor, row: NewRow<'enrolments'>) => db.insertInto('enrolments').values(row).returning('id').executeTakeFirstOrThrow(),
  updateEnrolment: (db: Executor, id: number, patch: Patch<'enrolments'>) => updateById(db, 'enrolments', id, patch),
  updateEnrolments: (db: Executor, ids: number[], patch: Patch<'enrolments'>) => db.updateTable('enrolments').set(patch).where('id', 'in', ids).execute(),
  demoteLeaders: (db: Executor, groupId: number, exceptId: number | null, at: string) => {
    let q = db.updateTable('enrolments').set({ role: 'member', updated_at: at }).where('group_id', '=', groupId).where('role', '=', 'group_leader');
    if (exceptId) q = q.where('id', '!=', exceptId);
    return q.execute();
  },
  enrolmentsOfPerson: (db: Executor, personId: number) =>
    db.selectFrom('enrolments').select(['id', 'class_id', 'status']).where('person_id', '=', personId).execute(),

  findPerson: (db: Executor, id: number) => db.selectFrom('people').selectAll().where('id', '=', id).executeTakeFirst(),
  findPersonByIdHash: (db: Executor, institutionId: number, hash: string) =>
    db.selectFrom('people').selectAll().where('institution_id', '=', institutionId).where('id_number_hash', '=', hash).executeTakeFirst(),
  findPeopleByIdHashes: (db: Executor, institutionId: number, hashes: string[]) =>
    hashes.length
      ? db.selectFrom('people').selectAll().where('institution_id', '=', institutionId).where('id_number_hash', 'in', hashes).execute()
      : Promise.resolve([]),
  findPersonByNamePhone: (db: Executor, institutionId: number, name: string, phone: string) =>
    db.selectFrom('people').selectAll().where('institution_id', '=', institutionId).where('name', '=', name).where('phone', '=', phone).executeTakeFirst(),
  /** People matching any of the (name, phone) pairs; the caller pairs them up (used by the roster import). */
  findPeopleByNamePhones: (db: Executor, institutionId: number, pairs: Array<{ name: string; phone: string }>) =>
    pairs.length
      ? db
          .selectFrom('people')
          .selectAll()
          .where('institution_id', '=', institutionId)
          .where('name', 'in', [...new Set(pairs.map((p) => p.name))])
          .where('phone', 'in', [...new Set(pairs.map((p) => p.phone))])
          .execute()
      : Promise.resolve([]),
  /** Multi-row inserts for bulk enrolment; ids come back in insertion order (ascending within one statement). */
  insertPeople: async (db: Executor, rows: Array<NewRow<'people'>>) =>
    rows.length ? (await db.insertInto('people').values(rows).returning('id').execute()).map((r) => r.id).sort((a, b) => a - b) : [],
  insertEnrolments: async (db: Executor, rows: Array<NewRow<'enrolments'>>) =>
    rows.length ? (await db.insertInto('enrolments').values(rows).returning('id').execute()).map((r) => r.id).sort((a, b) => a - b) : [],
  findPeopleByIds: (db: Executor, ids: number[]) => (ids.length ? db.selectFrom('people').selectAll().where('id', 'in', ids).execute() : Promise.resolve([])),
  enrolmentsOfPeopleIn: (db: Executor, classId: number, personIds: number[]) =>
    personIds.length
      ? db.selectFrom('enrolments').select(['id', 'person_id']).where('class_id', '=', classId).where('person_id', 'in', personIds).execute()
      : Promise.resolve([]),
  insertPerson: (db: Executor, row: NewRow<'people'>) => db.insertInto('people').values(row).returning('id').executeTakeFirstOrThrow(),
  updatePerson: (db: Executor, id: number, patch: Patch<'people'>) => updateById(db, 'people', id, patch),

  /** One more full ID number revealed by the user in this window; the count after it. */
  countReveal: async (db: Executor, userId: number, windowStart: string) =>
    Number(
      (
        await db
          .insertInto('id_number_reveals')
          .values({ user_id: userId, window_start: windowStart, hits: 1 })
          .onConflict((oc) => oc.columns(['user_id', 'window_start']).doUpdateSet((eb) => ({ hits: eb('id_number_reveals.hits', '+', 1) })))
          .returning('hits')
          .executeTakeFirstOrThrow()
      ).hits,
    ),
  pruneReveals: (db: Executor, userId: number, before: string) =>
    db.deleteFrom('id_number_reveals').where('user_id', '=', userId).where('window_start', '<', before).execute(),
  groupsByIds: (db: Executor, ids: number[]) =>
    ids.length ? db.selectFrom('groups').select(['id', 'class_id']).where('id', 'in', ids).execute() : Promise.resolve([]),
  listGroups: (db: Executor, classId: number) =>
    db.selectFrom('groups').selectAll().where('class_id', '=', classId).orderBy('sort_order').orderBy('id').execute(),
  findGroup: (db: Executor, id: number) => db.selectFrom('groups').selectAll().where('id', '=', id).executeTakeFirst(),
  findGroupByName: (db: Executor, classId: number, name: string) =>
    db.selectFrom('groups').selectAll().where('class_id', '=', classId).where('name', '=', name).executeTakeFirst(),
  insertGroup: (db: Executor, row: NewRow<'groups'>) => db.insertInto('groups').values(row).returning('id').executeTakeFirstOrThrow(),
  updateGroup: (db: Executor, id: number, patch: Patch<'groups'>) => updateById(db, 'groups', id, patch),
  deleteGroup: async (db: Executor, id: number) => {
    // Withdrawn trainees may still point at the group; they keep their record, not the group.
    await db.updateTable('enrolments').set({ group_id: null }).where('group_id', '=', id).execute();
    await db.deleteFrom('groups').where('id', '=', id).execute();
  },
  countGroupMembers: async (db: Executor, groupId: number) =>
    Number(
      (
        await db
          .selectFrom('enrolments')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('group_id', '=', groupId)
          .where('status', '=', 'enrolled')
          .executeTakeFirstOrThrow()
      ).n,
    ),
  maxGroupOrder: async (db: Executor, classId: number) =>
    Number(
      (
        await db
          .selectFrom('groups')
          .select((eb) => eb.fn.max('sort_order').as('m'))
          .where('class_id', '=', classId)
          .executeTakeFirstOrThrow()
      ).m ?? 0,
    ),
  /** Sessions and agenda items point at groups; a group still named there is not deleted (read-only look across). */
  groupReferences: async (db: Executor, groupId: number) => {
    const a = await db
      .selectFrom('session_groups')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('group_id', '=', groupId)
      .executeTakeFirstOrThrow();
    const b = await db
      .selectFrom('agenda_items')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('group_id', '=', groupId)
      .executeTakeFirstOrThrow();
    return Number(a.n) + Number(b.n);
  },
});
export type RosterStore = ReturnType<typeof makeRosterStore>;
