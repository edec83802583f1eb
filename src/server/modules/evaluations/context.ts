import { createHash } from 'node:crypto';
import type { EvaluationSettings, Question, QuestionnaireResults, QuestionnaireState, QuestionnaireSummary } from '../../../contracts';
import type { Database, Executor } from '../../db/connection';
import type { Row } from '../../db/schema';
import { notFound } from '../../lib/errors';
import { type Actor, can } from '../../lib/permissions';
import { makePersonalDataCipher } from '../../lib/personal-data';
import type { AuditService } from '../audit/service';
import type { ClassService } from '../classes/service';
import type { RosterService } from '../roster/service';
import type { TimetableService } from '../timetable/service';
import { meanOf, questionResults, type RatingCount, ratingTotals } from './questions';
import type { EvaluationStore } from './store';

// What every use case of evaluations shares: the dependencies, the class context (read in one
// transaction, never written) and the rules that derive a questionnaire's times, state, questions
// and the trainees it asks.

export type EvaluationDeps = {
  database: Database;
  store: EvaluationStore;
  audit: Pick<AuditService, 'record'>;
  classes: Pick<ClassService, 'requireClass'>;
  timetable: Pick<TimetableService, 'sessionsIn' | 'getLecturer' | 'listLecturers' | 'lecturerIdsOfUser'>;
  roster: Pick<RosterService, 'rosterIn'>;
  secretKey: Buffer;
  publicUrl: string;
  now?: () => Date;
};

export const DEFAULT_SETTINGS: EvaluationSettings = { closeAfterHours: 72, openBeforeEndMinutes: 10, minGroupSize: 5 };

export type QRow = Row<'evaluation_questionnaires'>;
export type TemplateRow = Row<'evaluation_templates'>;
export type SessionT = Awaited<ReturnType<TimetableService['sessionsIn']>>[number];
export type RosterRowT = Awaited<ReturnType<RosterService['rosterIn']>>[number];
export type ClassRowT = Awaited<ReturnType<ClassService['requireClass']>>;

/** Everything about one class's evaluation that the rules need, read in one transaction. */
export type ClassCtx = {
  cls: ClassRowT;
  settings: EvaluationSettings;
  sessions: Map<number, SessionT>;
  /** When the class questionnaire opens by default: the start of the last session (usually 结业式). */
  classOpensAt: string;
  roster: RosterRowT[];
  questionnaires: QRow[];
  templates: Map<number, TemplateRow>;
  respondents: Map<number, Set<number>>;
  now: Date;
};

export const parseQuestions = (json: string | null | undefined): Question[] => (json ? (JSON.parse(json) as Question[]) : []);
export const addMinutes = (iso: string, minutes: number) => new Date(Date.parse(iso) + minutes * 60_000).toISOString();

