import type { Kysely } from 'kysely';

// Two classes of one programme with the same title cannot be told apart in lists, certificates and
// bulletins; a copy for next year must get its own title. The service checks first and answers a
// 409 on the field; the index keeps two racing requests from both succeeding.
export async function up(db: Kysely<any>) {
  await db.schema.createIndex('classes_title_unique').on('classes').columns(['programme_id', 'title']).unique().execute();
}

export async function down(db: Kysely<any>) {
  await db.schema.dropIndex('classes_title_unique').execute();
}
