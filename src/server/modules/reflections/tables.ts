import type { Generated } from 'kysely';
import type { ReflectionStatus } from '../../../contracts/reflections';

// Tables of the reflections module (心得体会, #19).
declare module '../../db/schema' {
  interface DB {
    reflections: {
      id: Generated<number>;
      class_id: number;
      enrolment_id: number;
      body_html: string;
      word_count: number;
      status: ReflectionStatus;
      consent_quote: number;
      attachment_key: string | null;
      attachment_name: string | null;
      attachment_type: string | null;
      attachment_bytes: number | null;
      review_comment: string | null;
      reviewed_by: number | null;
      reviewed_at: string | null;
      submitted_at: string | null;
      created_at: string;
      updated_at: string;
    };
    reflection_settings: { class_id: number; min_words: number; updated_at: string; updated_by: number | null };
  }
}
