import type { Generated } from 'kysely';
import type { PlanProgress } from '../../../contracts/followup';

// Tables of the follow-up module (行动计划 and the follow-up months later, #19).
declare module '../../db/schema' {
  interface DB {
    action_plan_items: {
      id: Generated<number>;
      class_id: number;
      enrolment_id: number;
      text: string;
      due_on: string | null;
      measure: string | null;
      sort_order: number;
      /** What the trainee reported at the follow-up; null until then. */
      progress: PlanProgress | null;
      /** The class teacher's or organizer's comment (点评), seen by the trainee too. */
      staff_comment: string | null;
      staff_comment_at: string | null;
      staff_comment_by: number | null;
      created_at: string;
      updated_at: string;
    };
    followup_settings: { class_id: number; months: number; window_days: number; updated_at: string; updated_by: number | null };
    /** Written by the scheduler when the follow-up opens: its existence is "sent". */
    followup_surveys: { class_id: number; due_on: string; opened_at: string; closes_at: string };
    followup_supervisors: {
      enrolment_id: number;
      class_id: number;
      name: string;
      contact: string;
      /** Part of what the link signs: a new supervisor gets a new nonce, so the old link stops working. */
      nonce: string;
      updated_at: string;
      updated_by: number | null;
    };
    followup_responses: { id: Generated<number>; class_id: number; enrolment_id: number; respondent: 'trainee' | 'supervisor'; submitted_at: string };
    followup_answers: { response_id: number; question_id: string; rating: number | null; option_id: string | null; text: string | null };
  }
}
