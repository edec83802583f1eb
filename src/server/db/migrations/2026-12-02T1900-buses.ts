import type { Kysely } from 'kysely';
import { notNull, withId } from './helpers';

// Buses for site visits (#18): the vehicles of a session, out and back, and who rides in each.
// A person rides one bus per session and leg: the unique keys say so on both databases (NULLs are
// distinct, so trainee rows and staff rows do not collide with each other).
export async function up(db: Kysely<any>) {
  await withId(db, db.schema.createTable('vehicles'))
    .addColumn('class_id', 'integer', (c) => c.notNull().references('classes.id'))
    .addColumn('session_id', 'integer', (c) => c.notNull().references('sessions.id').onDelete('cascade'))
    .addColumn('leg', 'text', notNull)
    .addColumn('label', 'text', notNull)
    .addColumn('plate', 'text', notNull)
    .addColumn('seats', 'integer', notNull)
    .addColumn('company', 'text')
    .addColumn('driver_name', 'text')
    .addColumn('driver_phone', 'text')
    .addColumn('departs_at', 'text')
    .addColumn('created_at', 'text', notNull)
    .addColumn('updated_at', 'text', notNull)
    .execute();
  await db.schema.createIndex('vehicles_session').on('vehicles').columns(['session_id', 'leg']).execute();
  await withId(db, db.schema.createTable('vehicle_passengers'))
    .addColumn('vehicle_id', 'integer', (c) => c.notNull().references('vehicles.id').onDelete('cascade'))
    .addColumn('session_id', 'integer', notNull)
    .addColumn('leg', 'text', notNull)
    .addColumn('enrolment_id', 'integer', (c) => c.references('enrolments.id'))
    .addColumn('staff_user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('boarded_at', 'text')
    .addColumn('boarded_by', 'integer')
    .addColumn('created_at', 'text', notNull)
    .addUniqueConstraint('vehicle_passengers_trainee_once', ['session_id', 'leg', 'enrolment_id'])
    .addUniqueConstraint('vehicle_passengers_staff_once', ['session_id', 'leg', 'staff_user_id'])
    .execute();
  await db.schema.createIndex('vehicle_passengers_vehicle').on('vehicle_passengers').column('vehicle_id').execute();
}

export async function down(db: Kysely<any>) {
  await db.schema.dropTable('vehicle_passengers').execute();
  await db.schema.dropTable('vehicles').execute();
}
