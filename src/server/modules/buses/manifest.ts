import type { z } from 'zod';
import type { UpdateVehicleBody, VehicleBody } from '../../../contracts';
import { type Executor, nowIso } from '../../db/connection';
import type { Row } from '../../db/schema';
import { isUniqueViolation } from '../../db/unique-violation';
import { AppError, invalid, notFound } from '../../lib/errors';
import type { Actor } from '../../lib/permissions';
import type { BusContext, BusCore, BusDeps } from './core';
import { planSeats } from './seating';
import type { VehicleLeg } from './tables';

type VehicleInput = z.infer<typeof VehicleBody>;

// The vehicles of a site visit and who sits where: adding and changing buses, seating the class
// group by group, moving one person, and the return trip.
export const makeManifest = (deps: BusDeps, core: BusCore) => {
  const { database, store, audit } = deps;
  const { sessionContext, requireSiteVisit, requireOpen, requireVehicle, transport } = core;

  const vehicleFacts = (v: Pick<Row<'vehicles'>, 'label' | 'plate' | 'seats' | 'company' | 'driver_name' | 'driver_phone' | 'departs_at' | 'leg'>) => ({
    leg: v.leg,
    label: v.label,
    plate: v.plate,
    seats: v.seats,
    company: v.company,
    driverName: v.driver_name,
    driverPhone: v.driver_phone,
    departsAt: v.departs_at,
  });
  const rowOf = (input: Partial<VehicleInput>) => ({
    ...(input.label !== undefined && { label: input.label }),
    ...(input.plate !== undefined && { plate: input.plate.toUpperCase() }),
    ...(input.seats !== undefined && { seats: input.seats }),
    ...(input.company !== undefined && { company: input.company ?? null }),
    ...(input.driverName !== undefined && { driver_name: input.driverName ?? null }),
    ...(input.driverPhone !== undefined && { driver_phone: input.driverPhone ?? null }),
    ...(input.departsAt !== undefined && { departs_at: input.departsAt ? new Date(input.departsAt).toISOString() : null }),
  });

  async function writable(trx: Executor, sessionId: number) {
    const ctx = await sessionContext(trx, sessionId);
    requireSiteVisit(ctx);
    requireOpen(ctx);
    return ctx;
  }
  /** A plate rides once per session and leg (one bus cannot be in two places). */
  async function assertPlateFree(trx: Executor, sessionId: number, leg: VehicleLeg, plate: string, exceptId?: number) {
    const clash = (await store.vehiclesOfSession(trx, sessionId)).find((v) => v.leg === leg && v.plate === plate.toUpperCase() && v.id !== exceptId);
    if (clash)
      throw new AppError('vehicle.duplicate_plate', 409, { plate, label: clash.label }, [
        { field: 'plate', code: 'vehicle.duplicate_plate', params: { plate, label: clash.label } },
      ]);
  }

  async function insertVehicle(trx: Executor, actor: Actor | null, ctx: BusContext, input: VehicleInput) {
    await assertPlateFree(trx, ctx.session.id, input.leg, input.plate);
    const now = nowIso();
    const row = {
      class_id: ctx.session.classId,
      session_id: ctx.session.id,
      leg: input.leg,
      label: input.label,
      plate: input.plate.toUpperCase(),
      seats: input.seats,
      company: input.company ?? null,
      driver_name: input.driverName ?? null,
      driver_phone: input.driverPhone ?? null,
      departs_at: input.departsAt ? new Date(input.departsAt).toISOString() : null,
      created_at: now,
      updated_at: now,
    };
    const { id } = await store.insertVehicle(trx, row);
    await audit.record(trx, actor, {
      action: 'vehicle.create',
      entity: 'vehicle',
      entityId: id,
      classId: ctx.session.classId,
      before: null,
      after: vehicleFacts(row),
    });
    return id;
  }

  /** Seats the expected trainees of one leg group by group; staff already on board keep their seats. */
  async function seatLeg(trx: Executor, actor: Actor | null, ctx: BusContext, leg: VehicleLeg) {
    const vehicles = (await store.vehiclesOfSession(trx, ctx.session.id)).filter((v) => v.leg === leg);
    if (!vehicles.length) throw new AppError('vehicle.none', 409, { leg });
    const passengers = (await store.passengersOfSession(trx, ctx.session.id)).filter((p) => p.leg === leg);
    if (passengers.some((p) => p.boarded_at)) throw new AppError('vehicle.boarding_started', 409);
    const staffOn = (id: number) => passengers.filter((p) => p.vehicle_id === id && p.staff_user_id !== null).length;
    const free = vehicles.map((v) => ({ id: v.id, free: Math.max(0, v.seats - staffOn(v.id)) }));
    const needed = ctx.expected.length;
    const seats = free.reduce((s, v) => s + v.free, 0);
    if (needed > seats) throw new AppError('vehicle.not_enough_seats', 409, { needed, seats });
    const groups = new Map<string, { key: string; name: string; members: number[] }>();
    for (const r of ctx.expected) {
      // Trainees without a group ride wherever there is room, one by one.
      const key = r.group_id === null ? `single-${r.id}` : `group-${String(r.group_sort ?? 0).padStart(6, '0')}-${r.group_id}`;
      const g = groups.get(key) ?? { key, name: r.group_name ?? r.name, members: [] };
      g.members.push(r.id);
      groups.set(key, g);
    }
    const plan = planSeats([...groups.values()], free);
    await store.clearTrainees(trx, ctx.session.id, leg);
    const now = nowIso();
    const rows = [...plan.seats].flatMap(([vehicleId, ids]) =>
      ids.map((enrolmentId) => ({
        vehicle_id: vehicleId,
        session_id: ctx.session.id,
        leg,
        enrolment_id: enrolmentId,
        staff_user_id: null,
        boarded_at: null,
        boarded_by: null,
        created_at: now,
      })),
    );
    await store.insertPassengers(trx, rows);
    await audit.record(trx, actor, {
      action: 'vehicle.seat',
      entity: 'session',
      entityId: ctx.session.id,
      classId: ctx.session.classId,
      before: { seated: passengers.filter((p) => p.enrolment_id !== null).length },
      after: { leg, seated: rows.length, vehicles: vehicles.length, splitGroups: plan.split },
    });
    return plan.split;
  }

  return {
    async addVehicle(actor: Actor, sessionId: number, input: VehicleInput) {
      return database.transaction(async (trx) => {
        await insertVehicle(trx, actor, await writable(trx, sessionId), input);
        return transport(trx, sessionId);
      });
    },

    async updateVehicle(actor: Actor, sessionId: number, vehicleId: number, patch: z.infer<typeof UpdateVehicleBody>) {
      return database.transaction(async (trx) => {
        const ctx = await writable(trx, sessionId);
        const before = await requireVehicle(trx, sessionId, vehicleId);
        if (patch.plate !== undefined) await assertPlateFree(trx, sessionId, before.leg, patch.plate, vehicleId);
        if (patch.seats !== undefined) {
          const riding = (await store.passengersOfSession(trx, sessionId)).filter((p) => p.vehicle_id === vehicleId).length;
          if (patch.seats < riding) {
            const params = { seats: patch.seats, riding };
            throw new AppError('vehicle.seats_below_passengers', 409, params, [{ field: 'seats', code: 'vehicle.seats_below_passengers', params }]);
          }
        }
        const row = { ...rowOf(patch), updated_at: nowIso() };
        await store.updateVehicle(trx, vehicleId, row);
        await audit.record(trx, actor, {
          action: 'vehicle.update',
          entity: 'vehicle',
          entityId: vehicleId,
          classId: ctx.session.classId,
          before: vehicleFacts(before),
          after: vehicleFacts({ ...before, ...row }),
        });
        return transport(trx, sessionId);
      });
    },

    async deleteVehicle(actor: Actor, sessionId: number, vehicleId: number) {
      return database.transaction(async (trx) => {
        const ctx = await writable(trx, sessionId);
        const before = await requireVehicle(trx, sessionId, vehicleId);
        const passengers = (await store.passengersOfSession(trx, sessionId)).filter((p) => p.vehicle_id === vehicleId);
        if (passengers.some((p) => p.boarded_at)) throw new AppError('vehicle.boarding_started', 409);
        await store.deleteVehicle(trx, vehicleId);
        await audit.record(trx, actor, {
          action: 'vehicle.delete',
          entity: 'vehicle',
          entityId: vehicleId,
          classId: ctx.session.classId,
          before: { ...vehicleFacts(before), passengers: passengers.length },
          after: null,
        });
        return transport(trx, sessionId);
      });
    },

    async assignSeats(actor: Actor, sessionId: number, leg: VehicleLeg) {
      return database.transaction(async (trx) => {
        const ctx = await writable(trx, sessionId);
        const splitGroups = await seatLeg(trx, actor, ctx, leg);
        return { ...(await transport(trx, sessionId)), splitGroups };
      });
    },

    /**
     * The way back: the outbound buses again (same plates, seats and drivers, leaving at the
     * session's end) with the same people in them, unless return vehicles exist already.
     */
    async copyReturnTrip(actor: Actor, sessionId: number) {
      return database.transaction(async (trx) => {
        const ctx = await writable(trx, sessionId);
        const vehicles = await store.vehiclesOfSession(trx, sessionId);
        if (vehicles.some((v) => v.leg === 'return')) throw new AppError('vehicle.return_exists', 409);
        const outbound = vehicles.filter((v) => v.leg === 'outbound');
        if (!outbound.length) throw new AppError('vehicle.none', 409, { leg: 'outbound' });
        const passengers = await store.passengersOfSession(trx, sessionId);
        const now = nowIso();
        for (const v of outbound) {
          const id = await insertVehicle(trx, actor, ctx, {
            leg: 'return',
            label: v.label,
            plate: v.plate,
            seats: v.seats,
            company: v.company,
            driverName: v.driver_name,
            driverPhone: v.driver_phone,
            departsAt: ctx.session.endsAt,
          });
          await store.insertPassengers(
            trx,
            passengers
              .filter((p) => p.vehicle_id === v.id)
              .map((p) => ({
                vehicle_id: id,
                session_id: sessionId,
                leg: 'return' as const,
                enrolment_id: p.enrolment_id,
                staff_user_id: p.staff_user_id,
                boarded_at: null,
                boarded_by: null,
                created_at: now,
              })),
          );
        }
        return transport(trx, sessionId);
      });
    },

    /** One person onto a bus of a leg (off any other bus of that leg), or off every bus (vehicleId null). */
    async movePassenger(actor: Actor, sessionId: number, input: { leg: VehicleLeg; enrolmentId?: number; staffUserId?: number; vehicleId: number | null }) {
      if ((input.enrolmentId === undefined) === (input.staffUserId === undefined)) throw invalid('vehicle.passenger_required', 'enrolmentId');
      return database.transaction(async (trx) => {
        const ctx = await writable(trx, sessionId);
        if (input.enrolmentId !== undefined && !ctx.expected.some((r) => r.id === input.enrolmentId)) throw notFound('enrolment', input.enrolmentId);
        if (input.staffUserId !== undefined && !ctx.staffById.has(input.staffUserId)) throw notFound('staff', input.staffUserId);
        const passengers = (await store.passengersOfSession(trx, sessionId)).filter((p) => p.leg === input.leg);
        const current = passengers.find((p) =>
          input.enrolmentId !== undefined ? p.enrolment_id === input.enrolmentId : p.staff_user_id === input.staffUserId,
        );
        let target: Row<'vehicles'> | null = null;
        if (input.vehicleId !== null) {
          target = await requireVehicle(trx, sessionId, input.vehicleId);
          if (target.leg !== input.leg) throw invalid('vehicle.wrong_leg', 'vehicleId');
          const riding = passengers.filter((p) => p.vehicle_id === target!.id && p.id !== current?.id).length;
          if (riding >= target.seats) throw new AppError('vehicle.full', 409, { label: target.label, seats: target.seats });
        }
        if (current?.vehicle_id === input.vehicleId) return transport(trx, sessionId);
        await store.removePerson(trx, sessionId, input.leg, input);
        if (target) {
          try {
            await store.insertPassengers(trx, [
              {
                vehicle_id: target.id,
                session_id: sessionId,
                leg: input.leg,
                enrolment_id: input.enrolmentId ?? null,
                staff_user_id: input.staffUserId ?? null,
                boarded_at: null,
                boarded_by: null,
                created_at: nowIso(),
              },
            ]);
          } catch (e) {
            if (isUniqueViolation(e)) throw new AppError('vehicle.already_seated', 409);
            throw e;
          }
        }
        await audit.record(trx, actor, {
          action: 'vehicle.move_passenger',
          entity: 'session',
          entityId: sessionId,
          classId: ctx.session.classId,
          before: { leg: input.leg, enrolmentId: input.enrolmentId ?? null, staffUserId: input.staffUserId ?? null, vehicleId: current?.vehicle_id ?? null },
          after: { vehicleId: input.vehicleId },
        });
        return transport(trx, sessionId);
      });
    },

    /**
     * The demo's finished class: its buses and manifests as they were, written in the caller's
     * transaction and only when the session has no vehicle yet (loading twice adds nothing).
     */
    async importHistoricalTransport(trx: Executor, sessionId: number, vehicles: VehicleInput[], staffUserIds: number[]) {
      const ctx = await sessionContext(trx, sessionId);
      requireSiteVisit(ctx);
      if ((await store.vehiclesOfSession(trx, sessionId)).length) return false;
      for (const v of vehicles) await insertVehicle(trx, null, ctx, v);
      const firstOf = (leg: VehicleLeg) => vehicles.findIndex((v) => v.leg === leg);
      const ids = await store.vehiclesOfSession(trx, sessionId);
      const now = nowIso();
      for (const leg of ['outbound', 'return'] as const) {
        if (firstOf(leg) < 0) continue;
        const first = ids.filter((v) => v.leg === leg).sort((a, b) => a.id - b.id)[0];
        await store.insertPassengers(
          trx,
          staffUserIds.map((u) => ({
            vehicle_id: first.id,
            session_id: sessionId,
            leg,
            enrolment_id: null,
            staff_user_id: u,
            boarded_at: null,
            boarded_by: null,
            created_at: now,
          })),
        );
        await seatLeg(trx, null, ctx, leg);
      }
      return true;
    },
  };
};
