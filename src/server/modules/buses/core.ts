import type { Database, Executor } from '../../db/connection';
import type { Row } from '../../db/schema';
import { AppError, notFound } from '../../lib/errors';
import type { AttendanceService } from '../attendance/service';
import type { AuditService } from '../audit/service';
import type { ClassService } from '../classes/service';
import type { RosterService } from '../roster/service';
import type { TimetableService } from '../timetable/service';
import type { BusStore } from './store';
import type { VehicleLeg } from './tables';

// What the buses use cases share: dependencies, the session's context and the views of vehicles
// and passengers (names and groups from the roster, staff from the class's staff list).
export type BusDeps = {
  database: Database;
  store: BusStore;
  audit: Pick<AuditService, 'record' | 'recordEach'>;
  classes: Pick<ClassService, 'requireClass' | 'listStaff'>;
  roster: Pick<RosterService, 'rosterIn'>;
  timetable: Pick<TimetableService, 'getSession' | 'sessionsIn'>;
  attendance: Pick<AttendanceService, 'enrolmentOfBadge'>;
};

export const LEGS: VehicleLeg[] = ['outbound', 'return'];
type RosterRow = Awaited<ReturnType<RosterService['rosterIn']>>[number];

export const makeBusCore = (deps: BusDeps) => {
  const { store, classes, roster, timetable } = deps;

  /** The site visit, its class and the people who may ride: trainees expected there and the class's staff. */
  async function sessionContext(trx: Executor, sessionId: number) {
    const session = await timetable.getSession(sessionId, trx);
    const cls = await classes.requireClass(trx, session.classId);
    const [rows, staff] = await Promise.all([roster.rosterIn(trx, session.classId), classes.listStaff(session.classId, trx)]);
    const groupIds = session.groups.map((g) => g.id);
    const expected = rows.filter((r) => r.status === 'enrolled' && (groupIds.length === 0 || (r.group_id !== null && groupIds.includes(r.group_id))));
    const staffById = new Map<number, string>();
    for (const s of staff) staffById.set(s.userId, s.displayName);
    return { session, cls, rows, byEnrolment: new Map(rows.map((r) => [r.id, r])), expected, staffById };
  }
  type Ctx = Awaited<ReturnType<typeof sessionContext>>;

  function requireSiteVisit(ctx: Ctx) {
    if (ctx.session.kind !== 'site_visit') throw new AppError('vehicle.not_site_visit', 409, { title: ctx.session.title });
  }
  /** Vehicles change until the class completes; afterwards the manifests are the record. */
  function requireOpen(ctx: Ctx) {
    if (ctx.cls.status === 'completed' || ctx.cls.status === 'archived') throw new AppError('vehicle.class_locked', 409, { status: ctx.cls.status });
  }
  async function requireVehicle(trx: Executor, sessionId: number, vehicleId: number) {
    const v = await store.findVehicle(trx, vehicleId);
    if (!v || v.session_id !== sessionId) throw notFound('vehicle', vehicleId);
    return v;
  }

  const traineeView = (r: RosterRow) => ({
    kind: 'trainee' as const,
    enrolmentId: r.id,
    staffUserId: null,
    name: r.name,
    nameBo: r.name_bo,
    groupId: r.group_id,
    groupName: r.group_name,
    groupLeader: r.role === 'group_leader',
    workUnit: r.work_unit,
  });
  function passengerView(ctx: Pick<Ctx, 'byEnrolment' | 'staffById'>, p: Row<'vehicle_passengers'>) {
    const r = p.enrolment_id !== null ? ctx.byEnrolment.get(p.enrolment_id) : undefined;
    const base = r
      ? traineeView(r)
      : {
          kind: 'staff' as const,
          enrolmentId: null,
          staffUserId: p.staff_user_id,
          name: ctx.staffById.get(p.staff_user_id ?? 0) ?? '—',
          nameBo: null,
          groupId: null,
          groupName: null,
          groupLeader: false,
          workUnit: null,
        };
    return { id: p.id, ...base, boardedAt: p.boarded_at };
  }
  // Staff ride first, then the trainees group by group, leaders first.
  const seatOrder = (a: ReturnType<typeof passengerView>, b: ReturnType<typeof passengerView>, groupSort: Map<number, number>) =>
    (a.kind === 'staff' ? -1 : (groupSort.get(a.groupId ?? -1) ?? 1e6)) - (b.kind === 'staff' ? -1 : (groupSort.get(b.groupId ?? -1) ?? 1e6)) ||
    Number(b.groupLeader) - Number(a.groupLeader) ||
    a.id - b.id;

  function vehicleView(ctx: Ctx, v: Row<'vehicles'>, passengers: Array<Row<'vehicle_passengers'>>) {
    const groupSort = new Map(ctx.rows.map((r) => [r.group_id ?? -1, r.group_sort ?? 1e6]));
    const list = passengers
      .filter((p) => p.vehicle_id === v.id)
      .map((p) => passengerView(ctx, p))
      .sort((a, b) => seatOrder(a, b, groupSort));
    return {
      id: v.id,
      sessionId: v.session_id,
      leg: v.leg,
      label: v.label,
      plate: v.plate,
      seats: v.seats,
      company: v.company,
      driverName: v.driver_name,
      driverPhone: v.driver_phone,
      departsAt: v.departs_at,
      passengers: list,
      boardedCount: list.filter((p) => p.boardedAt).length,
    };
  }

  async function transport(trx: Executor, sessionId: number) {
    const ctx = await sessionContext(trx, sessionId);
    const [vehicles, passengers] = await Promise.all([store.vehiclesOfSession(trx, sessionId), store.passengersOfSession(trx, sessionId)]);
    const seated = (leg: VehicleLeg) => new Set(passengers.filter((p) => p.leg === leg && p.enrolment_id !== null).map((p) => p.enrolment_id));
    const unassigned = (leg: VehicleLeg) => {
      const s = seated(leg);
      return ctx.expected.filter((r) => !s.has(r.id)).map(traineeView);
    };
    return {
      session: {
        id: ctx.session.id,
        classId: ctx.session.classId,
        title: ctx.session.title,
        kind: ctx.session.kind,
        startsAt: ctx.session.startsAt,
        endsAt: ctx.session.endsAt,
        site: ctx.session.site?.name ?? null,
      },
      timeZone: ctx.cls.time_zone,
      vehicles: vehicles.map((v) => vehicleView(ctx, v, passengers)),
      unassigned: { outbound: unassigned('outbound'), return: unassigned('return') },
    };
  }

  return { sessionContext, requireSiteVisit, requireOpen, requireVehicle, transport };
};
export type BusCore = ReturnType<typeof makeBusCore>;
export type BusContext = Awaited<ReturnType<BusCore['sessionContext']>>;
