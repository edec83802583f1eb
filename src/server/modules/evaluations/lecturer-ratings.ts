import type { LecturerRatings } from '../../../contracts';
import type { Executor } from '../../db/connection';
import { type EvaluationCore, type EvaluationDeps, parseQuestions, type SessionT } from './context';
import { localDateTime } from './local-time';
import { lecturerTotals, meanOf, ratingTotals } from './questions';

// Lecturer ratings across classes and years, from the questionnaires of the sessions they taught.
export const makeLecturerRatings = (deps: EvaluationDeps, core: EvaluationCore) => {
  const { database, store, timetable } = deps;
  const db = database.db;
  const { classContext, expectedOf, ratingsFor } = core;

  async function teachingRatings(
    trx: Executor,
    sessions: Array<{ sessionId: number; classId: number; classTitle: string; title: string; kind: SessionT['kind']; startsAt: string }>,
  ) {
    const qs = (
      await store.questionnairesOfSessions(
        trx,
        sessions.map((s) => s.sessionId),
      )
    ).filter((q) => q.enabled === 1 && q.questions_json !== null);
    const ids = qs.map((q) => q.id);
    const [ratings, responses] = [await store.ratingCounts(trx, ids), await store.responseCounts(trx, ids)];
    return sessions.flatMap((s) => {
      const q = qs.find((x) => x.session_id === s.sessionId);
      if (!q) return [];
      const questions = parseQuestions(q.questions_json);
      const mine = ratingsFor(ratings, q.id);
      return [
        {
          ...s,
          questionnaire: q,
          lecturer: lecturerTotals(questions, mine),
          overall: ratingTotals(questions, mine),
          responses: responses.find((r) => r.questionnaireId === q.id)?.count ?? 0,
        },
      ];
    });
  }

  const yearOf = (iso: string, timeZone: string) => Number(localDateTime(iso, timeZone).slice(0, 4));

  const ratings = {
    // Lecturer pool
    async lecturerRatings(lecturerId: number): Promise<LecturerRatings> {
      const lecturer = await timetable.getLecturer(lecturerId);
      return database.transaction(async (trx) => {
        const rated = await teachingRatings(trx, lecturer.sessions);
        const classIds = [...new Set(rated.map((r) => r.classId))];
        const byClass: LecturerRatings['byClass'] = [];
        const years = new Map<number, { sum: number; count: number; responses: number; sessions: number }>();
        let sum = 0;
        let count = 0;
        let responses = 0;
        for (const classId of classIds) {
          const ctx = await classContext(trx, classId);
          const mine = rated.filter((r) => r.classId === classId).sort((a, b) => a.startsAt.localeCompare(b.startsAt));
          const year = yearOf(mine[0].startsAt, ctx.cls.time_zone);
          const t = mine.reduce((acc, r) => ({ sum: acc.sum + r.lecturer.sum, count: acc.count + r.lecturer.count, responses: acc.responses + r.responses }), {
            sum: 0,
            count: 0,
            responses: 0,
          });
          byClass.push({
            classId,
            classTitle: ctx.cls.title,
            year,
            score: meanOf(t.sum, t.count),
            responses: t.responses,
            sessions: mine.map((r) => ({
              sessionId: r.sessionId,
              questionnaireId: r.questionnaire.id,
              title: r.title,
              kind: r.kind,
              startsAt: r.startsAt,
              responses: r.responses,
              expected: expectedOf(ctx, r.questionnaire).length,
              lecturerScore: meanOf(r.lecturer.sum, r.lecturer.count),
              overallScore: meanOf(r.overall.sum, r.overall.count),
            })),
          });
          const y = years.get(year) ?? { sum: 0, count: 0, responses: 0, sessions: 0 };
          years.set(year, { sum: y.sum + t.sum, count: y.count + t.count, responses: y.responses + t.responses, sessions: y.sessions + mine.length });
          sum += t.sum;
          count += t.count;
          responses += t.responses;
        }
        byClass.sort((a, b) => b.year - a.year || a.classTitle.localeCompare(b.classTitle));
        return {
          lecturerId,
          name: lecturer.name,
          score: meanOf(sum, count),
          responses,
          byYear: [...years.entries()]
            .sort((a, b) => b[0] - a[0])
            .map(([year, y]) => ({ year, score: meanOf(y.sum, y.count), responses: y.responses, sessions: y.sessions })),
          byClass,
        };
      });
    },

    /** One line per lecturer of the pool: their score over every evaluated session. */
    async lecturerRatingSummaries(institutionId: number) {
      const lecturers = (await timetable.listLecturers(institutionId)).filter((l) => l.sessionCount > 0);
      const details = [];
      for (const l of lecturers) details.push(await timetable.getLecturer(l.id));
      const rated = await teachingRatings(
        db,
        details.flatMap((d) => d.sessions),
      );
      return details.map((d) => {
        const mine = rated.filter((r) => d.sessions.some((s) => s.sessionId === r.sessionId));
        const t = mine.reduce((acc, r) => ({ sum: acc.sum + r.lecturer.sum, count: acc.count + r.lecturer.count, responses: acc.responses + r.responses }), {
          sum: 0,
          count: 0,
          responses: 0,
        });
        const last = mine
          .map((r) => r.startsAt)
          .sort()
          .at(-1);
        return {
          lecturerId: d.id,
          score: meanOf(t.sum, t.count),
          responses: t.responses,
          sessions: mine.length,
          classes: new Set(mine.map((r) => r.classId)).size,
          lastYear: last ? yearOf(last, 'Asia/Shanghai') : null,
        };
      });
    },
  };
  return ratings;
};
