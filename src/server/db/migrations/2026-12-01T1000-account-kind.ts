import { type Kysely, sql } from 'kysely';

// Trainees' device accounts and staff accounts are different kinds of `users` row (#11): a trainee's
// account is found by its person, never by a username a staff member could also choose. Existing
// trainee rows (`trainee-<personId>`, tied to a person) move to a reserved name with a colon, which
// staff usernames cannot contain, so the staff namespace is free of them.
export async function up(db: Kysely<any>) {
  await db.schema
    .alterTable('users')
    .addColumn('kind', 'text', (c) => c.notNull().defaultTo('staff'))
    .execute();
  await db.updateTable('users').set({ kind: 'trainee' }).where('person_id', 'is not', null).execute();
  await sql`update users set username = 'trainee:' || cast(person_id as text) where kind = 'trainee'`.execute(db);
  await sql`create unique index users_trainee_person on users (person_id) where kind = 'trainee'`.execute(db);
}

export async function down(db: Kysely<any>) {
  await sql`drop index users_trainee_person`.execute(db);
  await sql`update users set username = 'trainee-' || cast(person_id as text) where kind = 'trainee'`.execute(db);
  await db.schema.alterTable('users').dropColumn('kind').execute();
}
