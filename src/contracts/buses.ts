import { z } from 'zod';
import { Id, isoDateTime, optionalText, requiredText } from './common';

// Buses for site visits (#18): vehicles per session and leg, their passenger manifests and the
// boarding scans. No ID numbers anywhere: manifests go to the bus company.

export const VehicleLeg = z.enum(['outbound', 'return']);
export type VehicleLeg = z.infer<typeof VehicleLeg>;

export const VehicleBody = z.object({
  leg: VehicleLeg.default('outbound'),
  label: requiredText(40),
  plate: requiredText(20),
  seats: z.number().int('seats.integer').min(1, 'seats.range').max(100, 'seats.range'),
  company: optionalText(100),
  driverName: optionalText(40),
  driverPhone: optionalText(30),
  departsAt: isoDateTime.nullable().optional(),
});
export const UpdateVehicleBody = VehicleBody.omit({ leg: true }).partial();

export const Passenger = z.object({
  id: z.number(),
  kind: z.enum(['trainee', 'staff']),
  enrolmentId: z.number().nullable(),
  staffUserId: z.number().nullable(),
  name: z.string(),
  nameBo: z.string().nullable(),
  groupId: z.number().nullable(),
  groupName: z.string().nullable(),
  /** Trainees only: whether they lead their group (班长 and the other roles are the committee's). */
  groupLeader: z.boolean(),
  workUnit: z.string().nullable(),
  boardedAt: z.string().nullable(),
});
export type Passenger = z.infer<typeof Passenger>;

export const Vehicle = z.object({
  id: z.number(),
  sessionId: z.number(),
  leg: VehicleLeg,
  label: z.string(),
  plate: z.string(),
  seats: z.number(),
  company: z.string().nullable(),
  driverName: z.string().nullable(),
  driverPhone: z.string().nullable(),
  departsAt: z.string().nullable(),
  passengers: z.array(Passenger),
  boardedCount: z.number(),
});
export type Vehicle = z.infer<typeof Vehicle>;

/** A site visit's transport: every vehicle of both legs, and who is not on any bus yet. */
export const SessionTransport = z.object({
  session: z.object({
    id: z.number(),
    classId: z.number(),
    title: z.string(),
    kind: z.string(),
    startsAt: z.string(),
    endsAt: z.string(),
    site: z.string().nullable(),
  }),
  timeZone: z.string(),
  vehicles: z.array(Vehicle),
  /** Expected trainees with no seat, per leg. */
  unassigned: z.object({ outbound: z.array(Passenger.omit({ id: true, boardedAt: true })), return: z.array(Passenger.omit({ id: true, boardedAt: true })) }),
});
export type SessionTransport = z.infer<typeof SessionTransport>;

export const AssignBody = z.object({ leg: VehicleLeg.default('outbound') });
export const AssignResult = SessionTransport.extend({
  /** Groups that had to be split over more than one bus (none fitted whole). */
  splitGroups: z.array(z.string()),
});
export const MovePassengerBody = z.object({
  leg: VehicleLeg,
  enrolmentId: Id.optional(),
  staffUserId: Id.optional(),
  /** null takes the person off every bus of this leg. */
  vehicleId: Id.nullable(),
});

/** The site visits of a class with their buses, for the class's 车辆 tab and the scanner. */
export const ClassTransport = z.object({
  timeZone: z.string(),
  sessions: z.array(
    z.object({
      id: z.number(),
      title: z.string(),
      startsAt: z.string(),
      endsAt: z.string(),
      site: z.string().nullable(),
      vehicles: z.array(
        z.object({ id: z.number(), leg: VehicleLeg, label: z.string(), plate: z.string(), seats: z.number(), passengers: z.number(), boarded: z.number() }),
      ),
    }),
  ),
  staff: z.array(z.object({ userId: z.number(), displayName: z.string() })),
});

/** What the scanner keeps on the phone for boarding mode: every bus and who is on it. */
export const BoardingData = z.object({
  classId: z.number(),
  vehicles: z.array(
    z.object({
      id: z.number(),
      sessionId: z.number(),
      leg: VehicleLeg,
      label: z.string(),
      plate: z.string(),
      departsAt: z.string().nullable(),
      enrolmentIds: z.array(z.number()),
      /** Who the server knows has boarded already (scanned on any phone). */
      boardedIds: z.array(z.number()),
    }),
  ),
});

export const BoardingScan = z.object({
  clientId: z.string().min(8).max(64),
  vehicleId: Id,
  badge: z.string().min(1).max(200),
  scannedAt: isoDateTime,
});
export const BoardingScansBody = z.object({ scans: z.array(BoardingScan).min(1).max(500) });
export const BoardingOutcome = z.enum(['boarded', 'already', 'wrong_bus', 'not_on_manifest', 'unknown_badge', 'other_class']);
export const BoardingResults = z.object({
  results: z.array(
    z.object({
      clientId: z.string(),
      outcome: BoardingOutcome,
      name: z.string().nullable(),
      /** For a wrong bus: the label of the bus the person is on. */
      vehicleLabel: z.string().nullable(),
      message: z.string(),
    }),
  ),
});
