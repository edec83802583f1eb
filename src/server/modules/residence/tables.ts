import type { Generated } from 'kysely';

export type Gender = 'male' | 'female';
export type MealKind = 'breakfast' | 'lunch' | 'dinner';
export type Direction = 'arrival' | 'departure';
export type TravelMode = 'flight' | 'train' | 'car' | 'other';

// The residence module's tables (#18); see the migration 2026-12-02T1800-residence.ts.
declare module '../../db/schema' {
  interface DB {
    hotel_rooms: {
      id: Generated<number>;
      institution_id: number;
      hotel: string;
      building: string;
      number: string;
      beds: number;
      gender: Gender | null;
      created_at: string;
    };
    room_assignments: {
      id: Generated<number>;
      class_id: number;
      enrolment_id: number;
      room_id: number;
      bed: number;
      /** Local dates in the class's time zone; the night of check_out_on is not included. */
      check_in_on: string;
      check_out_on: string;
      created_at: string;
      updated_at: string;
    };
    room_requests: { id: Generated<number>; class_id: number; enrolment_id: number; with_enrolment_id: number; created_at: string };
    dietary_needs: {
      id: Generated<number>;
      person_id: number;
      halal: number;
      vegetarian: number;
      no_pork: number;
      no_beef_mutton: number;
      allergies: string | null;
      notes: string | null;
      updated_at: string;
    };
    meal_plans: {
      id: Generated<number>;
      class_id: number;
      day: string;
      meal: MealKind;
      served_at: string;
      place: string | null;
      banquet: number;
      notes: string | null;
      created_at: string;
    };
    pickup_plans: {
      id: Generated<number>;
      class_id: number;
      direction: Direction;
      place: string;
      window_starts_at: string;
      window_ends_at: string;
      vehicle: string | null;
      staff_name: string | null;
      staff_phone: string | null;
      created_at: string;
    };
    travel_legs: {
      id: Generated<number>;
      class_id: number;
      enrolment_id: number;
      direction: Direction;
      mode: TravelMode;
      number: string | null;
      place: string;
      at: string;
      companions: string | null;
      pickup_plan_id: number | null;
      confirmed_at: string | null;
      updated_at: string;
    };
    travel_settings: { class_id: number; deadline_on: string | null };
  }
}
