import type { Generated } from 'kysely';

// Tables of the completion module, declared here so that nobody edits db/schema.ts concurrently.
export type ExceptionDecision = 'eligible' | 'not_eligible';

declare module '../../db/schema' {
  interface DB {
    completion_rules: {
      class_id: number;
      serial_pattern: string;
      require_evaluations: number;
      require_reflections: number;
      issuer_name: string | null;
      updated_at: string;
      updated_by: number | null;
    };
    completion_exceptions: {
      id: Generated<number>;
      class_id: number;
      enrolment_id: number;
      decision: ExceptionDecision;
      reason: string;
      decided_by: number | null;
      decided_at: string;
    };
  }
}
