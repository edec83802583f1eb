import type { ReasonCode } from '../../../contracts';
import { type Lang, translate } from '../../lib/i18n';

// The completion rule, pure: given a trainee's hours and counts, eligible or not and why.
// - attendance: attended hours / the trainee's class hours ≥ min_attendance_ratio. Only sessions
//   that have ended count (the attendance module's rule): while some are still to come, nobody has
//   completed yet — the reason says how many hours are still to come, or, when even attending all
//   of them could not reach the minimum, that attendance falls short.
// - leave: leave hours / class hours ≤ leave_limit_ratio (default 1/7).
// - evaluations (when required and the evaluations module answers): every questionnaire the
//   trainee was asked to answer is answered.
// - reflections (when required and the reflections module answers): at least one handed in.
// - a withdrawn trainee never completes; a manual exception overrides the result either way.

export type TraineeFacts = {
  enrolmentStatus: 'enrolled' | 'withdrawn';
  totalHours: number;
  attendedHours: number;
  pendingHours: number;
  leaveHours: number;
  evaluations: { submitted: number; expected: number } | null;
  reflections: number | null;
  exception: { decision: 'eligible' | 'not_eligible'; reason: string } | null;
};

export type RuleSettings = { minAttendanceRatio: number; leaveLimitRatio: number; requireEvaluations: boolean; requireReflections: boolean };

export type Reason = { code: ReasonCode; params: Record<string, string | number> };

const pct = (x: number) => Math.round(x * 1000) / 10;

export function evaluateCompletion(f: TraineeFacts, rule: RuleSettings) {
  const reasons: Reason[] = [];
  const attendanceShare = f.totalHours > 0 ? f.attendedHours / f.totalHours : null;
  const reachable = f.totalHours > 0 ? (f.attendedHours + f.pendingHours) / f.totalHours : null;
  const leaveShare = f.totalHours > 0 ? f.leaveHours / f.totalHours : null;
  if (f.enrolmentStatus === 'withdrawn') reasons.push({ code: 'withdrawn', params: {} });
  if (f.totalHours <= 0) reasons.push({ code: 'no_hours', params: {} });
  // A small tolerance: 6/7 of 42 hours is 36 hours exactly, not 35.99999.
  if (f.pendingHours > 0 && reachable !== null && reachable + 1e-9 >= rule.minAttendanceRatio) {
    reasons.push({ code: 'sessions_pending', params: { hours: f.pendingHours, total: f.totalHours } });
  } else if (attendanceShare !== null && attendanceShare + 1e-9 < rule.minAttendanceRatio) {
    reasons.push({
      code: 'attendance_below',
      params: { share: pct(attendanceShare), min: pct(rule.minAttendanceRatio), hours: f.attendedHours, total: f.totalHours },
    });
  }
  if (leaveShare !== null && leaveShare > rule.leaveLimitRatio + 1e-9) {
    reasons.push({ code: 'leave_over', params: { share: pct(leaveShare), limit: pct(rule.leaveLimitRatio), hours: f.leaveHours, total: f.totalHours } });
  }
  if (rule.requireEvaluations && f.evaluations && f.evaluations.submitted < f.evaluations.expected) {
    reasons.push({ code: 'evaluations_missing', params: { missing: f.evaluations.expected - f.evaluations.submitted, expected: f.evaluations.expected } });
  }
  if (rule.requireReflections && f.reflections !== null && f.reflections < 1) reasons.push({ code: 'reflection_missing', params: {} });
  const ruleEligible = reasons.length === 0;
  let eligible = ruleEligible;
  // Withdrawal is a fact, not a judgement: an exception cannot turn a withdrawn trainee eligible.
  if (f.exception && f.enrolmentStatus !== 'withdrawn') {
    eligible = f.exception.decision === 'eligible';
    reasons.push({ code: eligible ? 'exception_eligible' : 'exception_not_eligible', params: { reason: f.exception.reason } });
  }
  return { ruleEligible, eligible, reasons, attendanceShare, leaveShare };
}

export const reasonMessage = (r: Reason, lang: Lang) => translate(`completion.${r.code}`, lang, r.params);
