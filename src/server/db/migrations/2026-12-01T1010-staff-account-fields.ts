import { type Kysely, sql } from 'kysely';

// A staff account belongs to an institution (the 教务 office that made it manages it), and a
// one-time password must be changed at the first sign-in (#9). Existing staff accounts get the
// institution their grants lie in, when they all lie in one.
export async function up(db: Kysely<any>) {
  await db.schema
    .alterTable('users')
    .addColumn('institution_id', 'integer', (c) => c.references('institutions.id'))
    .execute();
  await db.schema
    .alterTable('users')
    .addColumn('must_change_password', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('users').addColumn('password_changed_at', 'text').execute();
  await db.schema.alterTable('users').addColumn('last_sign_in_at', 'text').execute();
  await sql`
    update users set institution_id = (
      select min(x.institution_id) from (
        select g.user_id, g.scope_id as institution_id from role_grants g where g.scope_type = 'institution'
        union all
        select g.user_id, p.institution_id from role_grants g join programmes p on p.id = g.scope_id where g.scope_type = 'programme'
        union all
        select g.user_id, p.institution_id from role_grants g join classes c on c.id = g.scope_id join programmes p on p.id = c.programme_id
          where g.scope_type = 'class'
      ) x where x.user_id = users.id
      having count(distinct x.institution_id) = 1
    )
    where kind = 'staff' and is_admin = 0`.execute(db);
  await db.schema.createIndex('users_institution').on('users').column('institution_id').execute();
}

export async function down(db: Kysely<any>) {
  await db.schema.dropIndex('users_institution').execute();
  await db.schema.alterTable('users').dropColumn('last_sign_in_at').execute();
  await db.schema.alterTable('users').dropColumn('password_changed_at').execute();
  await db.schema.alterTable('users').dropColumn('must_change_password').execute();
  await db.schema.alterTable('users').dropColumn('institution_id').execute();
}
