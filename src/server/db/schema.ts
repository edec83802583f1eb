import type { ColumnType, Generated } from 'kysely';

// Database types, one place. Instants are ISO-8601 UTC strings ("2020-10-20T05:30:00.000Z") on both
// databases so that ordering and comparison are plain string operations; dates are "YYYY-MM-DD" in
// the class's time zone; booleans are 0/1 integers.
type Id = Generated<number>;
type Bool = number;

export interface DB {
  institutions: {
    id: Id;
    name: string;
    short_name: string | null;
    code: string;
    created_at: string;
    /** The certificate serial pattern a class's completion rule starts from; null: the built-in default. */
    serial_pattern: ColumnType<string | null, string | null | undefined, string | null>;
    /** hardening (#14): whether the institution's sponsors (read-only) see trainees' phone numbers. */
    sponsors_see_phones: Generated<Bool>;
  };
  users: {
    id: Id;
    username: string;
    display_name: string;
    password_hash: string | null;
    is_admin: Bool;
    person_id: number | null;
    locale: string;
    disabled: Bool;
    created_at: string;
    /** 'trainee': a person's password-less device account, found by person_id, never by username. */
    kind: ColumnType<'staff' | 'trainee', 'staff' | 'trainee' | undefined, 'staff' | 'trainee'>;
    /** The institution whose 教务 office manages the account (null: administrators, external accounts). */
    institution_id: ColumnType<number | null, number | null | undefined, number | null>;
    /** A one-time password was set: every route but sign-out, /auth/me and the password change answers 403 until changed. */
    must_change_password: ColumnType<Bool, Bool | undefined, Bool>;
    password_changed_at: ColumnType<string | null, string | null | undefined, string | null>;
    last_sign_in_at: ColumnType<string | null, string | null | undefined, string | null>;
  };
  role_grants: {
    id: Id;
    user_id: number;
    role: 'organizer' | 'class_teacher' | 'lecturer' | 'sponsor' | 'hotel' | 'transport';
    scope_type: 'institution' | 'programme' | 'class';
    scope_id: number;
    created_at: string;
  };
  auth_sessions: {
    id: Id;
    token_hash: string;
    user_id: number;
    csrf_token: string;
    created_at: string;
    expires_at: string;
    last_seen_at: string;
    user_agent: string | null;
    ip: ColumnType<string | null, string | null | undefined, string | null>;
  };
  /** Sign-in attempts per account name and client address in the current window (see auth/service.ts). */
  login_throttle: { id: Id; username: string; ip: string; window_started_at: string; attempts: number };
  audit_log: {
    id: Id;
    at: string;
    actor_user_id: number | null;
    action: string;
    entity: string;
    entity_id: number | null;
    class_id: number | null;
    before_json: string | null;
    after_json: string | null;
    request_id: string | null;
  };
  programmes: {
    id: Id;
    institution_id: number;
    name: string;
    sponsor_name: string | null;
    description: string | null;
    start_year: number | null;
    end_year: number | null;
    created_at: string;
  };
  classes: {
    id: Id;
    programme_id: number;
    title: string;
    short_title: string | null;
    code: string | null;
    starts_on: string;
    ends_on: string;
    time_zone: string;
    place: string | null;
    organizer_name: string | null;
    sponsor_name: string | null;
    description: string | null;
    status: 'planning' | 'enrolling' | 'running' | 'completed' | 'archived';
    leave_limit_ratio: number;
    min_attendance_ratio: number;
    late_grace_minutes: number;
    /** How long after its code's window an offline check-in may still be uploaded (#15). */
    offline_window_minutes?: number;
    /** Lunch break, wall-clock "HH:mm" in the class's time zone. */
    lunch_starts: string;
    lunch_ends: string;
    created_at: string;
    updated_at: string;
  };
  class_staff: { id: Id; class_id: number; user_id: number; role: 'project_lead' | 'class_teacher'; created_at: string };
  groups: { id: Id; class_id: number; name: string; sort_order: number; created_at: string };
  people: {
    id: Id;
    institution_id: number;
    name: string;
    name_bo: string | null;
    name_latin: string | null;
    gender: 'male' | 'female' | null;
    ethnicity: string | null;
    work_unit: string | null;
    position: string | null;
    rank: string | null;
    phone: string | null;
    /** A landline (area-local, 0894-5821234) or a second mobile. */
    office_phone: string | null;
    /** resident_id | hk_macao_permit | taiwan_permit | passport; null when no number is on record. */
    id_type: string | null;
    id_number_enc: string | null;
    id_number_hash: string | null;
    id_number_masked: string | null;
    is_sample: Bool;
    notes: string | null;
    created_at: string;
    updated_at: string;
  };
  enrolments: {
    id: Id;
    class_id: number;
    person_id: number;
    group_id: number | null;
    role: 'member' | 'group_leader';
    status: 'enrolled' | 'withdrawn';
    withdrawn_reason: string | null;
    created_at: string;
    updated_at: string;
  };
  sites: {
    id: Id;
    institution_id: number;
    name: string;
    short_name: string | null;
    address: string | null;
    description: string | null;
    host: string | null;
    contact_name: string | null;
    contact_phone: string | null;
    created_at: string;
    // Planning (#9): the district or area, and the journey from the college in minutes.
    district: string | null;
    travel_minutes: number | null;
  };
  lecturers: {
    id: Id;
    institution_id: number;
    name: string;
    title: string | null;
    organisation: string | null;
    expertise: string | null;
    bio: string | null;
    phone: string | null;
    user_id: number | null;
    created_at: string;
  };
  sessions: {
    id: Id;
    class_id: number;
    kind: 'opening' | 'lecture' | 'site_visit' | 'discussion' | 'ceremony' | 'other';
    title: string;
    starts_at: string;
    ends_at: string;
    /** The session's calendar day in its class's time zone (YYYY-MM-DD), written with starts_at. */
    local_date: string;
    site_id: number | null;
    venue: string | null;
    hours: number;
    description: string | null;
    notes: string | null;
    created_at: string;
    updated_at: string;
    revision: ColumnType<number, number | undefined, number>;
  };
  session_lecturers: { session_id: number; lecturer_id: number };
  session_groups: { session_id: number; group_id: number };
  agenda_items: {
    id: Id;
    session_id: number;
    position: number;
    kind: 'speech' | 'certificates' | 'leader_speech' | 'attendance' | 'other';
    title: string;
    speaker_name: string | null;
    speaker_role: string | null;
    enrolment_id: number | null;
    group_id: number | null;
    summary: string | null;
  };
}

import type { Insertable, Selectable, Updateable } from 'kysely';
export type Row<T extends keyof DB> = Selectable<DB[T]>;
export type NewRow<T extends keyof DB> = Insertable<DB[T]>;
export type Patch<T extends keyof DB> = Updateable<DB[T]>;
