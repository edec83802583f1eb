import type { Answers, MyQuestionnaire, MyQuestionnaireDetail } from '../../../contracts';
import { type Executor, nowIso } from '../../db/connection';
import { AppError, forbidden, notFound } from '../../lib/errors';
import type { Actor } from '../../lib/permissions';
import { randomToken } from '../../lib/personal-data';
import type { ClassCtx, EvaluationCore, EvaluationDeps, QRow, RosterRowT } from './context';
import { localDateTime } from './local-time';
import { answersFromRows, checkAnswers } from './questions';

// Trainees answering on their phones (their own questionnaires, answers editable until closing),
// the demo loader's answers as at a moment, and what completion counts.
export const makeAnswering = (deps: EvaluationDeps, core: EvaluationCore) => {
  const { database, store } = deps;
  const { refCipher, classContext, timesOf, stateOf, questionsOf, expectedOf, titleOf, summaryOf, requireQuestionnaire } = core;

  async function traineeEnrolments(trx: Executor, actor: Actor) {
    if (actor.personId === null) throw forbidden();
    return (await store.enrolmentsOfPerson(trx, actor.personId)).filter((e) => e.status === 'enrolled');
  }

  function myView(ctx: ClassCtx, q: QRow, enrolmentId: number): MyQuestionnaire {
    const session = q.session_id ? ctx.sessions.get(q.session_id) : undefined;
    const times = timesOf(ctx, q);
    const state = stateOf(ctx, q);
    const answered = ctx.respondents.get(q.id)?.has(enrolmentId) ?? false;
    return {
      id: q.id,
      classId: q.class_id,
      classTitle: ctx.cls.title,
      timeZone: ctx.cls.time_zone,
      title: titleOf(ctx, q),
      session: session
        ? {
            title: session.title,
            kind: session.kind,
            startsAt: new Date(session.startsAt).toISOString(),
            endsAt: new Date(session.endsAt).toISOString(),
            lecturerNames: session.lecturers.map((l) => l.name),
          }
        : null,
      state,
      opensAt: times.opensAt,
      closesAt: times.closesAt,
      anonymous: q.anonymous === 1,
      answered,
      editable: answered && state === 'open',
    };
  }

  /** The trainee's enrolment for a questionnaire, or the reason they cannot answer it. */
  function enrolmentFor(ctx: ClassCtx, q: QRow, enrolmentIds: Set<number>) {
    const mine = ctx.roster.find((e) => enrolmentIds.has(e.id) && e.status === 'enrolled');
    if (!mine) throw new AppError('evaluation.not_enrolled', 403);
    if (!expectedOf(ctx, q).some((e) => e.id === mine.id)) {
      const groups = (q.session_id ? ctx.sessions.get(q.session_id)?.groups : [])?.map((g) => g.name).join('、');
      throw new AppError('evaluation.not_expected', 403, { groups });
    }
    return mine;
  }

  async function myDetail(trx: Executor, ctx: ClassCtx, q: QRow, enrolmentId: number): Promise<MyQuestionnaireDetail> {
    const view = myView(ctx, q, enrolmentId);
    const questions = questionsOf(ctx, q);
    let answers: Answers | null = null;
    if (view.editable) {
      const respondent = await store.findRespondent(trx, q.id, enrolmentId);
      if (respondent?.response_ref) answers = answersFromRows(questions, await store.answersOfResponse(trx, refCipher.decrypt(respondent.response_ref)));
    }
    return { ...view, questions, answers };
  }

  /**
   * Records or replaces one trainee's answers. The respondent row is claimed first, so two
   * submissions racing from two phones end as one response (the second edits the first).
   */
  async function submitIn(trx: Executor, ctx: ClassCtx, q: QRow, enrolment: RosterRowT, answers: Answers) {
    const state = stateOf(ctx, q);
    const tz = ctx.cls.time_zone;
    const times = timesOf(ctx, q);
    if (state === 'disabled') throw new AppError('evaluation.disabled', 409);
    if (state === 'scheduled') throw new AppError('evaluation.not_open_yet', 409, { opensAt: localDateTime(times.opensAt, tz) });
    if (state === 'closed') throw new AppError('evaluation.closed', 409, { closesAt: localDateTime(times.closesAt, tz) });
    const questions = questionsOf(ctx, q);
    const { rows, errors } = checkAnswers(questions, answers);
    if (errors.length) throw new AppError('validation.failed', 400, {}, errors);
    if (q.questions_json === null) {
      await store.updateQuestionnaire(trx, q.id, { questions_json: JSON.stringify(questions), updated_at: nowIso() });
      q.questions_json = JSON.stringify(questions);
    }
    const responseId = randomToken(16);
    const claimed = await store.insertRespondentOnce(trx, {
      questionnaire_id: q.id,
      enrolment_id: enrolment.id,
      answered_at: ctx.now.toISOString(),
      response_ref: refCipher.encrypt(responseId),
    });
    if (claimed) {
      await store.insertResponse(trx, {
        id: responseId,
        questionnaire_id: q.id,
        group_id: enrolment.group_id,
        enrolment_id: q.anonymous ? null : enrolment.id,
      });
      await store.replaceAnswers(trx, responseId, q.id, rows);
      ctx.respondents.get(q.id)?.add(enrolment.id);
      return { ok: true as const, updated: false, closesAt: times.closesAt };
    }
    const respondent = await store.findRespondent(trx, q.id, enrolment.id);
    if (!respondent?.response_ref) throw new AppError('evaluation.edit_unavailable', 409);
    const existingId = refCipher.decrypt(respondent.response_ref);
    if (!(await store.findResponse(trx, existingId))) throw new AppError('evaluation.edit_unavailable', 409);
    await store.replaceAnswers(trx, existingId, q.id, rows);
    return { ok: true as const, updated: true, closesAt: times.closesAt };
  }

  async function findMine(trx: Executor, actor: Actor, find: () => Promise<QRow | undefined>, id: number | string) {
    const enrolments = await traineeEnrolments(trx, actor);
    const row = await find();
    if (!row || !enrolments.some((e) => e.class_id === row.class_id)) throw notFound('questionnaire', id);
    const ctx = await classContext(trx, row.class_id);
    const q = requireQuestionnaire(ctx, row.id);
    const enrolment = enrolmentFor(ctx, q, new Set(enrolments.map((e) => e.id)));
    return { ctx, q, enrolment };
  }

  const answering = {
    // Trainees (their device session)
    async myQuestionnaires(actor: Actor): Promise<MyQuestionnaire[]> {
      return database.transaction(async (trx) => {
        const out: MyQuestionnaire[] = [];
        for (const e of await traineeEnrolments(trx, actor)) {
          const ctx = await classContext(trx, e.class_id);
          for (const q of ctx.questionnaires) {
            if (!q.enabled || !expectedOf(ctx, q).some((x) => x.id === e.id)) continue;
            out.push(myView(ctx, q, e.id));
          }
        }
        const rank = (m: MyQuestionnaire) => (m.state === 'open' && !m.answered ? 0 : m.state === 'open' ? 1 : m.state === 'scheduled' ? 2 : 3);
        return out.sort(
          (a, b) =>
            rank(a) - rank(b) ||
            (rank(a) === 0 ? a.closesAt.localeCompare(b.closesAt) : rank(a) === 2 ? a.opensAt.localeCompare(b.opensAt) : b.opensAt.localeCompare(a.opensAt)),
        );
      });
    },

    myQuestionnaire: (actor: Actor, questionnaireId: number) =>
      database.transaction(async (trx) => {
        const { ctx, q, enrolment } = await findMine(trx, actor, () => store.findQuestionnaire(trx, questionnaireId), questionnaireId);
        return myDetail(trx, ctx, q, enrolment.id);
      }),

    /** The page a questionnaire's QR code opens: the same as above, found by its link. */
    myQuestionnaireByLink: (actor: Actor, token: string) =>
      database.transaction(async (trx) => {
        const { ctx, q, enrolment } = await findMine(trx, actor, () => store.findQuestionnaireByToken(trx, token), 'link');
        return myDetail(trx, ctx, q, enrolment.id);
      }),

    submit: (actor: Actor, questionnaireId: number, answers: Answers) =>
      database.transaction(async (trx) => {
        const { ctx, q, enrolment } = await findMine(trx, actor, () => store.findQuestionnaire(trx, questionnaireId), questionnaireId);
        return submitIn(trx, ctx, q, enrolment, answers);
      }),

    /**
     * For the demo loader: answers as given trainees at given moments (the 2020 class's
     * questionnaires were open in 2020), with every rule of a real submission. Answers of a trainee
     * who has answered already are skipped, so that loading twice adds nothing. Returns how many
     * were recorded.
     */
    async answerAsAt(trx: Executor, classId: number, entries: Array<{ enrolmentId: number; questionnaireId: number; answers: Answers; at: Date }>) {
      const ctx = await classContext(trx, classId);
      let recorded = 0;
      for (const e of entries) {
        const q = requireQuestionnaire(ctx, e.questionnaireId);
        if (ctx.respondents.get(q.id)?.has(e.enrolmentId)) continue;
        const at = { ...ctx, now: e.at };
        await submitIn(trx, at, q, enrolmentFor(at, q, new Set([e.enrolmentId])), e.answers);
        recorded += 1;
      }
      // Answers given in the past to questionnaires closed by now keep no link to their responses,
      // in this transaction rather than at the sweep a minute later.
      await store.forgetResponseRefs(
        trx,
        ctx.questionnaires.filter((q) => stateOf(ctx, q) === 'closed').map((q) => q.id),
      );
      return recorded;
    },

    /**
     * For completion (#7), inside the caller's transaction: per enrolled trainee, the questionnaires
     * they were asked that have opened (open or closed), and how many of those they answered.
     */
    async completionCounts(trx: Executor, classId: number) {
      const ctx = await classContext(trx, classId);
      const due = ctx.questionnaires
        .filter((q) => ['open', 'closed'].includes(stateOf(ctx, q)))
        .map((q) => ({ asked: new Set(expectedOf(ctx, q).map((e) => e.id)), answered: ctx.respondents.get(q.id) ?? new Set<number>() }));
      return ctx.roster
        .filter((e) => e.status === 'enrolled')
        .map((e) => {
          const asked = due.filter((q) => q.asked.has(e.id));
          return { enrolmentId: e.id, expected: asked.length, submitted: asked.filter((q) => q.answered.has(e.id)).length };
        });
    },

    /** For the demo loader and tests: the class's questionnaires as stored, with their times. */
    async questionnairesIn(trx: Executor, classId: number) {
      const ctx = await classContext(trx, classId);
      return ctx.questionnaires.map((q) => ({ ...summaryOf(ctx, q, []), questions: questionsOf(ctx, q) }));
    },
  };
  return answering;
};
