import type { Generated } from 'kysely';
import type { OutsideTrainingStatus } from '../../../contracts/outside-training';

// Tables of the outside-training module (培训经历认定, #19).
declare module '../../db/schema' {
  interface DB {
    outside_trainings: {
      id: Generated<number>;
      person_id: number;
      institution_id: number;
      organiser: string;
      title: string;
      starts_on: string;
      ends_on: string;
      hours: number;
      note: string | null;
      status: OutsideTrainingStatus;
      certificate_key: string | null;
      certificate_name: string | null;
      certificate_type: string | null;
      certificate_bytes: number | null;
      submitted_by: 'trainee' | 'staff';
      created_by: number | null;
      review_comment: string | null;
      reviewed_by: number | null;
      reviewed_at: string | null;
      created_at: string;
      updated_at: string;
    };
  }
}
