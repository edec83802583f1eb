import type { Kysely } from 'kysely';

// Whether the institution's sponsors (read-only, per programme) see trainees' phone numbers on
// rosters and exports (#14). Off unless the institution turns it on.
export async function up(db: Kysely<any>) {
  await db.schema
    .alterTable('institutions')
    .addColumn('sponsors_see_phones', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<any>) {
  await db.schema.alterTable('institutions').dropColumn('sponsors_see_phones').execute();
}
