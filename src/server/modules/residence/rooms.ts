import type { z } from 'zod';
import type { AssignRoomBody, AutoAssignResult, HotelRoomBody, RoomingList } from '../../../contracts';
import { type Executor, nowIso } from '../../db/connection';
import type { Row } from '../../db/schema';
import { AppError, invalid, notFound } from '../../lib/errors';
import type { Actor } from '../../lib/permissions';
import { wallClockOf } from '../../lib/wall-clock';
import { dietaryText, type ResidenceCore, type ResidenceDeps, type Trainee } from './core';

const roomLabel = (r: Row<'hotel_rooms'>) => `${r.hotel} ${r.building}${r.number}`;
const GENDER_ZH = { male: '男', female: '女' } as const;
const refuse = (code: string, field: string, params: Record<string, unknown>) => new AppError(code, 409, params, [{ field, code, params }]);

/** Thrown to roll a preview's transaction back, carrying what it would have done. */
class PreviewDone extends Error {
  constructor(readonly result: AutoAssignResult) {
    super('preview');
  }
}

type ClassRow = Awaited<ReturnType<ResidenceDeps['classes']['requireClass']>>;
const toRoom = (r: Row<'hotel_rooms'>) => ({ id: r.id, hotel: r.hotel, building: r.building, number: r.number, beds: r.beds, gender: r.gender });

