import type { Kysely } from 'kysely';
import { notNull, withId } from './helpers';

// Photos of a class's sessions. The bytes live in file storage (local or S3) under storage_key;
// only metadata that survived the EXIF strip (size, the time taken) is kept here. Deleting a
// session keeps its photos on the class wall, unassigned, rather than losing them.
export async function up(db: Kysely<any>) {
  await withId(db, db.schema.createTable('photos'))
    .addColumn('class_id', 'integer', (c) => c.notNull().references('classes.id'))
    .addColumn('session_id', 'integer', (c) => c.references('sessions.id').onDelete('set null'))
    .addColumn('position', 'integer', notNull)
    .addColumn('caption', 'text')
    .addColumn('taken_at', 'text')
    .addColumn('width', 'integer', notNull)
    .addColumn('height', 'integer', notNull)
    .addColumn('source_format', 'text', notNull)
    .addColumn('source_bytes', 'integer', notNull)
    .addColumn('original_name', 'text')
    .addColumn('storage_key', 'text', notNull)
    .addColumn('variants_json', 'text', notNull)
    .addColumn('uploaded_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', notNull)
    .addColumn('updated_at', 'text', notNull)
    .execute();
  await db.schema.createIndex('photos_session').on('photos').columns(['session_id', 'position']).execute();
  await db.schema.createIndex('photos_class').on('photos').column('class_id').execute();
}

export async function down(db: Kysely<any>) {
  await db.schema.dropTable('photos').execute();
}
