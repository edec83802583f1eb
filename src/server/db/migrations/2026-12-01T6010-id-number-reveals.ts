import type { Kysely } from 'kysely';

// Full ID numbers revealed per user and hour (#14), counted in the database so that every
// instance enforces one limit; the audit log keeps who saw whose.
export async function up(db: Kysely<any>) {
  await db.schema
    .createTable('id_number_reveals')
    .addColumn('user_id', 'integer', (c) => c.notNull())
    .addColumn('window_start', 'text', (c) => c.notNull())
    .addColumn('hits', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('id_number_reveals_pk', ['user_id', 'window_start'])
    .execute();
}

export async function down(db: Kysely<any>) {
  await db.schema.dropTable('id_number_reveals').execute();
}
