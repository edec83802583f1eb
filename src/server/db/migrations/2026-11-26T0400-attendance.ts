import type { Kysely } from 'kysely';
import { notNull, withId } from './helpers';

// Attendance, leave and trainee access (issue #5). Absence is not stored for every missed
// session: a session that has ended without a record counts as absent, so nothing needs a job to
// run at the end of a day. Rows exist for what someone did: a check-in, a mark, approved leave.
export async function up(db: Kysely<any>) {
  await withId(db, db.schema.createTable('attendance'))
    .addColumn('session_id', 'integer', (c) => c.notNull().references('sessions.id').onDelete('cascade'))
    .addColumn('enrolment_id', 'integer', (c) => c.notNull().references('enrolments.id'))
    .addColumn('status', 'text', notNull)
    .addColumn('method', 'text', notNull)
    .addColumn('checked_in_at', 'text')
    .addColumn('reason', 'text')
    .addColumn('leave_request_id', 'integer')
    .addColumn('recorded_by', 'integer')
    .addColumn('created_at', 'text', notNull)
    .addColumn('updated_at', 'text', notNull)
    .addUniqueConstraint('attendance_once', ['session_id', 'enrolment_id'])
    .execute();
  // Covers the matrix and hours reads (a trainee's statuses) without touching the table rows.
  await db.schema.createIndex('attendance_enrolment').on('attendance').columns(['enrolment_id', 'session_id', 'status']).execute();

  // Offline badge scans, by the id the scanning phone gave them: a re-sent batch gets the same answers.
  await db.schema
    .createTable('badge_scans')
    .addColumn('client_id', 'text', (c) => c.primaryKey())
    .addColumn('class_id', 'integer', (c) => c.notNull().references('classes.id'))
    .addColumn('session_id', 'integer', notNull)
    .addColumn('badge', 'text', notNull)
    .addColumn('scanned_at', 'text', notNull)
    .addColumn('outcome', 'text', notNull)
    .addColumn('attendance_id', 'integer')
    .addColumn('recorded_by', 'integer')
    .addColumn('received_at', 'text', notNull)
    .execute();

  await withId(db, db.schema.createTable('leave_requests'))
    .addColumn('class_id', 'integer', (c) => c.notNull().references('classes.id'))
    .addColumn('enrolment_id', 'integer', (c) => c.notNull().references('enrolments.id'))
    .addColumn('starts_at', 'text')
    .addColumn('ends_at', 'text')
    .addColumn('reason', 'text', notNull)
    .addColumn('status', 'text', notNull)
    .addColumn('requested_at', 'text', notNull)
    .addColumn('requested_by', 'integer')
    .addColumn('decided_at', 'text')
    .addColumn('decided_by', 'integer')
    .addColumn('decision_comment', 'text')
    .execute();
  await db.schema.createIndex('leave_requests_class').on('leave_requests').columns(['class_id', 'status']).execute();
  await db.schema.createIndex('leave_requests_enrolment').on('leave_requests').column('enrolment_id').execute();
  await db.schema
    .createTable('leave_request_sessions')
    .addColumn('leave_request_id', 'integer', (c) => c.notNull().references('leave_requests.id').onDelete('cascade'))
    .addColumn('session_id', 'integer', (c) => c.notNull().references('sessions.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('leave_request_sessions_pk', ['leave_request_id', 'session_id'])
    .execute();
  await db.schema.createIndex('leave_request_sessions_session').on('leave_request_sessions').column('session_id').execute();

  // A personal invitation is a login link printed on paper: only its hash is kept, so a copy of
  // the database does not let anyone in. Re-issuing revokes the previous one.
  await withId(db, db.schema.createTable('invitations'))
    .addColumn('enrolment_id', 'integer', (c) => c.notNull().references('enrolments.id'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('issued_at', 'text', notNull)
    .addColumn('issued_by', 'integer')
    .addColumn('revoked_at', 'text')
    .addColumn('last_used_at', 'text')
    .addColumn('use_count', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('invitations_enrolment').on('invitations').column('enrolment_id').execute();

  // The personal QR badge the class teacher scans. It is shown to the trainee again and again, so
  // it is kept as it is; it only lets a signed-in class teacher record that person as present.
  await withId(db, db.schema.createTable('badges'))
    .addColumn('enrolment_id', 'integer', (c) => c.notNull().unique().references('enrolments.id'))
    .addColumn('token', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', notNull)
    .execute();

  // Trainee device sessions are users rows tied to a person; finding that row must not scan users.
  await db.schema.createIndex('users_person').on('users').column('person_id').execute();
}
