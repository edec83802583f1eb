import type { Kysely } from 'kysely';

// Where a site is and how long the class needs to get there from the college (#9): planning warns
// when a session at a site starts sooner after the previous one elsewhere than the journey takes,
// or when a session back at the college follows a site visit too closely.
export async function up(db: Kysely<any>) {
  await db.schema.alterTable('sites').addColumn('district', 'text').execute();
  await db.schema.alterTable('sites').addColumn('travel_minutes', 'integer').execute();
}

export async function down(db: Kysely<any>) {
  await db.schema.alterTable('sites').dropColumn('travel_minutes').execute();
  await db.schema.alterTable('sites').dropColumn('district').execute();
}
