import { z } from 'zod';
import { Id, isoDate, isoDateTime, optionalText, requiredText, timeOfDay } from './common';
import { DietaryNeedsBody } from './dietary';
import { Gender } from './roster';

// The residential class (#18): rooms, meals, arrivals and departures (接送站), service providers.

export const MealKind = z.enum(['breakfast', 'lunch', 'dinner']);
export type MealKind = z.infer<typeof MealKind>;
export const Direction = z.enum(['arrival', 'departure']);
export type Direction = z.infer<typeof Direction>;
export const TravelMode = z.enum(['flight', 'train', 'car', 'other']);
export type TravelMode = z.infer<typeof TravelMode>;
/** Default serving times of each meal, wall clock in the class's time zone. */
export const MEAL_TIMES: Record<MealKind, string> = { breakfast: '07:30', lunch: '12:00', dinner: '18:00' };

// ---------------------------------------------------------------------------------------------
// Rooms

export const HotelRoomBody = z.object({
  hotel: requiredText(100),
  building: requiredText(50),
  number: requiredText(20),
  beds: z.number().int('beds.invalid').min(1, 'beds.invalid').max(8, 'beds.invalid'),
  gender: Gender.nullable().optional(),
});
export const HotelRoom = z.object({
  id: z.number(),
  hotel: z.string(),
  building: z.string(),
  number: z.string(),
  beds: z.number(),
  gender: Gender.nullable(),
});
export type HotelRoom = z.infer<typeof HotelRoom>;

export const AssignRoomBody = z.object({
  enrolmentId: Id,
  roomId: Id,
  bed: z.number().int().min(1).max(8).optional(),
  checkInOn: isoDate.optional(),
  checkOutOn: isoDate.optional(),
});
export const RoomRequestBody = z.object({ enrolmentId: Id, withEnrolmentId: Id.nullable() });

/** One trainee of the rooming list; never an ID number. */
export const RoomingEntry = z.object({
  enrolmentId: z.number(),
  name: z.string(),
  nameBo: z.string().nullable(),
  gender: Gender.nullable(),
  groupName: z.string().nullable(),
  workUnit: z.string().nullable(),
  roomId: z.number().nullable(),
  bed: z.number().nullable(),
  checkInOn: z.string().nullable(),
  checkOutOn: z.string().nullable(),
  /** Whom the trainee asked to share with, by name. */
  requestWith: z.object({ enrolmentId: z.number(), name: z.string() }).nullable(),
  dietary: z.string().nullable(),
});
export type RoomingEntry = z.infer<typeof RoomingEntry>;
export const RoomingList = z.object({
  classId: z.number(),
  rooms: z.array(HotelRoom.extend({ occupants: z.array(z.number()) })),
  trainees: z.array(RoomingEntry),
});
export type RoomingList = z.infer<typeof RoomingList>;
/** A list of rooms pasted or imported at once (all or none). */
export const HotelRoomsImportBody = z.object({ rooms: z.array(HotelRoomBody).min(1).max(500) });
export const AutoAssignBody = z.object({ preview: z.boolean().optional() }).optional();
export const AutoAssignResult = z.object({
  assigned: z.number(),
  /** Who went (or would go, in a preview) into which room and bed. */
  placed: z.array(z.object({ enrolmentId: z.number(), name: z.string(), roomId: z.number(), room: z.string(), bed: z.number() })),
  unplaced: z.array(z.object({ enrolmentId: z.number(), name: z.string() })),
  preview: z.boolean(),
});
export type AutoAssignResult = z.infer<typeof AutoAssignResult>;

// ---------------------------------------------------------------------------------------------
// Meals

export { DietaryNeedsBody } from './dietary';
export const DietaryNeeds = DietaryNeedsBody.extend({ allergies: z.string().nullable(), notes: z.string().nullable() });
export type DietaryNeeds = z.infer<typeof DietaryNeeds>;
export const DietaryEntry = z.object({
  enrolmentId: z.number(),
  name: z.string(),
  nameBo: z.string().nullable(),
  groupName: z.string().nullable(),
  needs: DietaryNeeds,
});

export const MealPlanBody = z.object({
  day: isoDate,
  meal: MealKind,
  servedAt: timeOfDay.optional(),
  place: optionalText(100),
  banquet: z.boolean().optional(),
  notes: optionalText(300),
});
export const MealPlan = z.object({
  id: z.number(),
  day: z.string(),
  meal: MealKind,
  servedAt: z.string(),
  place: z.string().nullable(),
  banquet: z.boolean(),
  notes: z.string().nullable(),
});
export type MealPlan = z.infer<typeof MealPlan>;

