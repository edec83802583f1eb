import type { Kysely } from 'kysely';
import { notNull, withId } from './helpers';

// Institution settings (#9): the default certificate serial pattern a class's completion rule
// starts from, and the logo and seal images that documents print. The bytes live in file storage;
// the row keeps the key and what the image is.
export async function up(db: Kysely<any>) {
  await db.schema.alterTable('institutions').addColumn('serial_pattern', 'text').execute();
  await withId(db, db.schema.createTable('institution_images'))
    .addColumn('institution_id', 'integer', (c) => c.notNull().references('institutions.id'))
    .addColumn('kind', 'text', notNull)
    .addColumn('storage_key', 'text', notNull)
    .addColumn('content_type', 'text', notNull)
    .addColumn('width', 'integer', notNull)
    .addColumn('height', 'integer', notNull)
    .addColumn('bytes', 'integer', notNull)
    .addColumn('uploaded_at', 'text', notNull)
    .addColumn('uploaded_by', 'integer')
    .addUniqueConstraint('institution_images_kind', ['institution_id', 'kind'])
    .execute();
}

export async function down(db: Kysely<any>) {
  await db.schema.dropTable('institution_images').execute();
  await db.schema.alterTable('institutions').dropColumn('serial_pattern').execute();
}
