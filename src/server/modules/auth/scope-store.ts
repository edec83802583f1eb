import type { Executor } from '../../db/connection';
import '../photos/tables';
import '../bulletins/tables';

// Resolves the entity a route names (a session, a group, …) to the institution, programme and
// class it belongs to, so that one permission check serves every module. It only reads the
// ownership columns (and, for the names of granted scopes, the name columns) of other modules'
// tables; it never writes them.
export type ScopeRow = { institutionId: number; programmeId?: number; classId?: number };

const classScope = (db: Executor) =>
  db
    .selectFrom('classes as c')
    .innerJoin('programmes as p', 'p.id', 'c.programme_id')
    .select(['p.institution_id as institutionId', 'p.id as programmeId', 'c.id as classId']);

export const makeScopeStore = () => ({
  ofClass: (db: Executor, id: number) => classScope(db).where('c.id', '=', id).executeTakeFirst(),
  ofClasses: (db: Executor, ids: number[]) => (ids.length ? classScope(db).where('c.id', 'in', ids).execute() : Promise.resolve([])),
  ofProgramme: (db: Executor, id: number) =>
    db.selectFrom('programmes').select(['institution_id as institutionId', 'id as programmeId']).where('id', '=', id).executeTakeFirst(),
  ofProgrammes: (db: Executor, ids: number[]) =>
    ids.length
      ? db.selectFrom('programmes').select(['institution_id as institutionId', 'id as programmeId']).where('id', 'in', ids).execute()
      : Promise.resolve([]),
  ofInstitution: (db: Executor, id: number) => db.selectFrom('institutions').select(['id as institutionId']).where('id', '=', id).executeTakeFirst(),
  ofSession: (db: Executor, id: number) => classScope(db).innerJoin('sessions as s', 's.class_id', 'c.id').where('s.id', '=', id).executeTakeFirst(),
  ofGroup: (db: Executor, id: number) => classScope(db).innerJoin('groups as g', 'g.class_id', 'c.id').where('g.id', '=', id).executeTakeFirst(),
  ofEnrolment: (db: Executor, id: number) => classScope(db).innerJoin('enrolments as e', 'e.class_id', 'c.id').where('e.id', '=', id).executeTakeFirst(),
  ofStaff: (db: Executor, id: number) => classScope(db).innerJoin('class_staff as s', 's.class_id', 'c.id').where('s.id', '=', id).executeTakeFirst(),
  ofSite: (db: Executor, id: number) => db.selectFrom('sites').select(['institution_id as institutionId']).where('id', '=', id).executeTakeFirst(),
  ofLecturer: (db: Executor, id: number) => db.selectFrom('lecturers').select(['institution_id as institutionId']).where('id', '=', id).executeTakeFirst(),
  ofPhoto: (db: Executor, id: number) => classScope(db).innerJoin('photos as ph', 'ph.class_id', 'c.id').where('ph.id', '=', id).executeTakeFirst(),
  ofBulletin: (db: Executor, id: number) => classScope(db).innerJoin('bulletins as b', 'b.class_id', 'c.id').where('b.id', '=', id).executeTakeFirst(),
  /** A staff account sits at the institution it belongs to; one without (administrators) at none, so only administrators reach it. */
  ofUser: (db: Executor, id: number) =>
    db
      .selectFrom('users')
      .select((eb) => eb.fn.coalesce('institution_id', eb.lit(0)).as('institutionId'))
      .where('id', '=', id)
      .where('kind', '=', 'staff')
      .executeTakeFirst(),
  /** Names of the scopes grants point at, to show "organizer of 上海科技管理干部学院" rather than a number. */
  namesOf: async (db: Executor, ids: { institution: number[]; programme: number[]; class: number[] }) => {
    const [institutions, programmes, classes] = await Promise.all([
      ids.institution.length ? db.selectFrom('institutions').select(['id', 'name']).where('id', 'in', ids.institution).execute() : [],
      ids.programme.length ? db.selectFrom('programmes').select(['id', 'name']).where('id', 'in', ids.programme).execute() : [],
      ids.class.length ? db.selectFrom('classes').select(['id', 'title as name']).where('id', 'in', ids.class).execute() : [],
    ]);
    return {
      institution: new Map(institutions.map((r) => [r.id, r.name])),
      programme: new Map(programmes.map((r) => [r.id, r.name])),
      class: new Map(classes.map((r) => [r.id, r.name])),
    };
  },
});
export type ScopeStore = ReturnType<typeof makeScopeStore>;
