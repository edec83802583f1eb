import type { Kysely } from 'kysely';
import { notNull, withId } from './helpers';

// Roster import (#16): how an institution's users mapped a file's column heading by hand, keyed by
// the normalised heading, so the same office's next file is mapped the same way. `field` is an
// import field name or 'ignore'.
export async function up(db: Kysely<any>) {
  await withId(db, db.schema.createTable('import_column_mappings'))
    .addColumn('institution_id', 'integer', (c) => c.notNull().references('institutions.id'))
    .addColumn('header_key', 'text', notNull)
    .addColumn('field', 'text', notNull)
    .addColumn('updated_at', 'text', notNull)
    .addUniqueConstraint('import_column_mappings_key', ['institution_id', 'header_key'])
    .execute();
}

export async function down(db: Kysely<any>) {
  await db.schema.dropTable('import_column_mappings').execute();
}
