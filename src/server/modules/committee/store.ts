import type { Executor } from '../../db/connection';
import type { NewRow } from '../../db/schema';
import './tables';
import type { CommitteeRole } from './tables';

// All SQL of the committee module: its one table.
export const makeCommitteeStore = () => ({
  rolesOf: (db: Executor, classId: number) => db.selectFrom('committee_roles').selectAll().where('class_id', '=', classId).execute(),
  find: (db: Executor, classId: number, role: CommitteeRole) =>
    db.selectFrom('committee_roles').selectAll().where('class_id', '=', classId).where('role', '=', role).executeTakeFirst(),
  remove: (db: Executor, classId: number, role: CommitteeRole) =>
    db.deleteFrom('committee_roles').where('class_id', '=', classId).where('role', '=', role).execute(),
  insert: (db: Executor, row: NewRow<'committee_roles'>) => db.insertInto('committee_roles').values(row).execute(),
});
export type CommitteeStore = ReturnType<typeof makeCommitteeStore>;
