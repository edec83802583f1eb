import type { Kysely } from 'kysely';

// The fingerprint of the secret key the database's encrypted values were written with (#14): a
// start with another key stops with a clear error instead of serving 500s. One row.
export async function up(db: Kysely<any>) {
  await db.schema
    .createTable('secret_key_check')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>) {
  await db.schema.dropTable('secret_key_check').execute();
}
