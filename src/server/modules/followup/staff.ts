import type { z } from 'zod';
import {
  type Answers,
  type ClassFollowup,
  type FollowupSettingsBody,
  type StaffPlanItemBody,
  SUPERVISOR_QUESTIONS,
  type SupervisorBody,
  type SupervisorSurvey,
} from '../../../contracts';
import type { Executor } from '../../db/connection';
import { AppError, notFound } from '../../lib/errors';
import type { Actor } from '../../lib/permissions';
import { addDaysTo } from '../../lib/wall-clock';
import { answersFromRows, checkAnswers } from '../evaluations/questions';
import { addMonthsTo, type FollowupCore, type FollowupDeps, itemOut } from './core';
import type { makePlans } from './plans';

// The class teacher's side (every trainee's plan and supervisor, the follow-up's months, the
// supervisors' links once it is open), the scheduler that opens follow-ups on their date, and the
// supervisor's page behind the signed link.
export function makeFollowupStaff(deps: FollowupDeps, core: FollowupCore, plans: ReturnType<typeof makePlans>) {
  const { database, store, audit } = deps;
  const db = database.db;

  async function classView(trx: Executor, classId: number): Promise<ClassFollowup> {
    const cls = await deps.classes.requireClass(trx, classId);
    const [schedule, people, items, supervisors, responses] = await Promise.all([
      core.schedule(trx, cls),
      deps.roster.rosterIn(trx, classId),
      store.itemsOfClass(trx, classId),
      store.supervisorsOfClass(trx, classId),
      store.responsesOfClass(trx, classId),
    ]);
    const sup = new Map(supervisors.map((s) => [s.enrolment_id, s]));
    const answered = (id: number, who: 'trainee' | 'supervisor') => responses.find((r) => r.enrolment_id === id && r.respondent === who)?.submitted_at ?? null;
    return {
      classId,
      schedule,
      rows: people
        .filter((p) => p.status === 'enrolled' || items.some((i) => i.enrolment_id === p.id))
        .map((p) => {
          const s = sup.get(p.id);
          return {
            enrolmentId: p.id,
            name: p.name,
            nameBo: p.name_bo,
            groupName: p.group_name ?? null,
            workUnit: p.work_unit,
            items: items.filter((i) => i.enrolment_id === p.id).map(itemOut),
            supervisor: s ? { name: s.name, contact: s.contact } : null,
            supervisorLink: s && schedule.state === 'open' ? core.linkOf(p.id, s.nonce) : null,
            traineeAnsweredAt: answered(p.id, 'trainee'),
            supervisorAnsweredAt: answered(p.id, 'supervisor'),
          };
        }),
    };
  }

  async function surveyOfLink(trx: Executor, token: string) {
    const s = await core.enrolmentOfLink(trx, token);
    const e = await deps.roster.findEnrolmentRow(trx, s.enrolment_id);
    if (!e) throw new AppError('followup.link_invalid', 404);
    const cls = await deps.classes.requireClass(trx, e.class_id);
    const schedule = await core.schedule(trx, cls);
    // The link works while the follow-up is open, and only then.
    if (schedule.state === 'scheduled') throw new AppError('followup.not_open', 409, { dueOn: schedule.dueOn });
    if (schedule.state === 'closed') throw new AppError('followup.link_expired', 410, { closesAt: schedule.closesAt });
    return { s, e, cls, schedule };
  }

  return {
    classView: (classId: number) => classView(db, classId),

    setSettings: (actor: Actor, classId: number, input: z.output<typeof FollowupSettingsBody>) =>
      database.transaction(async (trx) => {
        const cls = await deps.classes.requireClass(trx, classId);
        const before = await core.schedule(trx, cls);
        if (before.state !== 'scheduled') throw new AppError('followup.already_open', 409, { openedAt: before.openedAt });
        const windowDays = input.windowDays ?? before.windowDays;
        await store.saveSettings(trx, {
          class_id: classId,
          months: input.months,
          window_days: windowDays,
          updated_at: core.nowIso(),
          updated_by: actor.userId,
        });
        await audit.record(trx, actor, {
          action: 'followup.settings',
          entity: 'class',
          entityId: classId,
          classId,
          before: { months: before.months, windowDays: before.windowDays },
          after: { months: input.months, windowDays, dueOn: addMonthsTo(cls.ends_on, input.months) },
        });
        return classView(trx, classId);
      }),

    /**
     * The class teacher or organizer on screen: changes a trainee's item while the plan may still
     * change (until the follow-up opens), and comments on it until the class is archived.
     */
    updatePlanItem: (actor: Actor, classId: number, enrolmentId: number, itemId: number, input: z.output<typeof StaffPlanItemBody>) =>
      database.transaction(async (trx) => {
        const e = await core.enrolmentInClass(trx, classId, enrolmentId);
        const cls = await deps.classes.requireClass(trx, classId);
        if (cls.status === 'archived') throw new AppError('class.locked', 409, { status: cls.status, what: 'action plans' });
        const item = (await store.itemsOf(trx, enrolmentId)).find((i) => i.id === itemId);
        if (!item) throw notFound('action_plan_item', itemId);
        const next = { text: input.text, due_on: input.dueOn ?? null, measure: input.measure ?? null };
        const changed = next.text !== item.text || next.due_on !== item.due_on || next.measure !== item.measure;
        if (changed && (await core.schedule(trx, cls)).state !== 'scheduled') throw new AppError('followup.plan_frozen', 409);
        const comment = input.staffComment ?? null;
        const commented = comment !== item.staff_comment;
        if (!changed && !commented) return classView(trx, classId);
        const at = core.nowIso();
        await store.updateItem(trx, itemId, {
          ...next,
          ...(commented ? { staff_comment: comment, staff_comment_at: comment ? at : null, staff_comment_by: comment ? actor.userId : null } : {}),
          updated_at: at,
        });
        await audit.record(trx, actor, {
          action: 'action_plan.staff_update',
          entity: 'enrolment',
          entityId: enrolmentId,
          classId,
          before: { text: item.text, dueOn: item.due_on, measure: item.measure, staffComment: item.staff_comment },
          after: { name: e.name, itemId, text: next.text, dueOn: next.due_on, measure: next.measure, staffComment: comment },
        });
        return classView(trx, classId);
      }),

    setSupervisor: (actor: Actor, classId: number, enrolmentId: number, input: SupervisorBody) =>
      database.transaction(async (trx) => {
        const e = await core.enrolmentInClass(trx, classId, enrolmentId);
        await plans.setSupervisorIn(trx, actor, e, input);
        return classView(trx, classId);
      }),

    /**
     * The scheduler's job (every minute, on every instance): opens each follow-up whose day and
     * hour have come, once (the row's key makes a second instance's insert a no-op). Opening is
     * "sending": the trainees' phones show it, and the class teacher gets the supervisors' links.
     */
    async openDue() {
      const opened: number[] = [];
      for (const classId of await store.unopened(db)) {
        await database.transaction(async (trx) => {
          const cls = await deps.classes.requireClass(trx, classId);
          const s = await core.schedule(trx, cls);
          const opensAt = core.opensAt(cls, s.dueOn);
          if (core.clock() < Date.parse(opensAt)) return;
          const closesAt = core.opensAt(cls, addDaysTo(s.dueOn, s.windowDays));
          if (!(await store.openSurvey(trx, { class_id: classId, due_on: s.dueOn, opened_at: core.nowIso(), closes_at: closesAt }))) return;
          await audit.record(trx, null, { action: 'followup.open', entity: 'class', entityId: classId, classId, after: { dueOn: s.dueOn, closesAt } });
          opened.push(classId);
        });
      }
      return opened;
    },

    async supervisorSurvey(token: string): Promise<SupervisorSurvey> {
      const { s, e, cls, schedule } = await surveyOfLink(db, token);
      const response = await store.response(db, e.id, 'supervisor');
      return {
        traineeName: e.name,
        workUnit: e.work_unit,
        classTitle: cls.title,
        classDates: `${cls.starts_on} – ${cls.ends_on}`,
        supervisorName: s.name,
        items: (await store.itemsOf(db, e.id)).map(itemOut),
        questions: SUPERVISOR_QUESTIONS,
        closesAt: schedule.closesAt!,
        answeredAt: response?.submitted_at ?? null,
        answers: response ? answersFromRows(SUPERVISOR_QUESTIONS, await store.answersOf(db, response.id)) : null,
      };
    },

    /** The supervisor's answer; again while open, replacing the first. No account: the link is the key. */
    answerAsSupervisor: (token: string, answers: Answers) =>
      database.transaction(async (trx) => {
        const { e } = await surveyOfLink(trx, token);
        const checked = checkAnswers(SUPERVISOR_QUESTIONS, answers);
        if (checked.errors.length) throw new AppError('validation.failed', 400, {}, checked.errors);
        const { updated } = await plans.saveResponse(trx, e.class_id, e.id, 'supervisor', checked.rows);
        await audit.record(trx, null, {
          action: 'followup.supervisor_answer',
          entity: 'enrolment',
          entityId: e.id,
          classId: e.class_id,
          after: { trainee: e.name, updated },
        });
        const response = await store.response(trx, e.id, 'supervisor');
        return {
          ok: true as const,
          answeredAt: response!.submitted_at,
          answers: answersFromRows(SUPERVISOR_QUESTIONS, await store.answersOf(trx, response!.id)),
        };
      }),
  };
}
