import { sql } from 'kysely';
import type { Executor } from '../../db/connection';

// Staff accounts an organizer may tie a lecturer-pool entry to (#9), without the admin-only user
// list: enabled, non-admin staff accounts (not trainees' invitation accounts) that either work in
// this institution already (organizer, class teacher or lecturer there) or have no role anywhere
// yet (new accounts). Names and usernames only; no grants, no other institution's staff.

export type StaffAccountRow = { id: number; username: string; display_name: string };

export const makeStaffAccounts = () => {
  const inInstitution = (institutionId: number) => sql<boolean>`exists (
      select 1 from role_grants g
      left join classes c on g.scope_type = 'class' and c.id = g.scope_id
      left join programmes p on p.id = c.programme_id
      where g.user_id = u.id and g.role in ('organizer', 'class_teacher', 'lecturer')
        and ((g.scope_type = 'institution' and g.scope_id = ${institutionId}) or (g.scope_type = 'class' and p.institution_id = ${institutionId})))`;
  const noRole = sql<boolean>`not exists (select 1 from role_grants g where g.user_id = u.id)`;
  return {
    /** Accounts an organizer of the institution may choose from. */
    forInstitution: (db: Executor, institutionId: number): Promise<StaffAccountRow[]> =>
      db
        .selectFrom('users as u')
        .select(['u.id', 'u.username', 'u.display_name'])
        .where('u.person_id', 'is', null)
        .where('u.is_admin', '=', 0)
        .where('u.disabled', '=', 0)
        .where((eb) => eb.or([inInstitution(institutionId), noRole]))
        .orderBy('u.display_name')
        .orderBy('u.id')
        .execute(),
    byIds: (db: Executor, ids: number[]): Promise<StaffAccountRow[]> =>
      ids.length ? db.selectFrom('users').select(['id', 'username', 'display_name']).where('id', 'in', ids).execute() : Promise.resolve([]),
  };
};
export type StaffAccounts = ReturnType<typeof makeStaffAccounts>;
