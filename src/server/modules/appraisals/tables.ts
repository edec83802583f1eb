import type { Generated } from 'kysely';

// Tables of the appraisals module (结业鉴定, #19).
declare module '../../db/schema' {
  interface DB {
    appraisals: {
      id: Generated<number>;
      class_id: number;
      enrolment_id: number;
      self_text: string | null;
      group_text: string | null;
      group_by: string | null;
      teacher_text: string | null;
      signed_off_at: string | null;
      signed_off_by: number | null;
      unlock_reason: string | null;
      created_at: string;
      updated_at: string;
    };
  }
}
