import type { Generated } from 'kysely';

// Tables of the evaluations module, declared here so that nobody edits db/schema.ts concurrently.
declare module '../../db/schema' {
  interface DB {
    evaluation_templates: {
      id: Generated<number>;
      institution_id: number;
      name: string;
      description: string | null;
      /** A session kind or 'class': the template this institution uses by default there. */
      default_for: string | null;
      /** Set on the templates seeded from the built-in defaults, so they are seeded once. */
      builtin_key: string | null;
      questions_json: string;
      revision: Generated<number>;
      archived: Generated<number>;
      created_at: string;
      updated_at: string;
    };
    evaluation_class_settings: {
      class_id: number;
      close_after_hours: number;
      open_before_end_minutes: number;
      min_group_size: number;
      updated_at: string;
    };
    evaluation_questionnaires: {
      id: Generated<number>;
      class_id: number;
      session_id: number | null;
      scope_key: string;
      template_id: number | null;
      enabled: number;
      anonymous: Generated<number>;
      questions_json: string | null;
      opens_at: string | null;
      closes_at: string | null;
      link_token: string;
      created_at: string;
      updated_at: string;
    };
    evaluation_responses: { id: string; questionnaire_id: number; group_id: number | null; enrolment_id: number | null };
    evaluation_answers: {
      response_id: string;
      questionnaire_id: number;
      question_id: string;
      rating: number | null;
      option_id: string | null;
      text: string | null;
    };
    evaluation_respondents: { questionnaire_id: number; enrolment_id: number; answered_at: string; response_ref: string | null };
  }
}
