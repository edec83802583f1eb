import type { Executor } from '../../db/connection';
import type { NewRow, Patch } from '../../db/schema';
import './tables';
import type { VehicleLeg } from './tables';

// All SQL of the buses module: its own two tables only. Names, groups and staff come from the
// roster and classes services.
export const makeBusStore = () => ({
  findVehicle: (db: Executor, id: number) => db.selectFrom('vehicles').selectAll().where('id', '=', id).executeTakeFirst(),
  vehiclesOfSession: (db: Executor, sessionId: number) =>
    db.selectFrom('vehicles').selectAll().where('session_id', '=', sessionId).orderBy('leg', 'desc').orderBy('label').orderBy('id').execute(),
  vehiclesOfClass: (db: Executor, classId: number) =>
    db.selectFrom('vehicles').selectAll().where('class_id', '=', classId).orderBy('session_id').orderBy('leg', 'desc').orderBy('label').orderBy('id').execute(),
  insertVehicle: (db: Executor, row: NewRow<'vehicles'>) => db.insertInto('vehicles').values(row).returning('id').executeTakeFirstOrThrow(),
  updateVehicle: (db: Executor, id: number, patch: Patch<'vehicles'>) => db.updateTable('vehicles').set(patch).where('id', '=', id).execute(),
  deleteVehicle: async (db: Executor, id: number) => {
    await db.deleteFrom('vehicle_passengers').where('vehicle_id', '=', id).execute();
    await db.deleteFrom('vehicles').where('id', '=', id).execute();
  },

  passengersOfSession: (db: Executor, sessionId: number) =>
    db.selectFrom('vehicle_passengers').selectAll().where('session_id', '=', sessionId).orderBy('vehicle_id').orderBy('id').execute(),
  passengersOfClass: (db: Executor, classId: number) =>
    db.selectFrom('vehicle_passengers as p').innerJoin('vehicles as v', 'v.id', 'p.vehicle_id').selectAll('p').where('v.class_id', '=', classId).execute(),
  insertPassengers: (db: Executor, rows: Array<NewRow<'vehicle_passengers'>>) =>
    rows.length ? db.insertInto('vehicle_passengers').values(rows).execute() : Promise.resolve([]),
  /** Takes the trainees (not the staff) off every bus of a leg, before seating them again. */
  clearTrainees: (db: Executor, sessionId: number, leg: VehicleLeg) =>
    db.deleteFrom('vehicle_passengers').where('session_id', '=', sessionId).where('leg', '=', leg).where('enrolment_id', 'is not', null).execute(),
  removePerson: (db: Executor, sessionId: number, leg: VehicleLeg, who: { enrolmentId?: number; staffUserId?: number }) => {
    let q = db.deleteFrom('vehicle_passengers').where('session_id', '=', sessionId).where('leg', '=', leg);
    q = who.enrolmentId !== undefined ? q.where('enrolment_id', '=', who.enrolmentId) : q.where('staff_user_id', '=', who.staffUserId!);
    return q.execute();
  },
  markBoarded: (db: Executor, id: number, at: string, by: number) =>
    db.updateTable('vehicle_passengers').set({ boarded_at: at, boarded_by: by }).where('id', '=', id).where('boarded_at', 'is', null).execute(),
});
export type BusStore = ReturnType<typeof makeBusStore>;
