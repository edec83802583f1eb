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
