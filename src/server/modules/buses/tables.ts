import type { Generated } from 'kysely';

// Tables of the buses module, declared here so that nobody edits db/schema.ts concurrently.
export type VehicleLeg = 'outbound' | 'return';

declare module '../../db/schema' {
  interface DB {
    vehicles: {
      id: Generated<number>;
      class_id: number;
      session_id: number;
      leg: VehicleLeg;
      label: string;
      plate: string;
      seats: number;
      company: string | null;
      driver_name: string | null;
      driver_phone: string | null;
      departs_at: string | null;
      created_at: string;
      updated_at: string;
    };
    vehicle_passengers: {
      id: Generated<number>;
      vehicle_id: number;
      session_id: number;
      leg: VehicleLeg;
      enrolment_id: number | null;
      staff_user_id: number | null;
      boarded_at: string | null;
      boarded_by: number | null;
      created_at: string;
    };
  }
}
