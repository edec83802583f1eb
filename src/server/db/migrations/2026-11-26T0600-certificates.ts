import { type Kysely, sql } from 'kysely';
import { notNull, realType, withId } from './helpers';

// Completion rules, exceptions, certificates (结业证书), their serial counters, batch jobs, the
// institution's credential signing keys, and the counters of the public verification limit (issue #7).
export async function up(db: Kysely<any>) {
  // The class row keeps the attendance and leave ratios; this row keeps what only certificates need.
  await db.schema
    .createTable('completion_rules')
    .addColumn('class_id', 'integer', (c) => c.primaryKey().references('classes.id'))
    .addColumn('serial_pattern', 'text', notNull)
    .addColumn('require_evaluations', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('require_reflections', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('issuer_name', 'text')
    .addColumn('updated_at', 'text', notNull)
    .addColumn('updated_by', 'integer')
    .execute();

  await withId(db, db.schema.createTable('completion_exceptions'))
    .addColumn('class_id', 'integer', (c) => c.notNull().references('classes.id'))
    .addColumn('enrolment_id', 'integer', (c) => c.notNull().unique().references('enrolments.id'))
    .addColumn('decision', 'text', notNull)
    .addColumn('reason', 'text', notNull)
    .addColumn('decided_by', 'integer')
    .addColumn('decided_at', 'text', notNull)
    .execute();
  await db.schema.createIndex('completion_exceptions_class').on('completion_exceptions').column('class_id').execute();

  // One counter per institution and rendered prefix ("SKGY-2020-XZ-{seq}"); it only ever grows,
  // so a serial is never handed out twice, even after a revocation.
  await db.schema
    .createTable('serial_counters')
    .addColumn('institution_id', 'integer', (c) => c.notNull().references('institutions.id'))
    .addColumn('prefix', 'text', notNull)
    .addColumn('last_seq', 'integer', notNull)
    .addPrimaryKeyConstraint('serial_counters_pk', ['institution_id', 'prefix'])
    .execute();

  await withId(db, db.schema.createTable('signing_keys'))
    .addColumn('institution_id', 'integer', (c) => c.notNull().references('institutions.id'))
    .addColumn('kid', 'text', (c) => c.notNull().unique())
    .addColumn('public_jwk', 'text', notNull)
    .addColumn('private_enc', 'text', notNull)
    .addColumn('created_at', 'text', notNull)
    .addColumn('retired_at', 'text')
    .execute();
  // At most one active key per institution; two first uses at once cannot both create one.
  await sql`create unique index signing_keys_active on signing_keys (institution_id) where retired_at is null`.execute(db);

  await withId(db, db.schema.createTable('certificates'))
    .addColumn('institution_id', 'integer', (c) => c.notNull().references('institutions.id'))
    .addColumn('class_id', 'integer', (c) => c.notNull().references('classes.id'))
    .addColumn('enrolment_id', 'integer', (c) => c.notNull().references('enrolments.id'))
    .addColumn('person_id', 'integer', (c) => c.notNull().references('people.id'))
    .addColumn('serial', 'text', notNull)
    .addColumn('token', 'text', (c) => c.notNull().unique())
    .addColumn('credential_id', 'text', (c) => c.notNull().unique())
    .addColumn('status', 'text', notNull)
    .addColumn('name', 'text', notNull)
    .addColumn('name_bo', 'text')
    .addColumn('class_title', 'text', notNull)
    .addColumn('starts_on', 'text', notNull)
    .addColumn('ends_on', 'text', notNull)
    .addColumn('hours', realType(db), notNull)
    .addColumn('issuer_name', 'text', notNull)
    .addColumn('issued_on', 'text', notNull)
    .addColumn('issued_at', 'text', notNull)
    .addColumn('issued_by', 'integer')
    .addColumn('revoked_at', 'text')
    .addColumn('revoked_by', 'integer')
    .addColumn('revoke_reason', 'text')
    .addColumn('replaces_id', 'integer')
    .addColumn('replaced_by_id', 'integer')
    .addColumn('key_kid', 'text', notNull)
    .addColumn('credential_jwt', 'text', notNull)
    .addUniqueConstraint('certificates_serial_unique', ['institution_id', 'serial'])
    .execute();
  await db.schema.createIndex('certificates_class').on('certificates').columns(['class_id', 'serial']).execute();
  await db.schema.createIndex('certificates_person').on('certificates').column('person_id').execute();
  // One valid certificate per trainee and class; revoked and replaced ones stay as history.
  await sql`create unique index certificates_one_valid on certificates (enrolment_id) where status = 'valid'`.execute(db);

  await withId(db, db.schema.createTable('certificate_jobs'))
    .addColumn('class_id', 'integer', (c) => c.notNull().references('classes.id'))
    .addColumn('kind', 'text', notNull)
    .addColumn('format', 'text', notNull)
    .addColumn('status', 'text', notNull)
    .addColumn('total', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('done', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('issued', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('storage_key', 'text')
    .addColumn('size_bytes', 'integer')
    .addColumn('error', 'text')
    .addColumn('created_by', 'integer')
    .addColumn('created_at', 'text', notNull)
    .addColumn('started_at', 'text')
    .addColumn('heartbeat_at', 'text')
    .addColumn('finished_at', 'text')
    .execute();
  await db.schema.createIndex('certificate_jobs_class').on('certificate_jobs').columns(['class_id', 'id']).execute();

  // Fixed-window counters for the public verification pages, shared by every instance.
  await db.schema
    .createTable('verification_hits')
    .addColumn('bucket', 'text', notNull)
    .addColumn('window_start', 'text', notNull)
    .addColumn('hits', 'integer', notNull)
    .addPrimaryKeyConstraint('verification_hits_pk', ['bucket', 'window_start'])
    .execute();
}
