import { createHash } from 'node:crypto';
import type { z } from 'zod';
import type {
  Answers,
  ClassEvaluations,
  EvaluationSettings,
  LecturerRatings,
  MyQuestionnaire,
  MyQuestionnaireDetail,
  NonRespondents,
  OutstandingEvaluations,
  Question,
  QuestionnaireResults,
  QuestionnaireState,
  QuestionnaireSummary,
  TemplateBody,
  TemplateTarget,
  UpdateEvaluationSettingsBody,
  UpdateQuestionnaireBody,
} from '../../../contracts';
import { type Database, type Executor, nowIso } from '../../db/connection';
import type { Row } from '../../db/schema';
import { qrSvg } from '../../documents/qr';
import { AppError, forbidden, invalid, notFound } from '../../lib/errors';
import { type Actor, can } from '../../lib/permissions';
import { makePersonalDataCipher, randomToken } from '../../lib/personal-data';
import type { AuditService } from '../audit/service';
import type { ClassService } from '../classes/service';
import type { RosterService } from '../roster/service';
import type { TimetableService } from '../timetable/service';
import { BUILTIN_TEMPLATES } from './default-templates';
import { localDateTime } from './local-time';
import { answersFromRows, checkAnswers, lecturerTotals, meanOf, normaliseQuestions, questionResults, type RatingCount, ratingTotals } from './questions';
import type { EvaluationStore } from './store';

export const DEFAULT_SETTINGS: EvaluationSettings = { closeAfterHours: 72, openBeforeEndMinutes: 10, minGroupSize: 5 };

type QRow = Row<'evaluation_questionnaires'>;
type TemplateRow = Row<'evaluation_templates'>;
type SessionT = Awaited<ReturnType<TimetableService['sessionsIn']>>[number];
type RosterRowT = Awaited<ReturnType<RosterService['rosterIn']>>[number];
type ClassRowT = Awaited<ReturnType<ClassService['requireClass']>>;