export const makeEvaluationCore = (deps: EvaluationDeps) => {
  const { store, classes, timetable, roster } = deps;
  const clock = deps.now ?? (() => new Date());
  // The respondent → response link is encrypted with a key of its own (derived from the server
  // secret under another label), so that it cannot be read from a copy of the database.
  const refCipher = makePersonalDataCipher(
    createHash('sha256')
      .update(Buffer.concat([Buffer.from('cohort:evaluation-response-ref:'), deps.secretKey]))
      .digest(),
  );

  async function settingsOf(trx: Executor, classId: number): Promise<EvaluationSettings> {
    const row = await store.findSettings(trx, classId);
    return row
      ? { closeAfterHours: row.close_after_hours, openBeforeEndMinutes: row.open_before_end_minutes, minGroupSize: row.min_group_size }
      : { ...DEFAULT_SETTINGS };
  }

  /**
   * Every session gets a questionnaire row (enabled when the institution has a default template
   * for its kind) and the class gets one, the first time anyone looks. Rows are the identity of a
   * questionnaire (id, QR link, overrides); their questions follow the template until the first
   * answer freezes them. Idempotent and safe when two requests race (unique scope per class).

  /**
   * Everything about one class's evaluation that the rules need. Reads only: questionnaire rows
   * are made when sessions are created (`provisioning.ts`), and the links of closed questionnaires
   * are erased by a sweep, so that looking never writes.
   */
  async function classContext(trx: Executor, classId: number): Promise<ClassCtx> {
    const cls = await classes.requireClass(trx, classId);
    const [settings, sessionList, rosterRows] = [await settingsOf(trx, classId), await timetable.sessionsIn(trx, classId), await roster.rosterIn(trx, classId)];
    const questionnaires = await store.questionnairesOfClass(trx, classId);
    const templateIds = [...new Set(questionnaires.map((q) => q.template_id).filter((x): x is number => x !== null))];
    const templates = new Map((await store.templatesByIds(trx, templateIds)).map((t) => [t.id, t]));
    const respondents = new Map<number, Set<number>>(questionnaires.map((q) => [q.id, new Set<number>()]));
    for (const r of await store.respondentsOf(
      trx,
      questionnaires.map((q) => q.id),
    ))
      respondents.get(r.questionnaire_id)?.add(r.enrolment_id);
    const last = sessionList.at(-1);
    const ctx: ClassCtx = {
      cls,
      settings,
      sessions: new Map(sessionList.map((s) => [s.id, s])),
      classOpensAt: last ? new Date(last.startsAt).toISOString() : new Date(`${cls.ends_on}T00:00:00Z`).toISOString(),
      roster: rosterRows,
      questionnaires,
      templates,
      respondents,
      now: clock(),
    };
    return ctx;
  }

  function timesOf(ctx: ClassCtx, q: QRow) {
    const session = q.session_id ? ctx.sessions.get(q.session_id) : undefined;
    const automaticOpen = session ? addMinutes(new Date(session.endsAt).toISOString(), -ctx.settings.openBeforeEndMinutes) : ctx.classOpensAt;
    const opensAt = q.opens_at ?? automaticOpen;
    const closesAt = q.closes_at ?? addMinutes(opensAt, ctx.settings.closeAfterHours * 60);
    return { opensAt, closesAt, custom: q.opens_at !== null || q.closes_at !== null };
  }

  function stateOf(ctx: ClassCtx, q: QRow): QuestionnaireState {
    if (!q.enabled) return 'disabled';
    const { opensAt, closesAt } = timesOf(ctx, q);
    const now = ctx.now.toISOString();
    if (ctx.cls.status === 'archived' || now >= closesAt) return 'closed';
    return now < opensAt ? 'scheduled' : 'open';
  }

  const questionsOf = (ctx: ClassCtx, q: QRow) =>
    q.questions_json !== null ? parseQuestions(q.questions_json) : parseQuestions(q.template_id ? ctx.templates.get(q.template_id)?.questions_json : null);

  /** The trainees a questionnaire asks: enrolled, and in the session's groups when it has any. */
  function expectedOf(ctx: ClassCtx, q: QRow) {
    const groups = q.session_id ? (ctx.sessions.get(q.session_id)?.groups.map((g) => g.id) ?? []) : [];
    return ctx.roster.filter((e) => e.status === 'enrolled' && (groups.length === 0 || (e.group_id !== null && groups.includes(e.group_id))));
  }

  function titleOf(ctx: ClassCtx, q: QRow) {
    const session = q.session_id ? ctx.sessions.get(q.session_id) : undefined;
    return session ? session.title : `${ctx.cls.short_title ?? ctx.cls.title}（总体评估）`;
  }

  function summaryOf(ctx: ClassCtx, q: QRow, ratings: RatingCount[]): QuestionnaireSummary {
    const session = q.session_id ? ctx.sessions.get(q.session_id) : undefined;
    const expected = expectedOf(ctx, q);
    const answeredSet = ctx.respondents.get(q.id) ?? new Set();
    const answered = expected.filter((e) => answeredSet.has(e.id)).length;
    const times = timesOf(ctx, q);
    const totals = ratingTotals(questionsOf(ctx, q), ratings);
    const template = q.template_id ? ctx.templates.get(q.template_id) : undefined;
    return {
      id: q.id,
      classId: q.class_id,
      session: session
        ? {
            id: session.id,
            title: session.title,
            kind: session.kind,
            startsAt: new Date(session.startsAt).toISOString(),
            endsAt: new Date(session.endsAt).toISOString(),
            lecturers: session.lecturers.map((l) => ({ id: l.id, name: l.name })),
            groups: session.groups.map((g) => ({ id: g.id, name: g.name })),
          }
        : null,
      title: titleOf(ctx, q),
      templateId: q.template_id,
      templateName: template ? template.name : null,
      enabled: q.enabled === 1,
      anonymous: q.anonymous === 1,
      opensAt: times.opensAt,
      closesAt: times.closesAt,
      customTimes: times.custom,
      state: stateOf(ctx, q),
      expected: expected.length,
      answered,
      responseRate: expected.length ? Math.round((answered / expected.length) * 1000) / 1000 : null,
      average: meanOf(totals.sum, totals.count),
      locked: q.questions_json !== null,
      linkPath: `/t/evaluations/q/${q.link_token}`,
    };
  }

  const scopeOf = (cls: ClassRowT) => ({ institutionId: cls.institution_id, programmeId: cls.programme_id, classId: cls.id });

  /**
   * Class staff, the sponsor and admins see every questionnaire of the class; a lecturer only those
   * of sessions they taught (through the lecturer-pool entry tied to their account).
   */
  async function visibility(trx: Executor, actor: Actor, ctx: ClassCtx) {
    if (can(actor, 'evaluation.read', scopeOf(ctx.cls))) return { all: true, sees: (_q: QRow) => true };
    const mine = new Set(await timetable.lecturerIdsOfUser(actor.userId, trx));
    const sees = (q: QRow) => {
      const session = q.session_id ? ctx.sessions.get(q.session_id) : undefined;
      return !!session && session.lecturers.some((l) => mine.has(l.id));
    };
    return { all: false, sees };
  }

  function requireQuestionnaire(ctx: ClassCtx, questionnaireId: number) {
    const q = ctx.questionnaires.find((x) => x.id === questionnaireId);
    if (!q) throw notFound('questionnaire', questionnaireId);
    return q;
  }

  async function resultsOf(trx: Executor, ctx: ClassCtx, q: QRow, ratings: RatingCount[]): Promise<QuestionnaireResults> {
    const questions = questionsOf(ctx, q);
    const [options, answered, texts, groups, responses] = [
      await store.optionCounts(trx, q.id),
      await store.answeredCounts(trx, q.id),
      await store.textAnswers(trx, q.id),
      await store.groupTotals(trx, q.id),
      await store.responseCounts(trx, [q.id]),
    ];
    const nameOf = new Map(ctx.roster.map((e) => [e.id, e.name]));
    const comments = texts
      .filter((t) => t.text)
      .map((t) => ({
        question_id: t.question_id,
        text: t.text as string,
        by: q.anonymous === 0 && t.enrolment_id ? (nameOf.get(t.enrolment_id) ?? null) : null,
      }));
    const session = q.session_id ? ctx.sessions.get(q.session_id) : undefined;
    let byGroup: QuestionnaireResults['byGroup'] = null;
    if (session?.groups.length !== 1) {
      const groupName = new Map(ctx.roster.filter((e) => e.group_id !== null).map((e) => [e.group_id as number, e.group_name ?? '']));
      const sort = new Map(ctx.roster.filter((e) => e.group_id !== null).map((e) => [e.group_id as number, e.group_sort ?? 0]));
      const known = groups.filter((g) => g.groupId !== null);
      const shown = known.filter((g) => g.responses >= ctx.settings.minGroupSize);
      byGroup = {
        minGroupSize: ctx.settings.minGroupSize,
        groups: shown
          .map((g) => ({
            groupId: g.groupId as number,
            name: groupName.get(g.groupId as number) ?? '',
            responses: g.responses,
            average: meanOf(g.total, g.ratings),
          }))
          .sort((a, b) => (sort.get(a.groupId) ?? 0) - (sort.get(b.groupId) ?? 0)),
        hiddenGroups: known.length - shown.length,
      };
    }
    return {
      questionnaire: summaryOf(ctx, q, ratings),
      responses: responses[0]?.count ?? 0,
      questions: questionResults(questions, { ratings, options, answered, comments }),
      byGroup,
    };
  }

  const ratingsFor = (all: Array<RatingCount & { questionnaireId: number }>, id: number) => all.filter((r) => r.questionnaireId === id);

  function nonRespondentsOf(ctx: ClassCtx, q: QRow) {
    const answered = ctx.respondents.get(q.id) ?? new Set();
    return expectedOf(ctx, q)
      .filter((e) => !answered.has(e.id))
      .map((e) => ({ enrolmentId: e.id, name: e.name, nameBo: e.name_bo, groupName: e.group_name ?? null, phone: e.phone }));
  }

  return {
    refCipher,
    settingsOf,
    classContext,
    timesOf,
    stateOf,
    questionsOf,
    expectedOf,
    titleOf,
    summaryOf,
    visibility,
    requireQuestionnaire,
    resultsOf,
    ratingsFor,
    nonRespondentsOf,
  };
};
export type EvaluationCore = ReturnType<typeof makeEvaluationCore>;
