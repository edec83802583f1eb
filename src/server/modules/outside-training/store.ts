import './tables';
import type { OutsideTrainingStatus } from '../../../contracts/outside-training';
import type { Executor } from '../../db/connection';
import type { NewRow } from '../../db/schema';

// All SQL of recorded outside training (培训经历认定).
const withNames = (db: Executor) =>
  db
    .selectFrom('outside_trainings as o')
    .innerJoin('people as p', 'p.id', 'o.person_id')
    .leftJoin('users as u', 'u.id', 'o.reviewed_by')
    .selectAll('o')
    .select(['p.name', 'p.name_bo', 'p.work_unit', 'u.display_name as reviewed_by_name']);

export type OutsideTrainingRow = Awaited<ReturnType<ReturnType<typeof withNames>['executeTakeFirstOrThrow']>>;

export const makeOutsideTrainingStore = () => ({
  find: (db: Executor, id: number) => withNames(db).where('o.id', '=', id).executeTakeFirst(),
  ofPerson: (db: Executor, personId: number) =>
    withNames(db).where('o.person_id', '=', personId).orderBy('o.ends_on', 'desc').orderBy('o.id', 'desc').execute(),
  ofInstitution: (db: Executor, institutionId: number, filter: { status?: OutsideTrainingStatus; personId?: number }) => {
    let q = withNames(db).where('o.institution_id', '=', institutionId);
    if (filter.status) q = q.where('o.status', '=', filter.status);
    if (filter.personId) q = q.where('o.person_id', '=', filter.personId);
    // Waiting ones first, oldest first: the queue the office works through.
    return q.orderBy('o.status', 'desc').orderBy('o.created_at').orderBy('o.id').limit(1000).execute();
  },
  insert: (db: Executor, row: NewRow<'outside_trainings'>) => db.insertInto('outside_trainings').values(row).returning('id').executeTakeFirstOrThrow(),
  update: (db: Executor, id: number, patch: Partial<NewRow<'outside_trainings'>>) =>
    db.updateTable('outside_trainings').set(patch).where('id', '=', id).execute(),
  personOf: (db: Executor, personId: number) => db.selectFrom('people').select(['id', 'institution_id', 'name']).where('id', '=', personId).executeTakeFirst(),
});
export type OutsideTrainingStore = ReturnType<typeof makeOutsideTrainingStore>;
