import { type Expression, type Kysely, sql } from 'kysely';
import { notNull, realType } from './helpers';

// Certificates that say only what happened (#10). Each certificate keeps the facts it was issued on
// (the trainee's attended hours beside the class's, the class's time zone, the text as printed,
// its subject id and its entry in the institution's Bitstring Status List), and, when the class
// teacher decides to keep it after the record changed, the facts that decision was made on.
// Certificates issued before keep their hours as attended (that is what they stated) and their
// 1EdTech revocation list entry (no status-list index).
export async function up(db: Kysely<any>) {
  const add = (name: string, type: 'text' | 'integer' | Expression<unknown>) => db.schema.alterTable('certificates').addColumn(name, type).execute();
  await add('attended_hours', realType(db));
  await add('time_zone', 'text');
  await add('subject_id', 'text');
  await add('status_list', 'integer');
  await add('status_index', 'integer');
  await add('body_text', 'text');
  await add('body_text_bo', 'text');
  await add('awarded_at', 'text');
  await add('kept_attended_hours', realType(db));
  await add('kept_class_hours', realType(db));
  await add('kept_eligible', 'integer');
  await add('kept_at', 'text');
  await add('kept_by', 'integer');
  await add('kept_reason', 'text');
  await sql`update certificates set attended_hours = hours`.execute(db);
  await sql`update certificates set time_zone = (select c.time_zone from classes c where c.id = certificates.class_id)`.execute(db);
  await sql`create unique index certificates_status_entry on certificates (institution_id, status_list, status_index) where status_index is not null`.execute(
    db,
  );
  await db.schema.createIndex('certificates_subject').on('certificates').columns(['institution_id', 'person_id']).execute();

  // One row per institution and list: how many entries are taken. The UPDATE that takes entries
  // holds the row until the issuing transaction ends, so concurrent issuers queue there.
  await db.schema
    .createTable('status_lists')
    .addColumn('institution_id', 'integer', (c) => c.notNull().references('institutions.id'))
    .addColumn('list_no', 'integer', notNull)
    .addColumn('used', 'integer', notNull)
    .addColumn('created_at', 'text', notNull)
    .addPrimaryKeyConstraint('status_lists_pk', ['institution_id', 'list_no'])
    .execute();

  // The wording of the institution's certificates (a template each; null: the built-in default).
  await db.schema
    .createTable('certificate_settings')
    .addColumn('institution_id', 'integer', (c) => c.primaryKey().references('institutions.id'))
    .addColumn('body_template', 'text', notNull)
    .addColumn('hours_full_template', 'text', notNull)
    .addColumn('hours_partial_template', 'text', notNull)
    .addColumn('tibetan_line', 'text')
    .addColumn('updated_at', 'text', notNull)
    .addColumn('updated_by', 'integer')
    .execute();

  // Per class: bilingual certificates, and the organizer's early-issue override with its reason.
  await db.schema
    .createTable('certificate_class_options')
    .addColumn('class_id', 'integer', (c) => c.primaryKey().references('classes.id'))
    .addColumn('bilingual', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('early_issue_reason', 'text')
    .addColumn('early_issue_by', 'integer')
    .addColumn('early_issue_at', 'text')
    .addColumn('updated_at', 'text', notNull)
    .execute();
}

export async function down(db: Kysely<any>) {
  await db.schema.dropTable('certificate_class_options').execute();
  await db.schema.dropTable('certificate_settings').execute();
  await db.schema.dropTable('status_lists').execute();
  await db.schema.dropIndex('certificates_subject').execute();
  await db.schema.dropIndex('certificates_status_entry').execute();
  for (const c of [
    'kept_reason',
    'kept_by',
    'kept_at',
    'kept_eligible',
    'kept_class_hours',
    'kept_attended_hours',
    'awarded_at',
    'body_text_bo',
    'body_text',
    'status_index',
    'status_list',
    'subject_id',
    'time_zone',
    'attended_hours',
  ]) {
    await db.schema.alterTable('certificates').dropColumn(c).execute();
  }
}
