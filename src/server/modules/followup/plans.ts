import type { z } from 'zod';
import {
  type Answers,
  MAX_PLAN_ITEMS,
  type MyActionPlan,
  type PlanItemBody,
  type PlanProgress,
  type SupervisorBody,
  TRAINEE_QUESTIONS,
  type TraineeFollowupBody,
} from '../../../contracts';
import type { Executor } from '../../db/connection';
import { AppError, type FieldError, invalid, notFound } from '../../lib/errors';
import type { Actor } from '../../lib/permissions';
import { answersFromRows, checkAnswers } from '../evaluations/questions';
import { type FollowupCore, type FollowupDeps, itemOut } from './core';
import type { Respondent } from './store';

type ItemInput = z.output<typeof PlanItemBody>;

// The trainee's side, on the phone: the plan's items, the supervisor they name, and their answer
// to the follow-up (each item marked done / partly / not yet, and the questions).
export function makePlans(deps: FollowupDeps, core: FollowupCore) {
  const { database, store, audit } = deps;
  const db = database.db;

  async function mineIn(trx: Executor, actor: Actor, enrolmentId: number): Promise<MyActionPlan> {
    const e = await core.ownEnrolment(trx, actor, enrolmentId);
    const cls = await deps.classes.requireClass(trx, e.class_id);
    const [items, supervisor, schedule, response] = await Promise.all([
      store.itemsOf(trx, enrolmentId),
      store.supervisor(trx, enrolmentId),
      core.schedule(trx, cls),
      store.response(trx, enrolmentId, 'trainee'),
    ]);
    return {
      classId: cls.id,
      enrolmentId,
      classTitle: cls.short_title ?? cls.title,
      items: items.map(itemOut),
      supervisor: supervisor ? { name: supervisor.name, contact: supervisor.contact } : null,
      schedule,
      editable: schedule.state === 'scheduled' && cls.status !== 'archived' && e.status !== 'withdrawn',
      questions: TRAINEE_QUESTIONS,
      answers: response ? answersFromRows(TRAINEE_QUESTIONS, await store.answersOf(trx, response.id)) : null,
      answeredAt: response?.submitted_at ?? null,
    };
  }

  /** Items can change until the follow-up opens: then the follow-up asks about the plan as it stood. */
  async function editable(trx: Executor, actor: Actor, enrolmentId: number) {
    const e = await core.ownEnrolment(trx, actor, enrolmentId);
    const cls = await deps.classes.requireClass(trx, e.class_id);
    if (cls.status === 'archived') throw new AppError('class.locked', 409, { status: cls.status, what: 'action plans' });
    if (e.status === 'withdrawn') throw new AppError('followup.withdrawn', 409, { name: e.name });
    if ((await core.schedule(trx, cls)).state !== 'scheduled') throw new AppError('followup.plan_frozen', 409);
    return e;
  }

  const cleanItem = (input: ItemInput) => ({ text: input.text, due_on: input.dueOn ?? null, measure: input.measure ?? null });

  /** Answers a follow-up for one enrolment: one response row per respondent, its answers replaced on a second answer. */
  async function saveResponse(trx: Executor, classId: number, enrolmentId: number, respondent: Respondent, rows: ReturnType<typeof checkAnswers>['rows']) {
    const at = core.nowIso();
    const before = await store.response(trx, enrolmentId, respondent);
    const id = before?.id ?? (await store.insertResponse(trx, { class_id: classId, enrolment_id: enrolmentId, respondent, submitted_at: at })).id;
    if (before) await store.touchResponse(trx, id, at);
    await store.replaceAnswers(trx, id, rows);
    return { updated: !!before };
  }

  return {
    saveResponse,
    mine: (actor: Actor, enrolmentId: number) => mineIn(db, actor, enrolmentId),

    addItem: (actor: Actor, enrolmentId: number, input: ItemInput) =>
      database.transaction(async (trx) => {
        const e = await editable(trx, actor, enrolmentId);
        const items = await store.itemsOf(trx, enrolmentId);
        if (items.length >= MAX_PLAN_ITEMS) throw invalid('followup.too_many_items', 'text', { max: MAX_PLAN_ITEMS });
        const at = core.nowIso();
        const sort = items.reduce((m, i) => Math.max(m, i.sort_order), 0) + 1;
        const { id } = await store.insertItem(trx, {
          class_id: e.class_id,
          enrolment_id: enrolmentId,
          ...cleanItem(input),
          sort_order: sort,
          created_at: at,
          updated_at: at,
        });
        await audit.record(trx, actor, {
          action: 'action_plan.add',
          entity: 'enrolment',
          entityId: enrolmentId,
          classId: e.class_id,
          after: { name: e.name, itemId: id, text: input.text },
        });
        return mineIn(trx, actor, enrolmentId);
      }),

    updateItem: (actor: Actor, enrolmentId: number, itemId: number, input: ItemInput) =>
      database.transaction(async (trx) => {
        const e = await editable(trx, actor, enrolmentId);
        const item = (await store.itemsOf(trx, enrolmentId)).find((i) => i.id === itemId);
        if (!item) throw notFound('action_plan_item', itemId);
        await store.updateItem(trx, itemId, { ...cleanItem(input), updated_at: core.nowIso() });
        await audit.record(trx, actor, {
          action: 'action_plan.update',
          entity: 'enrolment',
          entityId: enrolmentId,
          classId: e.class_id,
          before: { text: item.text, dueOn: item.due_on, measure: item.measure },
          after: { name: e.name, itemId, text: input.text, dueOn: input.dueOn ?? null, measure: input.measure ?? null },
        });
        return mineIn(trx, actor, enrolmentId);
      }),

    deleteItem: (actor: Actor, enrolmentId: number, itemId: number) =>
      database.transaction(async (trx) => {
        const e = await editable(trx, actor, enrolmentId);
        const item = (await store.itemsOf(trx, enrolmentId)).find((i) => i.id === itemId);
        if (!item) throw notFound('action_plan_item', itemId);
        await store.deleteItem(trx, itemId);
        await audit.record(trx, actor, {
          action: 'action_plan.delete',
          entity: 'enrolment',
          entityId: enrolmentId,
          classId: e.class_id,
          before: { name: e.name, itemId, text: item.text },
        });
        return mineIn(trx, actor, enrolmentId);
      }),

    /** The trainee names their supervisor, until the follow-up closes. */
    setMySupervisor: (actor: Actor, enrolmentId: number, input: SupervisorBody) =>
      database.transaction(async (trx) => {
        const e = await core.ownEnrolment(trx, actor, enrolmentId);
        await setSupervisorIn(trx, actor, e, input);
        return mineIn(trx, actor, enrolmentId);
      }),
    setSupervisorIn,

    /** The trainee's answer: every plan item's progress, and the questions; again while open, replacing the first. */
    answer: (actor: Actor, enrolmentId: number, input: z.output<typeof TraineeFollowupBody>) =>
      database.transaction(async (trx) => {
        const e = await core.ownEnrolment(trx, actor, enrolmentId);
        const cls = await deps.classes.requireClass(trx, e.class_id);
        core.requireOpen(await core.schedule(trx, cls));
        const items = await store.itemsOf(trx, enrolmentId);
        const errors: FieldError[] = [];
        const known = new Set(items.map((i) => String(i.id)));
        for (const id of Object.keys(input.progress))
          if (!known.has(id)) errors.push({ field: `progress.${id}`, code: 'followup.unknown_item', params: { id } });
        for (const [n, i] of items.entries())
          if (!input.progress[String(i.id)])
            errors.push({ field: `progress.${i.id}`, code: 'followup.progress_required', params: { number: n + 1, item: i.text } });
        const checked = checkAnswers(TRAINEE_QUESTIONS, input.answers as Answers);
        errors.push(...checked.errors);
        if (errors.length) throw new AppError('validation.failed', 400, {}, errors);
        const at = core.nowIso();
        for (const i of items) await store.updateItem(trx, i.id, { progress: input.progress[String(i.id)] as PlanProgress, updated_at: at });
        const { updated } = await saveResponse(trx, e.class_id, enrolmentId, 'trainee', checked.rows);
        // The audit says that they answered, not what: the answers are theirs and the report's.
        await audit.record(trx, actor, {
          action: 'followup.answer',
          entity: 'enrolment',
          entityId: enrolmentId,
          classId: e.class_id,
          after: { name: e.name, updated },
        });
        return mineIn(trx, actor, enrolmentId);
      }),
  };

  /** Records the supervisor; a changed one gets a new link (the old one stops working). */
  async function setSupervisorIn(trx: Executor, actor: Actor, e: { id: number; class_id: number; name: string }, input: SupervisorBody) {
    const cls = await deps.classes.requireClass(trx, e.class_id);
    if ((await core.schedule(trx, cls)).state === 'closed') throw new AppError('followup.closed', 409, {});
    const before = await store.supervisor(trx, e.id);
    const name = input.name.trim();
    const contact = input.contact.trim();
    const same = before && before.name === name && before.contact === contact;
    await store.saveSupervisor(trx, {
      enrolment_id: e.id,
      class_id: e.class_id,
      name,
      contact,
      nonce: same ? before.nonce : core.newNonce(),
      updated_at: core.nowIso(),
      updated_by: actor.userId,
    });
    await audit.record(trx, actor, {
      action: 'followup.supervisor',
      entity: 'enrolment',
      entityId: e.id,
      classId: e.class_id,
      before: before ? { name: before.name } : null,
      after: { trainee: e.name, name, newLink: !same },
    });
  }
}
