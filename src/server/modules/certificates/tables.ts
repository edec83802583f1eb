import type { Generated } from 'kysely';

// Tables of the certificates module, declared here so that nobody edits db/schema.ts concurrently.
export type CertificateStatus = 'valid' | 'revoked' | 'replaced';
export type JobKind = 'issue' | 'bundle';
export type JobFormat = 'zip' | 'pdf';
export type JobStatus = 'queued' | 'running' | 'done' | 'failed';

declare module '../../db/schema' {
  interface DB {
    certificates: {
      id: Generated<number>;
      institution_id: number;
      class_id: number;
      enrolment_id: number;
      person_id: number;
      serial: string;
      token: string;
      credential_id: string;
      status: CertificateStatus;
      name: string;
      name_bo: string | null;
      class_title: string;
      starts_on: string;
      ends_on: string;
      hours: number;
      issuer_name: string;
      issued_on: string;
      issued_at: string;
      issued_by: number | null;
      revoked_at: string | null;
      revoked_by: number | null;
      revoke_reason: string | null;
      replaces_id: number | null;
      replaced_by_id: number | null;
      key_kid: string;
      credential_jwt: string;
      // The facts it was issued on (#10); null on certificates issued before they were kept.
      attended_hours: number | null;
      time_zone: string | null;
      subject_id: string | null;
      status_list: number | null;
      status_index: number | null;
      /** The text as printed (null: rendered with the built-in wording of the time). */
      body_text: string | null;
      body_text_bo: string | null;
      awarded_at: string | null;
      // The class teacher's last decision to keep it after the record changed.
      kept_attended_hours: number | null;
      kept_class_hours: number | null;
      kept_eligible: number | null;
      kept_at: string | null;
      kept_by: number | null;
      kept_reason: string | null;
    };
    status_lists: { institution_id: number; list_no: number; used: number; created_at: string };
    certificate_settings: {
      institution_id: number;
      body_template: string;
      hours_full_template: string;
      hours_partial_template: string;
      tibetan_line: string | null;
      updated_at: string;
      updated_by: number | null;
    };
    certificate_class_options: {
      class_id: number;
      bilingual: Generated<number>;
      early_issue_reason: string | null;
      early_issue_by: number | null;
      early_issue_at: string | null;
      updated_at: string;
    };
    serial_counters: { institution_id: number; prefix: string; last_seq: number };
    certificate_jobs: {
      id: Generated<number>;
      class_id: number;
      kind: JobKind;
      format: JobFormat;
      status: JobStatus;
      total: Generated<number>;
      done: Generated<number>;
      issued: Generated<number>;
      storage_key: string | null;
      size_bytes: number | null;
      error: string | null;
      created_by: number | null;
      created_at: string;
      started_at: string | null;
      heartbeat_at: string | null;
      finished_at: string | null;
    };
    verification_hits: { bucket: string; window_start: string; hits: number };
  }
}
