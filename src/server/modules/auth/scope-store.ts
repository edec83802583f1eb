import type { Executor } from '../../db/connection';
import '../photos/tables';
import '../bulletins/tables';

// Resolves the entity a route names (a session, a group, …) to the institution, programme and
// class it belongs to, so that one permission check serves every module. It only reads the
// ownership columns of other modules' tables; it never writes them.
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
});
export type ScopeStore = ReturnType<typeof makeScopeStore>;
