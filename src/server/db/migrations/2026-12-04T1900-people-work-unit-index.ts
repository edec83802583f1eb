import type { Kysely } from 'kysely';

// The yearly 学时 report by work unit (issue 17) narrows the year's summary to the unit's people
// first: found by this index (a unit is a few thousand of a million people), each then looked up
// in hours_by_person_year by its key.
export async function up(db: Kysely<any>) {
  await db.schema.createIndex('people_work_unit').on('people').columns(['work_unit']).execute();
}

export async function down(db: Kysely<any>) {
  await db.schema.dropIndex('people_work_unit').execute();
}
