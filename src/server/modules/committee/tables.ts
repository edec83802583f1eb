// Tables of the committee module, declared here so that nobody edits db/schema.ts concurrently.
export const COMMITTEE_ROLES = ['monitor', 'deputy_monitor', 'study', 'life', 'organization', 'culture_sports'] as const;
export type CommitteeRole = (typeof COMMITTEE_ROLES)[number];

declare module '../../db/schema' {
  interface DB {
    committee_roles: { class_id: number; role: CommitteeRole; enrolment_id: number; assigned_by: number | null; assigned_at: string };
  }
}