export const MealCount = MealPlan.extend({
  total: z.number(),
  halal: z.number(),
  vegetarian: z.number(),
  noPork: z.number(),
  noBeefMutton: z.number(),
  /** Named, for the kitchen: allergies and free-text needs of those eating. */
  special: z.array(z.object({ name: z.string(), needs: z.string() })),
  /** Enrolled but not eating, and why: not yet arrived, departed, or on approved leave. */
  away: z.array(z.object({ name: z.string(), reason: z.enum(['not_arrived', 'departed', 'leave']) })),
});
export type MealCount = z.infer<typeof MealCount>;
export const MealCountQuery = z.object({ day: isoDate.optional() });
/** Plans the chosen meals of every day from `from` to `to` that has none yet. */
export const FillMealsBody = z.object({ from: isoDate, to: isoDate, meals: z.array(MealKind).min(1).max(3), place: optionalText(100) });

// ---------------------------------------------------------------------------------------------
// Travel (接送站)

export const TravelLegBody = z.object({
  direction: Direction,
  mode: TravelMode,
  number: optionalText(20),
  place: requiredText(100),
  at: isoDateTime,
  companions: optionalText(200),
});
export const TravelLeg = z.object({
  id: z.number(),
  enrolmentId: z.number(),
  direction: Direction,
  mode: TravelMode,
  number: z.string().nullable(),
  place: z.string(),
  at: z.string(),
  companions: z.string().nullable(),
  pickupPlanId: z.number().nullable(),
  confirmedAt: z.string().nullable(),
});
export type TravelLeg = z.infer<typeof TravelLeg>;
export const TravelEntry = z.object({
  enrolmentId: z.number(),
  name: z.string(),
  nameBo: z.string().nullable(),
  groupName: z.string().nullable(),
  phone: z.string().nullable(),
  arrival: TravelLeg.nullable(),
  departure: TravelLeg.nullable(),
});
export type TravelEntry = z.infer<typeof TravelEntry>;

export const PickupPlanBody = z.object({
  direction: Direction,
  place: requiredText(100),
  windowStartsAt: isoDateTime,
  windowEndsAt: isoDateTime,
  vehicle: optionalText(100),
  staffName: optionalText(50),
  staffPhone: optionalText(30),
});
export const PickupPlan = z.object({
  id: z.number(),
  direction: Direction,
  place: z.string(),
  windowStartsAt: z.string(),
  windowEndsAt: z.string(),
  vehicle: z.string().nullable(),
  staffName: z.string().nullable(),
  staffPhone: z.string().nullable(),
  legIds: z.array(z.number()),
});
export type PickupPlan = z.infer<typeof PickupPlan>;
/** Groups the class's unplanned legs into plans: same place, arrivals within the window. */
export const PlanPickupsBody = z.object({ direction: Direction, windowMinutes: z.number().int().min(15).max(480) });

export const TravelOverview = z.object({
  deadlineOn: z.string().nullable(),
  entries: z.array(TravelEntry),
  plans: z.array(PickupPlan),
  /** Enrolled trainees who have not entered their arrival (the class teacher's reminder list). */
  missing: z.array(z.object({ enrolmentId: z.number(), name: z.string(), phone: z.string().nullable() })),
});
export type TravelOverview = z.infer<typeof TravelOverview>;
export const TravelDeadlineBody = z.object({ deadlineOn: isoDate.nullable() });

/** Who meets the trainee (or takes them to the station): shown on the phone once planned. */
const MyPickup = z
  .object({
    place: z.string(),
    windowStartsAt: z.string(),
    vehicle: z.string().nullable(),
    staffName: z.string().nullable(),
    staffPhone: z.string().nullable(),
  })
  .nullable();
/** The trainee's own travel on the phone. */
export const MyTravel = z.object({
  deadlineOn: z.string().nullable(),
  /** Whether the deadline has passed (in the class's time zone): the phone then only shows. */
  closed: z.boolean(),
  timeZone: z.string(),
  arrival: TravelLeg.nullable(),
  departure: TravelLeg.nullable(),
  arrivalPickup: MyPickup,
  departurePickup: MyPickup,
});
export type MyTravel = z.infer<typeof MyTravel>;

// ---------------------------------------------------------------------------------------------
// Service providers

export const ProviderClass = z.object({
  classId: z.number(),
  title: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
  role: z.enum(['hotel', 'transport']),
});
export const ProviderClasses = z.array(ProviderClass);