/** Everything about one class's evaluation that the rules need, read in one transaction. */
type ClassCtx = {
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

const parseQuestions = (json: string | null | undefined): Question[] => (json ? (JSON.parse(json) as Question[]) : []);
const addMinutes = (iso: string, minutes: number) => new Date(Date.parse(iso) + minutes * 60_000).toISOString();

export const makeEvaluationService = (deps: {
  database: Database;
  store: EvaluationStore;
  audit: Pick<AuditService, 'record'>;
  classes: Pick<ClassService, 'requireClass'>;
  timetable: Pick<TimetableService, 'sessionsIn' | 'getLecturer' | 'listLecturers' | 'lecturerIdsOfUser'>;
  roster: Pick<RosterService, 'rosterIn'>;
  secretKey: Buffer;
  publicUrl: string;
  now?: () => Date;
}) => {
  const { database, store, audit, classes, timetable, roster } = deps;
  const db = database.db;
  const clock = deps.now ?? (() => new Date());
  // The respondent → response link is encrypted with a key of its own (derived from the server
  // secret under another label), so that it cannot be read from a copy of the database.
  const refCipher = makePersonalDataCipher(
    createHash('sha256')
      .update(Buffer.concat([Buffer.from('cohort:evaluation-response-ref:'), deps.secretKey]))
      .digest(),
  );

  // ---------------------------------------------------------------------------------------------
  // Templates

  /** Seeds the built-in templates the first time an institution's evaluation is used. */
  async function ensureTemplates(trx: Executor, institutionId: number) {
    if ((await store.countBuiltins(trx, institutionId)) > 0) return;
    const existing = await store.listTemplates(trx, institutionId);
    const at = nowIso();
    for (const b of BUILTIN_TEMPLATES) {
      const taken = existing.some((t) => t.default_for === b.defaultFor);
      await store.insertTemplate(trx, {
        institution_id: institutionId,
        name: b.name,
        description: b.description,
        default_for: taken ? null : b.defaultFor,
        builtin_key: b.key,
        questions_json: JSON.stringify(b.questions),
        created_at: at,
        updated_at: at,
      });
    }
  }

  const toTemplate = (t: TemplateRow, usedBy: number) => ({
    id: t.id,
    institutionId: t.institution_id,
    name: t.name,
    description: t.description,
    defaultFor: (t.default_for as TemplateTarget | null) ?? null,
    builtinKey: t.builtin_key,
    questions: parseQuestions(t.questions_json),
    revision: t.revision,
    usedBy,
    updatedAt: t.updated_at,
  });

  async function requireTemplate(trx: Executor, institutionId: number, templateId: number) {
    const t = await store.findTemplate(trx, templateId);
    if (!t || t.institution_id !== institutionId || t.archived) throw notFound('evaluation_template', templateId);
    return t;
  }

  async function templatesWithUsage(trx: Executor, institutionId: number) {
    const rows = await store.listTemplates(trx, institutionId);
    const usage = new Map(
      (
        await store.templateUsage(
          trx,
          rows.map((r) => r.id),
        )
      ).map((u) => [u.templateId, u.n]),
    );
    return rows.map((r) => toTemplate(r, usage.get(r.id) ?? 0));
  }

  // ---------------------------------------------------------------------------------------------
  // Questionnaires of a class

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
   */
  async function ensureQuestionnaires(trx: Executor, cls: ClassRowT, sessions: SessionT[]) {
    const existing = await store.questionnairesOfClass(trx, cls.id);
    const have = new Set(existing.map((q) => q.scope_key));
    const wanted = [...sessions.map((s) => ({ key: `session:${s.id}`, session: s })), { key: 'class', session: null as SessionT | null }].filter(
      (w) => !have.has(w.key),
    );
    if (!wanted.length) return existing;
    const defaults = new Map((await store.listTemplates(trx, cls.institution_id)).filter((t) => t.default_for).map((t) => [t.default_for as string, t]));
    const at = nowIso();
    await store.insertQuestionnaires(
      trx,
      wanted.map((w) => {
        const template = defaults.get(w.session ? w.session.kind : 'class');
        return {
          class_id: cls.id,
          session_id: w.session?.id ?? null,
          scope_key: w.key,
          template_id: template?.id ?? null,
          enabled: template ? 1 : 0,
          anonymous: 1,
          questions_json: null,
          opens_at: null,
          closes_at: null,
          link_token: randomToken(12),
          created_at: at,
          updated_at: at,
        };
      }),
    );
    return store.questionnairesOfClass(trx, cls.id);
  }

  async function classContext(trx: Executor, classId: number): Promise<ClassCtx> {
    const cls = await classes.requireClass(trx, classId);
    await ensureTemplates(trx, cls.institution_id);
    const [settings, sessionList, rosterRows] = [await settingsOf(trx, classId), await timetable.sessionsIn(trx, classId), await roster.rosterIn(trx, classId)];
    const questionnaires = await ensureQuestionnaires(trx, cls, sessionList);
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
    // Editing ends when a questionnaire closes; from then on nothing ties a respondent to a response.
    const closed = questionnaires.filter((q) => stateOf(ctx, q) === 'closed').map((q) => q.id);
    await store.forgetResponseRefs(trx, closed);
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

  // ---------------------------------------------------------------------------------------------
  // Trainees

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

  // ---------------------------------------------------------------------------------------------
  // Lecturer ratings

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

  // ---------------------------------------------------------------------------------------------

  const service = {
    // Templates (institution level)
    listTemplates: (institutionId: number) =>
      database.transaction(async (trx) => {
        await ensureTemplates(trx, institutionId);
        return templatesWithUsage(trx, institutionId);
      }),

    async createTemplate(actor: Actor, institutionId: number, input: z.output<typeof TemplateBody>) {
      return database.transaction(async (trx) => {
        await ensureTemplates(trx, institutionId);
        const at = nowIso();
        const questions = normaliseQuestions(input.questions);
        const inserted = await store.insertTemplate(trx, {
          institution_id: institutionId,
          name: input.name,
          description: input.description ?? null,
          default_for: input.defaultFor ?? null,
          builtin_key: null,
          questions_json: JSON.stringify(questions),
          created_at: at,
          updated_at: at,
        });
        const id = inserted!.id;
        if (input.defaultFor) await store.clearDefaultFor(trx, institutionId, input.defaultFor, id);
        await audit.record(trx, actor, { action: 'evaluation_template.create', entity: 'evaluation_template', entityId: id, after: { ...input, questions } });
        return (await templatesWithUsage(trx, institutionId)).find((t) => t.id === id)!;
      });
    },

    async updateTemplate(actor: Actor, institutionId: number, templateId: number, input: z.output<typeof TemplateBody>) {
      return database.transaction(async (trx) => {
        const before = await requireTemplate(trx, institutionId, templateId);
        const questions = normaliseQuestions(input.questions);
        await store.updateTemplate(trx, templateId, {
          name: input.name,
          description: input.description ?? null,
          default_for: input.defaultFor === undefined ? before.default_for : input.defaultFor,
          questions_json: JSON.stringify(questions),
          updated_at: nowIso(),
        });
        if (input.defaultFor) await store.clearDefaultFor(trx, institutionId, input.defaultFor, templateId);
        await audit.record(trx, actor, {
          action: 'evaluation_template.update',
          entity: 'evaluation_template',
          entityId: templateId,
          before: toTemplate(before, 0),
          after: { ...input, questions },
        });
        return (await templatesWithUsage(trx, institutionId)).find((t) => t.id === templateId)!;
      });
    },

    /** Archives a template: it leaves the list; questionnaires that use it keep their questions. */
    async archiveTemplate(actor: Actor, institutionId: number, templateId: number) {
      await database.transaction(async (trx) => {
        const before = await requireTemplate(trx, institutionId, templateId);
        await store.updateTemplate(trx, templateId, { archived: 1, default_for: null, updated_at: nowIso() });
        await audit.record(trx, actor, {
          action: 'evaluation_template.archive',
          entity: 'evaluation_template',
          entityId: templateId,
          before: toTemplate(before, 0),
        });
      });
      return { ok: true as const };
    },

    // The class
    async classOverview(actor: Actor, classId: number): Promise<z.infer<typeof ClassEvaluations>> {
      return database.transaction(async (trx) => {
        const ctx = await classContext(trx, classId);
        const view = await visibility(trx, actor, ctx);
        const visible = ctx.questionnaires.filter(view.sees);
        const ratings = await store.ratingCounts(
          trx,
          visible.map((q) => q.id),
        );
        const summaries = visible.map((q) => summaryOf(ctx, q, ratingsFor(ratings, q.id)));
        // Sessions in timetable order, the class questionnaire last.
        summaries.sort((a, b) => (a.session ? a.session.startsAt : '9').localeCompare(b.session ? b.session.startsAt : '9') || a.id - b.id);
        return {
          classId,
          institutionId: ctx.cls.institution_id,
          classTitle: ctx.cls.title,
          timeZone: ctx.cls.time_zone,
          settings: ctx.settings,
          ownSessionsOnly: !view.all,
          questionnaires: summaries,
        };
      });
    },

    async updateSettings(actor: Actor, classId: number, patch: z.infer<typeof UpdateEvaluationSettingsBody>) {
      return database.transaction(async (trx) => {
        await classes.requireClass(trx, classId);
        const before = await settingsOf(trx, classId);
        const next = { ...before, ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) } as EvaluationSettings;
        await store.upsertSettings(trx, {
          class_id: classId,
          close_after_hours: next.closeAfterHours,
          open_before_end_minutes: next.openBeforeEndMinutes,
          min_group_size: next.minGroupSize,
          updated_at: nowIso(),
        });
        await audit.record(trx, actor, { action: 'evaluation.settings', entity: 'class', entityId: classId, classId, before, after: next });
        return next;
      });
    },

    async updateQuestionnaire(actor: Actor, classId: number, questionnaireId: number, patch: z.infer<typeof UpdateQuestionnaireBody>) {
      return database.transaction(async (trx) => {
        const ctx = await classContext(trx, classId);
        const q = requireQuestionnaire(ctx, questionnaireId);
        const locked = q.questions_json !== null;
        const changes: Partial<QRow> = {};
        if (patch.templateId !== undefined && patch.templateId !== q.template_id) {
          if (locked) throw invalid('evaluation.locked', 'templateId');
          const t = await store.findTemplate(trx, patch.templateId);
          if (!t || t.institution_id !== ctx.cls.institution_id) throw invalid('not_found', 'templateId', { entity: 'evaluation_template' });
          if (t.archived) throw invalid('evaluation.template_archived', 'templateId');
          changes.template_id = t.id;
          ctx.templates.set(t.id, t);
        }
        if (patch.enabled !== undefined && (patch.enabled ? 1 : 0) !== q.enabled) {
          if (!patch.enabled && locked) throw invalid('evaluation.locked', 'enabled');
          if (patch.enabled && !(changes.template_id ?? q.template_id)) throw invalid('evaluation.template_required', 'templateId');
          changes.enabled = patch.enabled ? 1 : 0;
        }
        if (patch.anonymous !== undefined && (patch.anonymous ? 1 : 0) !== q.anonymous) {
          if (locked) throw invalid('evaluation.locked', 'anonymous');
          changes.anonymous = patch.anonymous ? 1 : 0;
        }
        if (patch.opensAt !== undefined) changes.opens_at = patch.opensAt === null ? null : new Date(patch.opensAt).toISOString();
        if (patch.closesAt !== undefined) changes.closes_at = patch.closesAt === null ? null : new Date(patch.closesAt).toISOString();
        const next = { ...q, ...changes } as QRow;
        const times = timesOf(ctx, next);
        if (times.closesAt <= times.opensAt) throw invalid('evaluation.close_before_open', patch.closesAt !== undefined ? 'closesAt' : 'opensAt');
        if (Object.keys(changes).length) {
          await store.updateQuestionnaire(trx, q.id, { ...changes, updated_at: nowIso() });
          Object.assign(q, changes);
          await audit.record(trx, actor, {
            action: 'evaluation.questionnaire',
            entity: 'questionnaire',
            entityId: q.id,
            classId,
            before: patch,
            after: changes,
          });
        }
        const ratings = await store.ratingCounts(trx, [q.id]);
        return summaryOf(ctx, q, ratings);
      });
    },

    async results(actor: Actor, classId: number, questionnaireId: number) {
      return database.transaction(async (trx) => {
        const ctx = await classContext(trx, classId);
        const q = requireQuestionnaire(ctx, questionnaireId);
        // A lecturer asking for someone else's session is told it does not exist for them.
        if (!(await visibility(trx, actor, ctx)).sees(q)) throw notFound('questionnaire', questionnaireId);
        return resultsOf(trx, ctx, q, await store.ratingCounts(trx, [q.id]));
      });
    },

    async nonRespondents(classId: number, questionnaireId: number): Promise<NonRespondents> {
      return database.transaction(async (trx) => {
        const ctx = await classContext(trx, classId);
        const q = requireQuestionnaire(ctx, questionnaireId);
        const summary = summaryOf(ctx, q, []);
        return {
          questionnaireId: q.id,
          title: summary.title,
          state: summary.state,
          closesAt: summary.closesAt,
          expected: summary.expected,
          answered: summary.answered,
          people: nonRespondentsOf(ctx, q),
        };
      });
    },

    /** Everyone with an open questionnaire still to answer: the class teacher's reminder list. */
    async outstanding(classId: number): Promise<OutstandingEvaluations> {
      return database.transaction(async (trx) => {
        const ctx = await classContext(trx, classId);
        const open = ctx.questionnaires.filter((q) => stateOf(ctx, q) === 'open');
        const people = new Map<number, OutstandingEvaluations['people'][number]>();
        for (const q of open) {
          const times = timesOf(ctx, q);
          for (const p of nonRespondentsOf(ctx, q)) {
            const entry = people.get(p.enrolmentId) ?? { ...p, pending: [] };
            entry.pending.push({ questionnaireId: q.id, title: titleOf(ctx, q), closesAt: times.closesAt });
            people.set(p.enrolmentId, entry);
          }
        }
        const order = new Map(ctx.roster.map((e, i) => [e.id, i]));
        return {
          openQuestionnaires: open.length,
          people: [...people.values()].sort((a, b) => (order.get(a.enrolmentId) ?? 0) - (order.get(b.enrolmentId) ?? 0)),
        };
      });
    },

    async link(actor: Actor, classId: number, questionnaireId: number) {
      const path = await database.transaction(async (trx) => {
        const ctx = await classContext(trx, classId);
        const q = requireQuestionnaire(ctx, questionnaireId);
        if (!(await visibility(trx, actor, ctx)).sees(q)) throw notFound('questionnaire', questionnaireId);
        return `/t/evaluations/q/${q.link_token}`;
      });
      const url = `${deps.publicUrl.replace(/\/$/, '')}${path}`;
      return { path, url, svg: await qrSvg(url) };
    },

    /** Everything the class report shows: summaries and full results of every questionnaire in use. */
    async reportData(classId: number) {
      return database.transaction(async (trx) => {
        const ctx = await classContext(trx, classId);
        const used = ctx.questionnaires.filter((q) => q.enabled === 1);
        const ratings = await store.ratingCounts(
          trx,
          used.map((q) => q.id),
        );
        const results: QuestionnaireResults[] = [];
        for (const q of used) results.push(await resultsOf(trx, ctx, q, ratingsFor(ratings, q.id)));
        results.sort((a, b) => (a.questionnaire.session?.startsAt ?? '9').localeCompare(b.questionnaire.session?.startsAt ?? '9'));
        return {
          classTitle: ctx.cls.title,
          timeZone: ctx.cls.time_zone,
          startsOn: ctx.cls.starts_on,
          endsOn: ctx.cls.ends_on,
          settings: ctx.settings,
          results,
        };
      });
    },

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
  return service;
};
export type EvaluationService = ReturnType<typeof makeEvaluationService>;
