import type { Kysely } from 'kysely';
import { notNull, withId } from './helpers';

// The residential class (#18, residence module): the college hotel's rooms, who sleeps where,
// dietary needs, the meal plan, and travel in and out with the pickup plans that meet it.
export async function up(db: Kysely<any>) {
  // Rooms belong to the institution's hotel(s), shared by every class staying there.
  await withId(db, db.schema.createTable('hotel_rooms'))
    .addColumn('institution_id', 'integer', (c) => c.notNull().references('institutions.id'))
    .addColumn('hotel', 'text', notNull)
    .addColumn('building', 'text', notNull)
    .addColumn('number', 'text', notNull)
    .addColumn('beds', 'integer', notNull)
    .addColumn('gender', 'text')
    .addColumn('created_at', 'text', notNull)
    .addUniqueConstraint('hotel_rooms_unique', ['institution_id', 'hotel', 'building', 'number'])
    .execute();
  await withId(db, db.schema.createTable('room_assignments'))
    .addColumn('class_id', 'integer', (c) => c.notNull().references('classes.id'))
    .addColumn('enrolment_id', 'integer', (c) => c.notNull().unique().references('enrolments.id'))
    .addColumn('room_id', 'integer', (c) => c.notNull().references('hotel_rooms.id'))
    .addColumn('bed', 'integer', notNull)
    .addColumn('check_in_on', 'text', notNull)
    .addColumn('check_out_on', 'text', notNull)
    .addColumn('created_at', 'text', notNull)
    .addColumn('updated_at', 'text', notNull)
    .execute();
  await db.schema.createIndex('room_assignments_room').on('room_assignments').columns(['room_id', 'bed']).execute();
  await db.schema.createIndex('room_assignments_class').on('room_assignments').column('class_id').execute();
  // A trainee's wish to share with another (同住申请); the rule-based assignment honours it.
  await withId(db, db.schema.createTable('room_requests'))
    .addColumn('class_id', 'integer', (c) => c.notNull().references('classes.id'))
    .addColumn('enrolment_id', 'integer', (c) => c.notNull().unique().references('enrolments.id'))
    .addColumn('with_enrolment_id', 'integer', (c) => c.notNull().references('enrolments.id'))
    .addColumn('created_at', 'text', notNull)
    .execute();
  // On the person: it outlives the class, like the 档案.
  await withId(db, db.schema.createTable('dietary_needs'))
    .addColumn('person_id', 'integer', (c) => c.notNull().unique().references('people.id'))
    .addColumn('halal', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('vegetarian', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('no_pork', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('no_beef_mutton', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('allergies', 'text')
    .addColumn('notes', 'text')
    .addColumn('updated_at', 'text', notNull)
    .execute();
  await withId(db, db.schema.createTable('meal_plans'))
    .addColumn('class_id', 'integer', (c) => c.notNull().references('classes.id'))
    .addColumn('day', 'text', notNull)
    .addColumn('meal', 'text', notNull)
    /** Wall-clock "HH:mm" in the class's time zone: who is in town then is counted. */
    .addColumn('served_at', 'text', notNull)
    .addColumn('place', 'text')
    .addColumn('banquet', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('notes', 'text')
    .addColumn('created_at', 'text', notNull)
    .addUniqueConstraint('meal_plans_unique', ['class_id', 'day', 'meal'])
    .execute();
  await withId(db, db.schema.createTable('pickup_plans'))
    .addColumn('class_id', 'integer', (c) => c.notNull().references('classes.id'))
    .addColumn('direction', 'text', notNull)
    .addColumn('place', 'text', notNull)
    .addColumn('window_starts_at', 'text', notNull)
    .addColumn('window_ends_at', 'text', notNull)
    .addColumn('vehicle', 'text')
    .addColumn('staff_name', 'text')
    .addColumn('staff_phone', 'text')
    .addColumn('created_at', 'text', notNull)
    .execute();
  await withId(db, db.schema.createTable('travel_legs'))
    .addColumn('class_id', 'integer', (c) => c.notNull().references('classes.id'))
    .addColumn('enrolment_id', 'integer', (c) => c.notNull().references('enrolments.id'))
    .addColumn('direction', 'text', notNull)
    .addColumn('mode', 'text', notNull)
    .addColumn('number', 'text')
    .addColumn('place', 'text', notNull)
    .addColumn('at', 'text', notNull)
    .addColumn('companions', 'text')
    .addColumn('pickup_plan_id', 'integer', (c) => c.references('pickup_plans.id'))
    .addColumn('confirmed_at', 'text')
    .addColumn('updated_at', 'text', notNull)
    .addUniqueConstraint('travel_legs_unique', ['enrolment_id', 'direction'])
    .execute();
  await db.schema.createIndex('travel_legs_class').on('travel_legs').column('class_id').execute();
  // The date by which trainees enter their travel on the phone.
  await db.schema
    .createTable('travel_settings')
    .addColumn('class_id', 'integer', (c) => c.primaryKey().references('classes.id'))
    .addColumn('deadline_on', 'text')
    .execute();
}

export async function down(db: Kysely<any>) {
  for (const t of ['travel_settings', 'travel_legs', 'pickup_plans', 'meal_plans', 'dietary_needs', 'room_requests', 'room_assignments', 'hotel_rooms'])
    await db.schema.dropTable(t).execute();
}
