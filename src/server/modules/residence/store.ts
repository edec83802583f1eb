import type { Executor } from '../../db/connection';
import type { NewRow, Patch } from '../../db/schema';
import './tables';
import type { Direction } from './tables';

// All SQL of the residence module (#18). Same on SQLite and PostgreSQL.
export const makeResidenceStore = () => ({
  // Rooms
  listRooms: (db: Executor, institutionId: number) =>
    db.selectFrom('hotel_rooms').selectAll().where('institution_id', '=', institutionId).orderBy('hotel').orderBy('building').orderBy('number').execute(),
  findRoom: (db: Executor, id: number) => db.selectFrom('hotel_rooms').selectAll().where('id', '=', id).executeTakeFirst(),
  findRoomByNumber: (db: Executor, r: { institutionId: number; hotel: string; building: string; number: string }) =>
    db
      .selectFrom('hotel_rooms')
      .select('id')
      .where('institution_id', '=', r.institutionId)
      .where('hotel', '=', r.hotel)
      .where('building', '=', r.building)
      .where('number', '=', r.number)
      .executeTakeFirst(),
  insertRoom: (db: Executor, row: NewRow<'hotel_rooms'>) => db.insertInto('hotel_rooms').values(row).returning('id').executeTakeFirstOrThrow(),
  updateRoom: (db: Executor, id: number, patch: Patch<'hotel_rooms'>) => db.updateTable('hotel_rooms').set(patch).where('id', '=', id).execute(),
  deleteRoom: (db: Executor, id: number) => db.deleteFrom('hotel_rooms').where('id', '=', id).execute(),
  /** Everyone ever booked into the room, in any class: what an edit of its beds or gender must respect. */
  bookingsOfRoom: (db: Executor, roomId: number) =>
    db
      .selectFrom('room_assignments as a')
      .innerJoin('enrolments as e', 'e.id', 'a.enrolment_id')
      .innerJoin('people as p', 'p.id', 'e.person_id')
      .select(['a.bed', 'p.name', 'p.gender'])
      .where('a.room_id', '=', roomId)
      .execute(),

  // Assignments
  listAssignments: (db: Executor, classId: number) => db.selectFrom('room_assignments').selectAll().where('class_id', '=', classId).execute(),
  findAssignment: (db: Executor, enrolmentId: number) =>
    db.selectFrom('room_assignments').selectAll().where('enrolment_id', '=', enrolmentId).executeTakeFirst(),
  /** Who else sleeps in the room on any of the nights [from, to), in any class (the hotel is shared). */
  occupantsOverlapping: (db: Executor, roomId: number, from: string, to: string, exceptEnrolmentId: number) =>
    db
      .selectFrom('room_assignments as a')
      .innerJoin('enrolments as e', 'e.id', 'a.enrolment_id')
      .innerJoin('people as p', 'p.id', 'e.person_id')
      .innerJoin('classes as c', 'c.id', 'a.class_id')
      .select(['a.enrolment_id', 'a.bed', 'a.class_id', 'a.check_in_on', 'a.check_out_on', 'p.name', 'p.gender', 'c.title as class_title'])
      .where('a.room_id', '=', roomId)
      .where('a.enrolment_id', '!=', exceptEnrolmentId)
      .where('a.check_in_on', '<', to)
      .where('a.check_out_on', '>', from)
      .execute(),
  insertAssignment: (db: Executor, row: NewRow<'room_assignments'>) => db.insertInto('room_assignments').values(row).execute(),
  updateAssignment: (db: Executor, enrolmentId: number, patch: Patch<'room_assignments'>) =>
    db.updateTable('room_assignments').set(patch).where('enrolment_id', '=', enrolmentId).execute(),
  deleteAssignment: (db: Executor, enrolmentId: number) => db.deleteFrom('room_assignments').where('enrolment_id', '=', enrolmentId).execute(),

  listRequests: (db: Executor, classId: number) => db.selectFrom('room_requests').selectAll().where('class_id', '=', classId).execute(),
  deleteRequest: (db: Executor, enrolmentId: number) => db.deleteFrom('room_requests').where('enrolment_id', '=', enrolmentId).execute(),
  insertRequest: (db: Executor, row: NewRow<'room_requests'>) => db.insertInto('room_requests').values(row).execute(),

  // Dietary needs (on the person)
  dietaryOf: (db: Executor, personIds: number[]) =>
    personIds.length ? db.selectFrom('dietary_needs').selectAll().where('person_id', 'in', personIds).execute() : Promise.resolve([]),
  upsertDietary: (db: Executor, row: NewRow<'dietary_needs'>) =>
    db
      .insertInto('dietary_needs')
      .values(row)
      .onConflict((oc) =>
        oc.column('person_id').doUpdateSet({
          halal: row.halal,
          vegetarian: row.vegetarian,
          no_pork: row.no_pork,
          no_beef_mutton: row.no_beef_mutton,
          allergies: row.allergies,
          notes: row.notes,
          updated_at: row.updated_at,
        }),
      )
      .execute(),

  // Meal plan
  listMeals: (db: Executor, classId: number) =>
    db.selectFrom('meal_plans').selectAll().where('class_id', '=', classId).orderBy('day').orderBy('served_at').execute(),
  findMeal: (db: Executor, classId: number, day: string, meal: string) =>
    db
      .selectFrom('meal_plans')
      .selectAll()
      .where('class_id', '=', classId)
      .where('day', '=', day)
      .where('meal', '=', meal as never)
      .executeTakeFirst(),
  insertMeal: (db: Executor, row: NewRow<'meal_plans'>) => db.insertInto('meal_plans').values(row).execute(),
  updateMeal: (db: Executor, id: number, patch: Patch<'meal_plans'>) => db.updateTable('meal_plans').set(patch).where('id', '=', id).execute(),
  deleteMeal: (db: Executor, id: number) => db.deleteFrom('meal_plans').where('id', '=', id).execute(),

  // Travel and pickup
  listTravel: (db: Executor, classId: number) => db.selectFrom('travel_legs').selectAll().where('class_id', '=', classId).orderBy('at').execute(),
  findTravel: (db: Executor, enrolmentId: number, direction: Direction) =>
    db.selectFrom('travel_legs').selectAll().where('enrolment_id', '=', enrolmentId).where('direction', '=', direction).executeTakeFirst(),
  insertTravel: (db: Executor, row: NewRow<'travel_legs'>) => db.insertInto('travel_legs').values(row).execute(),
  updateTravel: (db: Executor, id: number, patch: Patch<'travel_legs'>) => db.updateTable('travel_legs').set(patch).where('id', '=', id).execute(),
  deleteTravel: (db: Executor, id: number) => db.deleteFrom('travel_legs').where('id', '=', id).execute(),
  listPickups: (db: Executor, classId: number) =>
    db.selectFrom('pickup_plans').selectAll().where('class_id', '=', classId).orderBy('window_starts_at').execute(),
  findPickup: (db: Executor, id: number) => db.selectFrom('pickup_plans').selectAll().where('id', '=', id).executeTakeFirst(),
  insertPickup: (db: Executor, row: NewRow<'pickup_plans'>) => db.insertInto('pickup_plans').values(row).returning('id').executeTakeFirstOrThrow(),
  updatePickup: (db: Executor, id: number, patch: Patch<'pickup_plans'>) => db.updateTable('pickup_plans').set(patch).where('id', '=', id).execute(),
  /** A plan's legs go back to unplanned before the plan itself goes. */
  deletePickup: async (db: Executor, id: number) => {
    await db.updateTable('travel_legs').set({ pickup_plan_id: null }).where('pickup_plan_id', '=', id).execute();
    await db.deleteFrom('pickup_plans').where('id', '=', id).execute();
  },
  attachLegs: (db: Executor, planId: number, legIds: number[]) =>
    legIds.length ? db.updateTable('travel_legs').set({ pickup_plan_id: planId }).where('id', 'in', legIds).execute() : Promise.resolve([]),
  travelDeadline: (db: Executor, classId: number) => db.selectFrom('travel_settings').select('deadline_on').where('class_id', '=', classId).executeTakeFirst(),
  setTravelDeadline: (db: Executor, classId: number, deadlineOn: string | null) =>
    db
      .insertInto('travel_settings')
      .values({ class_id: classId, deadline_on: deadlineOn })
      .onConflict((oc) => oc.column('class_id').doUpdateSet({ deadline_on: deadlineOn }))
      .execute(),
});
export type ResidenceStore = ReturnType<typeof makeResidenceStore>;
