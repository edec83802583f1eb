import type { z } from 'zod';
import type { Direction, PickupPlanBody, TravelLegBody, TravelOverview } from '../../../contracts';
import { type Executor, nowIso } from '../../db/connection';
import type { Row } from '../../db/schema';
import { AppError, invalid, notFound } from '../../lib/errors';
import type { Actor } from '../../lib/permissions';
import { wallClockOf } from '../../lib/wall-clock';
import type { ResidenceCore, ResidenceDeps } from './core';

export const toLeg = (l: Row<'travel_legs'>) => ({
  id: l.id,
  enrolmentId: l.enrolment_id,
  direction: l.direction,
  mode: l.mode,
  number: l.number,
  place: l.place,
  at: l.at,
  companions: l.companions,
  pickupPlanId: l.pickup_plan_id,
  confirmedAt: l.confirmed_at,
});
const toPlan = (p: Row<'pickup_plans'>, legs: Array<Row<'travel_legs'>>) => ({
  id: p.id,
  direction: p.direction,
  place: p.place,
  windowStartsAt: p.window_starts_at,
  windowEndsAt: p.window_ends_at,
  vehicle: p.vehicle,
  staffName: p.staff_name,
  staffPhone: p.staff_phone,
  legIds: legs.filter((l) => l.pickup_plan_id === p.id).map((l) => l.id),
});
const iso = (s: string) => new Date(s).toISOString();

/** The deadline is the last day, in the class's time zone, a trainee may enter own travel. */
const deadlinePassed = (deadlineOn: string | null | undefined, timeZone: string) => !!deadlineOn && wallClockOf(Date.now(), timeZone).date > deadlineOn;

type HistoricalTravel = {
  deadlineOn: string | null;
  legs: Array<z.infer<typeof TravelLegBody> & { enrolmentId: number; number: string | null; confirmedAt?: string | null }>;
  plans: Array<z.infer<typeof PickupPlanBody>>;
};

