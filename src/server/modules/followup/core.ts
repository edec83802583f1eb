import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { DEFAULT_FOLLOWUP_MONTHS, DEFAULT_FOLLOWUP_WINDOW_DAYS, type FollowupSchedule, type PlanItem } from '../../../contracts/followup';
import type { Database, Executor } from '../../db/connection';
import type { Row } from '../../db/schema';
import { AppError, notFound } from '../../lib/errors';
import type { Actor } from '../../lib/permissions';
import { instantOf } from '../../lib/wall-clock';
import type { AuditService } from '../audit/service';
import type { ClassService } from '../classes/service';
import type { RosterService } from '../roster/service';
import type { FollowupStore } from './store';

export type FollowupDeps = {
  database: Database;
  store: FollowupStore;
  audit: Pick<AuditService, 'record'>;
  classes: Pick<ClassService, 'requireClass' | 'getProgramme'>;
  roster: Pick<RosterService, 'rosterIn' | 'findEnrolmentRow'>;
  secretKey: Buffer;
  publicUrl: string;
  /** The clock the follow-up's date is read against (the scheduler and every state); tests move it. */
  now?: () => number;
};
export type ClassRow = Awaited<ReturnType<FollowupDeps['classes']['requireClass']>>;

/** A calendar date plus n months; the 31st becomes the month's last day (2020-10-31 + 3 → 2021-01-31, 2020-11-30 + 3 → 2021-02-28). */
export function addMonthsTo(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(d, last));
  return first.toISOString().slice(0, 10);
}

/** The follow-up opens at 09:00 on its day, in the class's time zone. */
export const OPENING_TIME = '09:00';

export const itemOut = (r: Row<'action_plan_items'>): PlanItem => ({
  id: r.id,
  text: r.text,
  dueOn: r.due_on,
  measure: r.measure,
  progress: r.progress,
  staffComment: r.staff_comment,
  staffCommentAt: r.staff_comment_at,
});

// What the parts of the module share: the clock, the schedule of a class's follow-up, the
// supervisor's signed link, and the trainee's own enrolment.
export function makeFollowupCore(deps: FollowupDeps) {
  const clock = deps.now ?? Date.now;
  const { store } = deps;
  const linkKey = createHash('sha256')
    .update(Buffer.concat([Buffer.from('cohort:followup-supervisor:'), deps.secretKey]))
    .digest();
  const base = deps.publicUrl.replace(/\/$/, '');
  const macOf = (enrolmentId: number, nonce: string) => createHmac('sha256', linkKey).update(`${enrolmentId}:${nonce}`).digest('base64url').slice(0, 32);

  async function schedule(trx: Executor, cls: ClassRow): Promise<FollowupSchedule> {
    const [settings, survey] = await Promise.all([store.settings(trx, cls.id), store.survey(trx, cls.id)]);
    const months = settings?.months ?? DEFAULT_FOLLOWUP_MONTHS;
    const windowDays = settings?.window_days ?? DEFAULT_FOLLOWUP_WINDOW_DAYS;
    const dueOn = survey?.due_on ?? addMonthsTo(cls.ends_on, months);
    const state = !survey ? 'scheduled' : clock() < Date.parse(survey.closes_at) ? 'open' : 'closed';
    return { months, windowDays, dueOn, state, openedAt: survey?.opened_at ?? null, closesAt: survey?.closes_at ?? null };
  }

  return {
    clock,
    nowIso: () => new Date(clock()).toISOString(),
    schedule,
    newNonce: () => randomBytes(12).toString('base64url'),
    linkOf: (enrolmentId: number, nonce: string) => `${base}/t/s/${enrolmentId}.${macOf(enrolmentId, nonce)}`,
    /** The enrolment a supervisor's link names, when its signature matches the supervisor on record. */
    async enrolmentOfLink(trx: Executor, token: string) {
      const m = /^(\d{1,10})\.([\w-]{32})$/.exec(token);
      const supervisor = m ? await store.supervisor(trx, Number(m[1])) : undefined;
      if (!m || !supervisor) throw new AppError('followup.link_invalid', 404);
      const expected = Buffer.from(macOf(supervisor.enrolment_id, supervisor.nonce));
      const given = Buffer.from(m[2]);
      if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw new AppError('followup.link_invalid', 404);
      return supervisor;
    },
    /** The trainee's own enrolment (404 for anyone else's). */
    async ownEnrolment(trx: Executor, actor: Actor, enrolmentId: number) {
      const e = await deps.roster.findEnrolmentRow(trx, enrolmentId);
      if (!e || e.person_id !== actor.personId) throw notFound('enrolment', enrolmentId);
      return e;
    },
    async enrolmentInClass(trx: Executor, classId: number, enrolmentId: number) {
      const e = await deps.roster.findEnrolmentRow(trx, enrolmentId);
      if (!e || e.class_id !== classId) throw notFound('enrolment', enrolmentId);
      return e;
    },
    /** The follow-up must be open to be answered: not before its date, not after its window. */
    requireOpen(s: FollowupSchedule) {
      if (s.state === 'scheduled') throw new AppError('followup.not_open', 409, { dueOn: s.dueOn });
      if (s.state === 'closed') throw new AppError('followup.closed', 409, { closesAt: s.closesAt });
    },
    /** Opening instant of a class's follow-up. */
    opensAt: (cls: ClassRow, dueOn: string) => instantOf(dueOn, OPENING_TIME, cls.time_zone),
  };
}
export type FollowupCore = ReturnType<typeof makeFollowupCore>;