// Rooms (#18): the institution's hotel rooms, who sleeps in which bed for which nights. The rules:
// a room's gender, its beds, and no bed booked twice for one night across the classes of the hotel.
export function makeRooms(deps: ResidenceDeps, core: ResidenceCore) {
  const { database, store, audit, classes } = deps;
  const db = database.db;

  /** The nights a trainee stays by default: from arrival day (or the first day) to departure day (or the last). */
  async function defaultStay(trx: Executor, cls: Row<'classes'>, enrolmentId: number) {
    const travel = (await core.travelByEnrolment(trx, cls.id)).get(enrolmentId);
    const from = travel?.arrival ? wallClockOf(travel.arrival.at, cls.time_zone).date : cls.starts_on;
    const to = travel?.departure ? wallClockOf(travel.departure.at, cls.time_zone).date : cls.ends_on;
    return { from, to: to > from ? to : cls.ends_on };
  }

  async function assignIn(trx: Executor, actor: Actor | null, classId: number, input: z.infer<typeof AssignRoomBody>, trainee?: Trainee, historical = false) {
    // The demo's past (completed) class is loaded as history; every other assignment needs an open roster.
    const cls = historical ? await classes.requireClass(trx, classId) : await classes.requireWritable(trx, classId, 'roster');
    const who = trainee ?? (await core.requireTrainee(trx, classId, input.enrolmentId));
    const room = await store.findRoom(trx, input.roomId);
    if (!room || room.institution_id !== cls.institution_id) throw invalid('room.not_found', 'roomId');
    const before = await store.findAssignment(trx, who.id);
    const stay = await defaultStay(trx, cls, who.id);
    const from = input.checkInOn ?? before?.check_in_on ?? stay.from;
    const to = input.checkOutOn ?? before?.check_out_on ?? stay.to;
    if (to <= from) throw invalid('room.dates_order', 'checkOutOn');
    if (room.gender && who.gender && room.gender !== who.gender)
      throw refuse('room.gender', 'roomId', { room: roomLabel(room), gender: GENDER_ZH[room.gender], name: who.name });
    const others = await store.occupantsOverlapping(trx, room.id, from, to, who.id);
    const other = others.find((o) => o.gender && who.gender && o.gender !== who.gender);
    if (other) throw refuse('room.mixed_gender', 'roomId', { room: roomLabel(room), name: other.name });
    const taken = new Map(others.map((o) => [o.bed, o]));
    let bed = input.bed;
    if (bed !== undefined) {
      if (bed > room.beds) throw invalid('room.no_such_bed', 'bed', { room: roomLabel(room), beds: room.beds });
      const holder = taken.get(bed);
      if (holder) throw refuse('room.bed_taken', 'bed', { room: roomLabel(room), bed, name: holder.name, classTitle: holder.class_title });
    } else {
      bed = Array.from({ length: room.beds }, (_, i) => i + 1).find((b) => !taken.has(b));
      if (bed === undefined) throw refuse('room.full', 'roomId', { room: roomLabel(room), beds: room.beds });
    }
    const at = nowIso();
    const row = { room_id: room.id, bed, check_in_on: from, check_out_on: to, updated_at: at };
    if (before) await store.updateAssignment(trx, who.id, row);
    else await store.insertAssignment(trx, { ...row, class_id: classId, enrolment_id: who.id, created_at: at });
    await audit.record(trx, actor, {
      action: before ? 'room.move' : 'room.assign',
      entity: 'enrolment',
      entityId: who.id,
      classId,
      before: before ? { roomId: before.room_id, bed: before.bed, checkInOn: before.check_in_on, checkOutOn: before.check_out_on } : null,
      after: { room: roomLabel(room), roomId: room.id, bed, checkInOn: from, checkOutOn: to },
    });
    return { roomId: room.id, room: roomLabel(room), bed };
  }

  /** A room of the class's institution, or a 404 naming the field. */
  async function requireRoom(trx: Executor, institutionId: number, roomId: number) {
    const room = await store.findRoom(trx, roomId);
    if (!room || room.institution_id !== institutionId) throw Object.assign(notFound('hotel_room', roomId), { field: 'roomId' });
    return room;
  }

  async function insertRoomIn(trx: Executor, actor: Actor | null, cls: ClassRow, input: z.infer<typeof HotelRoomBody>, field = 'number') {
    const key = { institutionId: cls.institution_id, hotel: input.hotel, building: input.building, number: input.number };
    if (await store.findRoomByNumber(trx, key)) throw refuse('room.duplicate', field, { room: `${input.hotel} ${input.building}${input.number}` });
    const { id } = await store.insertRoom(trx, {
      institution_id: cls.institution_id,
      hotel: input.hotel,
      building: input.building,
      number: input.number,
      beds: input.beds,
      gender: input.gender ?? null,
      created_at: nowIso(),
    });
    await audit.record(trx, actor, { action: 'room.create', entity: 'hotel_room', entityId: id, classId: cls.id, after: input });
    return id;
  }

  /** Free beds of a room for the nights [from, to), counting every class in the hotel. */
  async function fitOf(trx: Executor, room: Row<'hotel_rooms'>, from: string, to: string) {
    const others = await store.occupantsOverlapping(trx, room.id, from, to, 0);
    return { free: room.beds - new Set(others.map((o) => o.bed)).size, others };
  }

  return {
    async listRooms(classId: number) {
      const cls = await classes.requireClass(db, classId);
      return (await store.listRooms(db, cls.institution_id)).map(toRoom);
    },

    async createRoom(actor: Actor, classId: number, input: z.infer<typeof HotelRoomBody>) {
      return database.transaction(async (trx) => {
        const cls = await classes.requireClass(trx, classId);
        return toRoom((await store.findRoom(trx, await insertRoomIn(trx, actor, cls, input)))!);
      });
    },

    /**
     * The demo's past class: the hotel's rooms (those missing) and who slept where, inside the
     * caller's transaction, by the same rules (gender, beds, no double booking). Loaded only where
     * the class has no assignment yet.
     */
    async importHistoricalRooms(
      trx: Executor,
      classId: number,
      rooms: Array<z.infer<typeof HotelRoomBody>>,
      assignments: Array<{ enrolmentId: number; hotel: string; building: string; number: string }>,
    ) {
      const cls = await classes.requireClass(trx, classId);
      for (const r of rooms)
        if (!(await store.findRoomByNumber(trx, { institutionId: cls.institution_id, hotel: r.hotel, building: r.building, number: r.number })))
          await insertRoomIn(trx, null, cls, r);
      if ((await store.listAssignments(trx, classId)).length) return false;
      for (const a of assignments) {
        const room = await store.findRoomByNumber(trx, { institutionId: cls.institution_id, hotel: a.hotel, building: a.building, number: a.number });
        if (room) await assignIn(trx, null, classId, { enrolmentId: a.enrolmentId, roomId: room.id }, undefined, true);
      }
      return true;
    },

    /** A pasted or imported list of rooms: all of them, or none (the refusal names the row). */
    async importRooms(actor: Actor, classId: number, rooms: Array<z.infer<typeof HotelRoomBody>>) {
      return database.transaction(async (trx) => {
        const cls = await classes.requireClass(trx, classId);
        for (const [i, room] of rooms.entries()) await insertRoomIn(trx, actor, cls, room, `rooms.${i}.number`);
        return { created: rooms.length };
      });
    },

    /** Changes a room; its beds and gender must still hold everyone booked into it, in any class. */
    async updateRoom(actor: Actor, classId: number, roomId: number, input: z.infer<typeof HotelRoomBody>) {
      return database.transaction(async (trx) => {
        const cls = await classes.requireClass(trx, classId);
        const before = await requireRoom(trx, cls.institution_id, roomId);
        const clash = await store.findRoomByNumber(trx, {
          institutionId: cls.institution_id,
          hotel: input.hotel,
          building: input.building,
          number: input.number,
        });
        if (clash && clash.id !== roomId) throw refuse('room.duplicate', 'number', { room: `${input.hotel} ${input.building}${input.number}` });
        const bookings = await store.bookingsOfRoom(trx, roomId);
        const beyond = bookings.find((b) => b.bed > input.beds);
        if (beyond) throw refuse('room.beds_in_use', 'beds', { room: roomLabel(before), bed: beyond.bed, name: beyond.name });
        const other = input.gender && bookings.find((b) => b.gender && b.gender !== input.gender);
        if (other) throw refuse('room.gender_in_use', 'gender', { room: roomLabel(before), name: other.name });
        const patch = { hotel: input.hotel, building: input.building, number: input.number, beds: input.beds, gender: input.gender ?? null };
        await store.updateRoom(trx, roomId, patch);
        await audit.record(trx, actor, { action: 'room.update', entity: 'hotel_room', entityId: roomId, classId, before: toRoom(before), after: patch });
        return toRoom((await store.findRoom(trx, roomId))!);
      });
    },

    /** Removes a room nobody is booked into (in any class). */
    async deleteRoom(actor: Actor, classId: number, roomId: number) {
      await database.transaction(async (trx) => {
        const cls = await classes.requireClass(trx, classId);
        const before = await requireRoom(trx, cls.institution_id, roomId);
        const [booked] = await store.bookingsOfRoom(trx, roomId);
        if (booked) throw refuse('room.in_use', 'roomId', { room: roomLabel(before), name: booked.name });
        await store.deleteRoom(trx, roomId);
        await audit.record(trx, actor, { action: 'room.delete', entity: 'hotel_room', entityId: roomId, classId, before: toRoom(before) });
      });
    },

    async roomingList(classId: number): Promise<RoomingList> {
      const cls = await classes.requireClass(db, classId);
      const [rooms, trainees, assignments, requests] = await Promise.all([
        store.listRooms(db, cls.institution_id),
        core.traineesOf(db, classId),
        store.listAssignments(db, classId),
        store.listRequests(db, classId),
      ]);
      const diet = await core.dietaryByPerson(
        db,
        trainees.map((t) => t.person_id),
      );
      const byEnrolment = new Map(assignments.map((a) => [a.enrolment_id, a]));
      const names = new Map(trainees.map((t) => [t.id, t.name]));
      const wish = new Map(requests.map((r) => [r.enrolment_id, r.with_enrolment_id]));
      return {
        classId,
        rooms: rooms.map((r) => ({
          ...toRoom(r),
          occupants: assignments
            .filter((a) => a.room_id === r.id)
            .sort((a, b) => a.bed - b.bed)
            .map((a) => a.enrolment_id),
        })),
        trainees: trainees.map((t) => {
          const a = byEnrolment.get(t.id);
          const w = wish.get(t.id);
          return {
            enrolmentId: t.id,
            name: t.name,
            nameBo: t.name_bo,
            gender: t.gender,
            groupName: t.group_name,
            workUnit: t.work_unit,
            roomId: a?.room_id ?? null,
            bed: a?.bed ?? null,
            checkInOn: a?.check_in_on ?? null,
            checkOutOn: a?.check_out_on ?? null,
            requestWith: w && names.has(w) ? { enrolmentId: w, name: names.get(w)! } : null,
            dietary: dietaryText(diet.get(t.person_id)),
          };
        }),
      };
    },

    assignRoom: (actor: Actor, classId: number, input: z.infer<typeof AssignRoomBody>) => database.transaction((trx) => assignIn(trx, actor, classId, input)),

    async unassignRoom(actor: Actor, classId: number, enrolmentId: number) {
      await database.transaction(async (trx) => {
        await classes.requireWritable(trx, classId, 'roster');
        const before = await store.findAssignment(trx, enrolmentId);
        if (!before || before.class_id !== classId) throw notFound('enrolment', enrolmentId);
        await store.deleteAssignment(trx, enrolmentId);
        await audit.record(trx, actor, {
          action: 'room.unassign',
          entity: 'enrolment',
          entityId: enrolmentId,
          classId,
          before: { roomId: before.room_id, bed: before.bed, checkInOn: before.check_in_on, checkOutOn: before.check_out_on },
        });
      });
    },

    async setRoomRequest(actor: Actor, classId: number, enrolmentId: number, withEnrolmentId: number | null) {
      await database.transaction(async (trx) => {
        await classes.requireWritable(trx, classId, 'roster');
        await core.requireTrainee(trx, classId, enrolmentId);
        if (withEnrolmentId !== null) {
          if (withEnrolmentId === enrolmentId) throw invalid('room.request_self', 'withEnrolmentId');
          await core.requireTrainee(trx, classId, withEnrolmentId, 'withEnrolmentId');
        }
        await store.deleteRequest(trx, enrolmentId);
        if (withEnrolmentId !== null)
          await store.insertRequest(trx, { class_id: classId, enrolment_id: enrolmentId, with_enrolment_id: withEnrolmentId, created_at: nowIso() });
        await audit.record(trx, actor, { action: 'room.request', entity: 'enrolment', entityId: enrolmentId, classId, after: { withEnrolmentId } });
      });
    },

    /**
     * Assigns every trainee without a room: requested pairs first (both into one room), then the
     * rest by gender, group and work unit, each into the room that already holds their group or
     * unit, else an empty room. Rooms never mix genders; beds taken by other classes stay taken.
     */
    async autoAssign(actor: Actor, classId: number, options: { preview?: boolean } = {}): Promise<AutoAssignResult> {
      // A preview runs the very same assignment and rolls it back, so what it shows is what applying does.
      const run = database.transaction(async (trx) => {
        const cls = await classes.requireWritable(trx, classId, 'roster');
        const [rooms, trainees, assigned, requests] = await Promise.all([
          store.listRooms(trx, cls.institution_id),
          core.traineesOf(trx, classId),
          store.listAssignments(trx, classId),
          store.listRequests(trx, classId),
        ]);
        const placed = new Set(assigned.map((a) => a.enrolment_id));
        const waiting = trainees.filter((t) => !placed.has(t.id));
        const byId = new Map(trainees.map((t) => [t.id, t]));
        const units: Trainee[][] = [];
        const inUnit = new Set<number>();
        for (const r of requests) {
          const a = byId.get(r.enrolment_id);
          const b = byId.get(r.with_enrolment_id);
          if (!a || !b || inUnit.has(a.id) || inUnit.has(b.id) || placed.has(a.id) || placed.has(b.id) || a.gender !== b.gender) continue;
          units.push([a, b]);
          inUnit.add(a.id).add(b.id);
        }
        const key = (t: Trainee) => `${t.gender ?? 'z'}|${String(t.group_sort ?? 999999).padStart(7, '0')}|${t.work_unit ?? ''}`;
        for (const t of waiting.filter((x) => !inUnit.has(x.id)).sort((a, b) => key(a).localeCompare(key(b)))) units.push([t]);

        const unplaced: AutoAssignResult['unplaced'] = [];
        const placedNow: AutoAssignResult['placed'] = [];
        for (const unit of units) {
          const first = unit[0];
          const stay = await defaultStay(trx, cls, first.id);
          let best: { room: Row<'hotel_rooms'>; score: number } | null = null;
          for (const room of rooms) {
            if (room.gender && first.gender && room.gender !== first.gender) continue;
            const { free, others } = await fitOf(trx, room, stay.from, stay.to);
            if (free < unit.length) continue;
            if (others.some((o) => o.gender && first.gender && o.gender !== first.gender)) continue;
            const mates = others.filter((o) => o.class_id === classId).map((o) => byId.get(o.enrolment_id));
            if (others.some((o) => o.class_id !== classId)) continue;
            // Same group beats same unit beats an empty room beats strangers (when nothing else is left).
            const score = mates.length
              ? (mates.some((m) => m?.group_id === first.group_id) ? 4 : 0) + (mates.some((m) => m?.work_unit && m.work_unit === first.work_unit) ? 2 : 0) ||
                0.5
              : 1;
            if (!best || score > best.score) best = { room, score };
          }
          if (!best) {
            unplaced.push(...unit.map((t) => ({ enrolmentId: t.id, name: t.name })));
            continue;
          }
          for (const t of unit)
            placedNow.push({ enrolmentId: t.id, name: t.name, ...(await assignIn(trx, actor, classId, { enrolmentId: t.id, roomId: best.room.id }, t)) });
        }
        const result = { assigned: placedNow.length, placed: placedNow, unplaced, preview: !!options.preview };
        if (options.preview) throw new PreviewDone(result);
        return result;
      });
      return run.catch((e) => {
        if (e instanceof PreviewDone) return e.result;
        throw e;
      });
    },
  };
}
