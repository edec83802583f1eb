// Tables of the hours module (README.md): a derived rollup, never authoritative — rebuilt from
// attendance, sessions and enrolments before it is read, the classes to rebuild marked by triggers.
declare module '../../db/schema' {
  interface DB {
    /** What a person earned in a class in one local year (present or late, not pending review). */
    hours_by_enrolment: { class_id: number; person_id: number; year: number; hours: number };
    /** Classes whose rollup rows may be out of date (written by the triggers of migration 2026-12-03T1000). */
    hours_stale: { class_id: number };
    /**
     * Per institution, person and year they are a trainee of: the year's hours (attended in the
     * institution's classes + recognised outside training), the recognised part, and the person's
     * name — the report's order (migration 2026-12-03T1400); the five years up to the year and the
     * year's classes as "classId:hours,…" (migration 2026-12-04T0900, see summary.ts).
     */
    hours_by_person_year: {
      person_id: number;
      institution_id: number;
      year: number;
      name: string;
      hours: number;
      recognised_hours: number;
      five_year_hours: number;
      classes: string;
    };
    /** People whose summary rows may be out of date beyond their classes' (an enrolment deleted, outside training, a rename). */
    hours_stale_people: { person_id: number };
    /**
     * Per institution, each work unit its people name and how many they are (0 once nobody is in
     * it), for the report's unit suggestions; counted again by triggers on people (migration 2026-12-07T1000).
     */
    work_units: { institution_id: number; work_unit: string; people: number };
  }
}

export {};
