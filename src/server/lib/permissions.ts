// Who may do what. Every route declares one action and the scope it applies to; one hook checks
// it before the request is parsed further. Roles are granted per institution (organizer), per
// programme (sponsor) or per class (class teacher, lecturer): a grant on one class gives nothing
// in another.

export const ACTIONS = [
  'public',
  'authenticated',
  'admin',
  'institution.read',
  'institution.manage',
  'programme.read',
  'programme.manage',
  'class.read',
  'class.manage',
  'class.run',
  'roster.read',
  'roster.write',
  'roster.reveal',
  'timetable.read',
  'timetable.write',
  'audit.read',
  // Attendance, leave, invitations and hours (issue #5).
  'attendance.read',
  'attendance.record',
  'leave.decide',
  'invitation.manage',
  'hours.report',
  /** Trainee pages (/api/v1/me/…): any actor who is a person in the records, i.e. a trainee's device session. */
  'self',
  /** Office-wide lists without a scope: every account except a trainee-only one. */
  'staff',
  // Evaluation (issue #6). read: every questionnaire's results in a class and lecturer ratings in
  // the pool; read_own: results of the sessions one taught (a lecturer; the service narrows it);
  // manage: templates (institution) and the class's questionnaires; remind: who has not answered.
  'evaluation.read',
  'evaluation.read_own',
  'evaluation.manage',
  'evaluation.remind',
  // Completion and certificates (issue #7). read: eligibility, certificates, downloads;
  // issue: issue, reissue, revoke; manage: the completion rule and manual exceptions.
  'certificates.read',
  'certificates.issue',
  'completion.manage',
  // Photos and bulletins (简报) (issue #8). Readers see published bulletins only; drafts and
  // version history are for those who may write.
  'photo.read',
  'photo.write',
  'bulletin.read',
  'bulletin.write',
  // Staff accounts (#9): the institution's 教务 office creates and looks after the accounts of its
  // own staff (class teachers, project leads); administrators do so for every account, and alone
  // hold grants, institutions and administrator accounts ('admin').
  'account.manage',
  // Buses for site visits (#18). read: the vehicles and passenger manifests (PDF/XLSX, no ID
  // numbers) — the one action a bus company's account needs; write: vehicles, seating, boarding.
  'vehicle.read',
  'vehicle.write',
  // Residence (#18): rooms and rooming lists, meal plans and counts, arrivals/departures (接送站).
  'rooms.read',
  'rooms.write',
  'meals.read',
  'meals.write',
  'travel.read',
  'travel.write',
  // After the class (#19): reviewing reflections (心得体会); writing and signing off 结业鉴定;
  // unlocking a signed-off one (the 教务 office, with a reason).
  'reflection.review',
  'appraisal.write',
  'appraisal.unlock',
  // Action plans and the follow-up (#19). manage: the class's plans, supervisors, follow-up date
  // and supervisor links (class teacher); report: the follow-up report (organizer, sponsor).
  'followup.manage',
  'followup.report',
  // Outside hours (培训经历认定, #19): recording and approving training taken elsewhere (the 教务
  // office). The trainee handbook (学员手册): downloading it and editing its texts for a class.
  'hours.recognise',
  'handbook.read',
  'handbook.write',
] as const;
export type Action = (typeof ACTIONS)[number];

// hotel and transport (#18): service providers, granted per class they serve; they see that
// class's rooming list and meal counts (hotel) or manifests (transport) and nothing else.
export type GrantRole = 'organizer' | 'class_teacher' | 'lecturer' | 'sponsor' | 'hotel' | 'transport';
export type ActorGrant = {
  id: number;
  role: GrantRole;
  scopeType: 'institution' | 'programme' | 'class';
  scopeId: number;
  /** Where the scope sits, so institution-wide reads can be given to class staff. */
  institutionId: number;
  programmeId: number | null;
};

export type Actor = {
  userId: number;
  username: string;
  displayName: string;
  isAdmin: boolean;
  personId: number | null;
  locale: string;
  grants: ActorGrant[];
  authSessionId: number;
  csrfToken: string;
  /** Signed in with a one-time password not yet changed: only the password change is open (#9). */
  mustChangePassword?: boolean;
};

export type ScopeContext = { institutionId: number; programmeId?: number; classId?: number };

