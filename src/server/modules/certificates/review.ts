import type { CertificateReview, CompletionRule } from '../../../contracts';
import type { CertificateRow } from './store';
import { attendedOf } from './views';

// 需复核: a valid certificate whose facts no longer match the record. The certificate keeps the
// facts it was issued on; the class teacher may decide to keep it, and that decision keeps the
// facts it was made on. Each read compares the latest of the two with what the record says now —
// nothing hooks into attendance writes, so a change through any path shows.

export type CurrentFacts = { attendedHours: number; totalHours: number; eligible: boolean };

const same = (a: number, b: number) => Math.abs(a - b) < 0.005;

/** The facts a certificate stands on now: the last keep decision's, or the issue's. */
export function basisOf(r: CertificateRow): CurrentFacts {
  if (r.kept_at !== null) return { attendedHours: Number(r.kept_attended_hours), totalHours: Number(r.kept_class_hours), eligible: r.kept_eligible === 1 };
  // A certificate is only ever issued to someone eligible at that moment.
  return { attendedHours: attendedOf(r), totalHours: Number(r.hours), eligible: true };
}

/** What changed since; null when nothing did (or the certificate is no longer valid). */
export function reviewOf(r: CertificateRow, now: CurrentFacts | undefined): CertificateReview | null {
  if (r.status !== 'valid' || !now) return null;
  const basis = basisOf(r);
  const changes: CertificateReview['changes'] = [];
  if (!same(basis.attendedHours, now.attendedHours)) changes.push({ field: 'attendedHours', before: basis.attendedHours, after: now.attendedHours });
  if (!same(basis.totalHours, now.totalHours)) changes.push({ field: 'classHours', before: basis.totalHours, after: now.totalHours });
  if (basis.eligible !== now.eligible) changes.push({ field: 'eligible', before: basis.eligible, after: now.eligible });
  if (!changes.length) return null;
  return { changes, kept: r.kept_at ? { at: r.kept_at, by: r.kept_by_name ?? null, reason: r.kept_reason ?? '' } : null };
}

const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;

/** The completion rule in words, for the credential's criteria (Chinese first, then English). */
export function criteriaText(
  rule: Pick<
    CompletionRule,
    'minAttendanceRatio' | 'leaveLimitRatio' | 'requireEvaluations' | 'evaluationsAvailable' | 'requireReflections' | 'reflectionsAvailable'
  >,
) {
  const zh = [`出勤不少于本人应修学时的 ${pct(rule.minAttendanceRatio)}`, `请假不超过 ${pct(rule.leaveLimitRatio)}`];
  const en = [`attended at least ${pct(rule.minAttendanceRatio)} of their class hours`, `on leave for at most ${pct(rule.leaveLimitRatio)} of them`];
  if (rule.requireEvaluations && rule.evaluationsAvailable) {
    zh.push('答完全部培训评估问卷');
    en.push('answered every evaluation questionnaire');
  }
  if (rule.requireReflections && rule.reflectionsAvailable) {
    zh.push('提交心得体会');
    en.push('handed in a reflection (心得体会)');
  }
  return `完成规定课程：${zh.join('；')}。Completed the required courses: ${en.join('; ')}.`;
}