// Arrivals and departures (接送站, #18): each trainee's travel in and out, entered by staff or by
// the trainee on the phone, and the pickup plans that meet them (place, window, vehicle, staff).
export function makeTravel(deps: ResidenceDeps, core: ResidenceCore) {
  const { database, store, audit, classes } = deps;
  const db = database.db;

  async function saveLegIn(trx: Executor, actor: Actor, classId: number, enrolmentId: number, input: z.infer<typeof TravelLegBody>, bySelf: boolean) {
    await classes.requireWritable(trx, classId, 'roster');
    await core.requireTrainee(trx, classId, enrolmentId);
    const before = await store.findTravel(trx, enrolmentId, input.direction);
    const at = nowIso();
    const row = {
      mode: input.mode,
      number: input.number ?? null,
      place: input.place,
      at: iso(input.at),
      companions: input.companions ?? null,
      // The trainee entering or confirming it makes it confirmed; a staff edit keeps what was confirmed only if nothing changed.
      confirmed_at: bySelf ? at : before && before.at === iso(input.at) && before.number === (input.number ?? null) ? before.confirmed_at : null,
      updated_at: at,
    };
    // A changed time or place no longer fits the pickup it was planned into.
    const keepPlan = before && before.at === row.at && before.place === row.place ? before.pickup_plan_id : null;
    if (before) await store.updateTravel(trx, before.id, { ...row, pickup_plan_id: keepPlan });
    else await store.insertTravel(trx, { ...row, class_id: classId, enrolment_id: enrolmentId, direction: input.direction, pickup_plan_id: null });
    const after = (await store.findTravel(trx, enrolmentId, input.direction))!;
    await audit.record(trx, actor, {
      action: bySelf ? 'travel.self' : 'travel.set',
      entity: 'enrolment',
      entityId: enrolmentId,
      classId,
      before: before ? toLeg(before) : null,
      after: toLeg(after),
    });
    return toLeg(after);
  }

  async function ownEnrolment(actor: Actor, enrolmentId: number) {
    const e = await deps.roster.findEnrolmentRow(db, enrolmentId);
    if (!e || e.person_id !== actor.personId) throw notFound('enrolment', enrolmentId);
    return e;
  }

  async function checkPlan(trx: Executor, classId: number, input: z.infer<typeof PickupPlanBody>, legIds: number[] | undefined) {
    if (Date.parse(input.windowEndsAt) < Date.parse(input.windowStartsAt)) throw invalid('pickup.window_order', 'windowEndsAt');
    if (!legIds) return;
    const legs = new Map((await store.listTravel(trx, classId)).map((l) => [l.id, l]));
    for (const id of legIds) if (legs.get(id)?.direction !== input.direction) throw invalid('pickup.leg_other', 'legIds', { id });
  }
  const planRow = (input: z.infer<typeof PickupPlanBody>) => ({
    direction: input.direction,
    place: input.place,
    window_starts_at: iso(input.windowStartsAt),
    window_ends_at: iso(input.windowEndsAt),
    vehicle: input.vehicle ?? null,
    staff_name: input.staffName ?? null,
    staff_phone: input.staffPhone ?? null,
  });

  return {
    async travelOverview(classId: number): Promise<TravelOverview> {
      await classes.requireClass(db, classId);
      const [trainees, legs, plans, deadline] = await Promise.all([
        core.traineesOf(db, classId),
        store.listTravel(db, classId),
        store.listPickups(db, classId),
        store.travelDeadline(db, classId),
      ]);
      const of = (id: number, d: Direction) => legs.find((l) => l.enrolment_id === id && l.direction === d);
      const entries = trainees.map((t) => {
        const a = of(t.id, 'arrival');
        const d = of(t.id, 'departure');
        return {
          enrolmentId: t.id,
          name: t.name,
          nameBo: t.name_bo,
          groupName: t.group_name,
          phone: t.phone,
          arrival: a ? toLeg(a) : null,
          departure: d ? toLeg(d) : null,
        };
      });
      return {
        deadlineOn: deadline?.deadline_on ?? null,
        entries,
        plans: plans.map((p) => toPlan(p, legs)),
        missing: entries.filter((e) => !e.arrival).map((e) => ({ enrolmentId: e.enrolmentId, name: e.name, phone: e.phone })),
      };
    },

    saveLeg: (actor: Actor, classId: number, enrolmentId: number, input: z.infer<typeof TravelLegBody>) =>
      database.transaction((trx) => saveLegIn(trx, actor, classId, enrolmentId, input, false)),

    async deleteLeg(actor: Actor, classId: number, enrolmentId: number, direction: Direction) {
      await database.transaction(async (trx) => {
        await classes.requireWritable(trx, classId, 'roster');
        const before = await store.findTravel(trx, enrolmentId, direction);
        if (!before || before.class_id !== classId) throw notFound('enrolment', enrolmentId);
        await store.deleteTravel(trx, before.id);
        await audit.record(trx, actor, { action: 'travel.delete', entity: 'enrolment', entityId: enrolmentId, classId, before: toLeg(before) });
      });
    },

    async setTravelDeadline(actor: Actor, classId: number, deadlineOn: string | null) {
      await database.transaction(async (trx) => {
        await classes.requireClass(trx, classId);
        const before = await store.travelDeadline(trx, classId);
        await store.setTravelDeadline(trx, classId, deadlineOn);
        await audit.record(trx, actor, {
          action: 'travel.deadline',
          entity: 'class',
          entityId: classId,
          classId,
          before: before ?? null,
          after: { deadlineOn },
        });
      });
    },

    // The trainee's own travel, on the phone.
    async myTravel(actor: Actor, enrolmentId: number) {
      const e = await ownEnrolment(actor, enrolmentId);
      const cls = await classes.requireClass(db, e.class_id);
      const [a, d, deadline] = await Promise.all([
        store.findTravel(db, enrolmentId, 'arrival'),
        store.findTravel(db, enrolmentId, 'departure'),
        store.travelDeadline(db, e.class_id),
      ]);
      const pickupOf = async (leg: Row<'travel_legs'> | undefined) => {
        const p = leg?.pickup_plan_id ? await store.findPickup(db, leg.pickup_plan_id) : undefined;
        return p ? { place: p.place, windowStartsAt: p.window_starts_at, vehicle: p.vehicle, staffName: p.staff_name, staffPhone: p.staff_phone } : null;
      };
      return {
        deadlineOn: deadline?.deadline_on ?? null,
        closed: deadlinePassed(deadline?.deadline_on, cls.time_zone),
        timeZone: cls.time_zone,
        arrival: a ? toLeg(a) : null,
        departure: d ? toLeg(d) : null,
        arrivalPickup: await pickupOf(a),
        departurePickup: await pickupOf(d),
      };
    },
    async saveMyLeg(actor: Actor, enrolmentId: number, input: z.infer<typeof TravelLegBody>) {
      const e = await ownEnrolment(actor, enrolmentId);
      return database.transaction(async (trx) => {
        // The deadline is the last day (in the class's time zone) a trainee may enter or change
        // their own travel; after it, the class teacher has planned the pickups and edits it.
        const [cls, deadline] = await Promise.all([classes.requireClass(trx, e.class_id), store.travelDeadline(trx, e.class_id)]);
        if (deadlinePassed(deadline?.deadline_on, cls.time_zone)) throw new AppError('travel.deadline_passed', 409, { deadlineOn: deadline!.deadline_on });
        return saveLegIn(trx, actor, e.class_id, enrolmentId, input, true);
      });
    },

    async createPickup(actor: Actor, classId: number, input: z.infer<typeof PickupPlanBody> & { legIds?: number[] }) {
      return database.transaction(async (trx) => {
        await classes.requireWritable(trx, classId, 'roster');
        await checkPlan(trx, classId, input, input.legIds);
        const { id } = await store.insertPickup(trx, { ...planRow(input), class_id: classId, created_at: nowIso() });
        await store.attachLegs(trx, id, input.legIds ?? []);
        await audit.record(trx, actor, { action: 'pickup.create', entity: 'pickup_plan', entityId: id, classId, after: input });
        return toPlan((await store.findPickup(trx, id))!, await store.listTravel(trx, classId));
      });
    },

    async updatePickup(actor: Actor, classId: number, planId: number, input: z.infer<typeof PickupPlanBody> & { legIds?: number[] }) {
      return database.transaction(async (trx) => {
        await classes.requireWritable(trx, classId, 'roster');
        const before = await store.findPickup(trx, planId);
        if (!before || before.class_id !== classId) throw notFound('pickup_plan', planId);
        await checkPlan(trx, classId, input, input.legIds);
        await store.updatePickup(trx, planId, planRow(input));
        if (input.legIds) {
          for (const l of await store.listTravel(trx, classId))
            if (l.pickup_plan_id === planId && !input.legIds.includes(l.id)) await store.updateTravel(trx, l.id, { pickup_plan_id: null });
          await store.attachLegs(trx, planId, input.legIds);
        }
        await audit.record(trx, actor, { action: 'pickup.update', entity: 'pickup_plan', entityId: planId, classId, before: toPlan(before, []), after: input });
        return toPlan((await store.findPickup(trx, planId))!, await store.listTravel(trx, classId));
      });
    },

    async deletePickup(actor: Actor, classId: number, planId: number) {
      await database.transaction(async (trx) => {
        await classes.requireWritable(trx, classId, 'roster');
        const before = await store.findPickup(trx, planId);
        if (!before || before.class_id !== classId) throw notFound('pickup_plan', planId);
        await store.deletePickup(trx, planId);
        await audit.record(trx, actor, { action: 'pickup.delete', entity: 'pickup_plan', entityId: planId, classId, before: toPlan(before, []) });
      });
    },

    /**
     * A past class's travel as it happened (the demo's 2020 class, which is completed and so
     * closed to edits): legs only where the trainee has none for that direction, plans only where
     * the class has none; each plan takes the legs of its direction and place inside its window.
     */
    async importHistoricalTravel(trx: Executor, classId: number, input: HistoricalTravel) {
      const at = nowIso();
      const have = await store.listTravel(trx, classId);
      for (const l of input.legs) {
        if (have.some((h) => h.enrolment_id === l.enrolmentId && h.direction === l.direction)) continue;
        await store.insertTravel(trx, {
          class_id: classId,
          enrolment_id: l.enrolmentId,
          direction: l.direction,
          mode: l.mode,
          number: l.number,
          place: l.place,
          at: iso(l.at),
          companions: l.companions ?? null,
          pickup_plan_id: null,
          confirmed_at: l.confirmedAt ?? null,
          updated_at: at,
        });
      }
      if (!(await store.travelDeadline(trx, classId)) && input.deadlineOn) await store.setTravelDeadline(trx, classId, input.deadlineOn);
      if ((await store.listPickups(trx, classId)).length) return;
      const legs = await store.listTravel(trx, classId);
      for (const p of input.plans) {
        const { id } = await store.insertPickup(trx, { ...planRow(p), class_id: classId, created_at: at });
        const from = Date.parse(p.windowStartsAt);
        const to = Date.parse(p.windowEndsAt);
        const inside = legs.filter((l) => l.direction === p.direction && l.place === p.place && Date.parse(l.at) >= from && Date.parse(l.at) <= to);
        await store.attachLegs(
          trx,
          id,
          inside.map((l) => l.id),
        );
      }
    },

    /**
     * Groups the unplanned legs of one direction into pickup plans: per station or airport, a new
     * plan whenever a leg is more than `windowMinutes` after the first of the current plan.
     */
    async planPickups(actor: Actor, classId: number, direction: Direction, windowMinutes: number) {
      return database.transaction(async (trx) => {
        await classes.requireWritable(trx, classId, 'roster');
        const legs = (await store.listTravel(trx, classId)).filter((l) => l.direction === direction && l.pickup_plan_id === null);
        const byPlace = new Map<string, Array<Row<'travel_legs'>>>();
        for (const l of legs) byPlace.set(l.place, [...(byPlace.get(l.place) ?? []), l]);
        let made = 0;
        for (const [place, list] of byPlace) {
          let bunch: Array<Row<'travel_legs'>> = [];
          const flush = async () => {
            if (!bunch.length) return;
            const { id } = await store.insertPickup(trx, {
              class_id: classId,
              direction,
              place,
              window_starts_at: bunch[0].at,
              window_ends_at: bunch.at(-1)!.at,
              vehicle: null,
              staff_name: null,
              staff_phone: null,
              created_at: nowIso(),
            });
            await store.attachLegs(
              trx,
              id,
              bunch.map((l) => l.id),
            );
            await audit.record(trx, actor, {
              action: 'pickup.create',
              entity: 'pickup_plan',
              entityId: id,
              classId,
              after: { place, legIds: bunch.map((l) => l.id) },
            });
            made += 1;
            bunch = [];
          };
          for (const l of list.sort((a, b) => a.at.localeCompare(b.at))) {
            if (bunch.length && Date.parse(l.at) - Date.parse(bunch[0].at) > windowMinutes * 60_000) await flush();
            bunch.push(l);
          }
          await flush();
        }
        return { created: made };
      });
    },
  };
}
