import type { Generated } from 'kysely';

// Tables of the attendance module (attendance, offline badge scans, leave, personal badges),
// declared here so that nobody edits db/schema.ts concurrently.
export type AttendanceStatus = 'present' | 'late' | 'leave' | 'absent';
/** roll_call: marked by a group leader on their phone (#18), a delegated manual mark. offline: a
 * trainee's scan queued on the phone and uploaded later (#15). */
export type AttendanceMethod = 'qr' | 'badge' | 'manual' | 'leave' | 'record' | 'roll_call' | 'offline';
/** An offline check-in that arrived late waits for the class teacher; a manual mark, a group
 * leader's roll call or approved leave over a pending one supersedes it. */
export type OfflineReview = 'pending' | 'accepted' | 'rejected' | 'superseded';
export type LeaveStatus = 'pending' | 'approved' | 'rejected' | 'cancelled';

declare module '../../db/schema' {
  interface DB {
    attendance: {
      id: Generated<number>;
      session_id: number;
      enrolment_id: number;
      status: AttendanceStatus;
      method: AttendanceMethod;
      checked_in_at: string | null;
      reason: string | null;
      leave_request_id: number | null;
      recorded_by: number | null;
      created_at: string;
      updated_at: string;
      /** When an offline check-in reached the server (null for the others). */
      synced_at: Generated<string | null>;
      review: Generated<OfflineReview | null>;
    };
    /** Each enrolment's records packed ("12pr,13la,…"), written by triggers on attendance (migration 2026-12-04T2000). */
    attendance_packed: {
      enrolment_id: number;
      packed: string;
    };
    badge_scans: {
      client_id: string;
      class_id: number;
      session_id: number;
      badge: string;
      scanned_at: string;
      outcome: string;
      attendance_id: number | null;
      recorded_by: number | null;
      received_at: string;
    };
    leave_requests: {
      id: Generated<number>;
      class_id: number;
      enrolment_id: number;
      starts_at: string | null;
      ends_at: string | null;
      reason: string;
      status: LeaveStatus;
      requested_at: string;
      requested_by: number | null;
      decided_at: string | null;
      decided_by: number | null;
      decision_comment: string | null;
    };
    leave_request_sessions: { leave_request_id: number; session_id: number };
    badges: { id: Generated<number>; enrolment_id: number; token: string; created_at: string };
  }
}