export const ROLE_ACTIONS: Record<GrantRole, readonly Action[]> = {
  organizer: [
    'certificates.read',
    'certificates.issue',
    'completion.manage',
    'institution.read',
    'institution.manage',
    'programme.read',
    'programme.manage',
    'class.read',
    'class.manage',
    'class.run',
    'roster.read',
    'roster.write',
    'roster.reveal',
    'timetable.read',
    'timetable.write',
    'audit.read',
    'attendance.read',
    'attendance.record',
    'leave.decide',
    'invitation.manage',
    'hours.report',
    'evaluation.read',
    'evaluation.read_own',
    'evaluation.manage',
    'evaluation.remind',
    'photo.read',
    'photo.write',
    'bulletin.read',
    'bulletin.write',
    'account.manage',
    'vehicle.read',
    'vehicle.write',
    'rooms.read',
    'rooms.write',
    'meals.read',
    'meals.write',
    'travel.read',
    'travel.write',
    'reflection.review',
    'appraisal.write',
    'appraisal.unlock',
    'followup.manage',
    'followup.report',
    'hours.recognise',
    'handbook.read',
    'handbook.write',
  ],
  class_teacher: [
    'certificates.read',
    'certificates.issue',
    'institution.read',
    'class.read',
    'class.run',
    'roster.read',
    'roster.write',
    'roster.reveal',
    'timetable.read',
    'timetable.write',
    'audit.read',
    'attendance.read',
    'attendance.record',
    'leave.decide',
    'invitation.manage',
    'evaluation.read',
    'evaluation.read_own',
    'evaluation.manage',
    'evaluation.remind',
    'photo.read',
    'photo.write',
    'bulletin.read',
    'bulletin.write',
    'vehicle.read',
    'vehicle.write',
    'rooms.read',
    'rooms.write',
    'meals.read',
    'meals.write',
    'travel.read',
    'travel.write',
    'reflection.review',
    'appraisal.write',
    'followup.manage',
    'handbook.read',
    'handbook.write',
  ],
  lecturer: ['institution.read', 'class.read', 'timetable.read', 'evaluation.read_own', 'photo.read', 'bulletin.read'],
  sponsor: [
    'certificates.read',
    'programme.read',
    'class.read',
    'roster.read',
    'timetable.read',
    'evaluation.read',
    'evaluation.read_own',
    'photo.read',
    'bulletin.read',
    'attendance.read',
    'followup.report',
  ],
  hotel: ['rooms.read', 'meals.read'],
  transport: ['vehicle.read'],
};

/** Actions that class or programme staff hold across their institution (the site and lecturer pools). */
const INSTITUTION_WIDE: readonly Action[] = ['institution.read'];

export function can(actor: Actor | null, action: Action, ctx?: ScopeContext): boolean {
  if (action === 'public') return true;
  if (!actor) return false;
  if (action === 'authenticated') return true;
  // A trainee's device session is a users row tied to a person, with no password and no grants.
  // 'self' is theirs alone (an administrator is not a trainee); 'staff' is everyone else's.
  if (action === 'self') return actor.personId !== null;
  if (action === 'staff') return actor.isAdmin || actor.grants.length > 0 || actor.personId === null;
  if (actor.isAdmin) return true;
  if (action === 'admin' || !ctx) return false;
  return actor.grants.some((g) => ROLE_ACTIONS[g.role].includes(action) && grantCovers(g, action, ctx));
}

function grantCovers(g: ActorGrant, action: Action, ctx: ScopeContext): boolean {
  if (g.institutionId !== ctx.institutionId) return false;
  switch (g.scopeType) {
    case 'institution':
      return true;
    case 'programme':
      return ctx.programmeId === g.scopeId || (ctx.programmeId === undefined && INSTITUTION_WIDE.includes(action));
    case 'class':
      return ctx.classId === g.scopeId || (ctx.classId === undefined && ctx.programmeId === undefined && INSTITUTION_WIDE.includes(action));
  }
}

/** The actions the actor holds in a scope; the web app uses these to decide which buttons to show. */
export const abilitiesIn = (actor: Actor | null, ctx: ScopeContext) => ACTIONS.filter((a) => a.includes('.') && can(actor, a, ctx));

export type ScopeKind =
  | 'institution'
  | 'programme'
  | 'class'
  | 'session'
  | 'group'
  | 'enrolment'
  | 'site'
  | 'lecturer'
  | 'staff'
  | 'photo'
  | 'bulletin'
  // A staff account (:userId), at the institution it belongs to (#9).
  | 'user';
export type RoutePermission = { action: Action; scope?: ScopeKind };

declare module 'fastify' {
  interface FastifyContextConfig {
    permission?: RoutePermission;
  }
  interface FastifyRequest {
    actor: Actor | null;
    scope: ScopeContext | null;
  }
}
