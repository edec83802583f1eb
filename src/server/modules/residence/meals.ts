import type { z } from 'zod';
import { type DietaryNeedsBody, type FillMealsBody, MEAL_TIMES, type MealCount, type MealKind, type MealPlanBody } from '../../../contracts';
import { type Executor, nowIso } from '../../db/connection';
import type { Row } from '../../db/schema';
import { AppError, invalid, notFound } from '../../lib/errors';
import type { Actor } from '../../lib/permissions';
import { addDaysTo, instantOf } from '../../lib/wall-clock';
import { dietaryText, type ResidenceCore, type ResidenceDeps, toDietary } from './core';

const toMeal = (m: Row<'meal_plans'>) => ({
  id: m.id,
  day: m.day,
  meal: m.meal,
  servedAt: m.served_at,
  place: m.place,
  banquet: !!m.banquet,
  notes: m.notes,
});
const MEAL_ORDER: Record<MealKind, number> = { breakfast: 0, lunch: 1, dinner: 2 };

// Meals (#18): dietary needs on the person, the meal plan per day, and headcounts per meal that
// follow who is in town (arrival, departure) and who is away on approved leave at serving time.
export function makeMeals(deps: ResidenceDeps, core: ResidenceCore) {
  const { database, store, audit, classes } = deps;
  const db = database.db;

  /** Approved leave as spans: the request's own span, or from its first session's start to its last one's end. */
  async function leaveSpans(classId: number) {
    const spans = new Map<number, Array<[number, number]>>();
    for (const l of await deps.attendance.listLeaves(classId, 'approved')) {
      const from = l.startsAt ?? l.sessions.map((s) => s.startsAt).sort()[0];
      const to =
        l.endsAt ??
        l.sessions
          .map((s) => s.endsAt)
          .sort()
          .at(-1);
      if (!from || !to) continue;
      spans.set(l.enrolmentId, [...(spans.get(l.enrolmentId) ?? []), [Date.parse(from), Date.parse(to)]]);
    }
    return spans;
  }

  async function setDietaryIn(trx: Executor, actor: Actor | null, classId: number, enrolmentId: number, input: z.infer<typeof DietaryNeedsBody>) {
    const t = await core.requireTrainee(trx, classId, enrolmentId);
    const before = (await core.dietaryByPerson(trx, [t.person_id])).get(t.person_id);
    await store.upsertDietary(trx, {
      person_id: t.person_id,
      halal: input.halal ? 1 : 0,
      vegetarian: input.vegetarian ? 1 : 0,
      no_pork: input.noPork ? 1 : 0,
      no_beef_mutton: input.noBeefMutton ? 1 : 0,
      allergies: input.allergies ?? null,
      notes: input.notes ?? null,
      updated_at: nowIso(),
    });
    await audit.record(trx, actor, {
      action: 'dietary.set',
      entity: 'person',
      entityId: t.person_id,
      classId,
      before: before ? toDietary(before) : null,
      after: input,
    });
  }

  async function saveMealIn(trx: Executor, actor: Actor | null, classId: number, input: z.infer<typeof MealPlanBody>) {
    const cls = await classes.requireWritable(trx, classId, 'class');
    // A day before arrival or after departure of a residential class still gets meals; a week out does not.
    if (input.day < addDaysTo(cls.starts_on, -7) || input.day > addDaysTo(cls.ends_on, 7))
      throw new AppError('meal.outside_class', 400, { startsOn: cls.starts_on, endsOn: cls.ends_on }, [
        { field: 'day', code: 'meal.outside_class', params: { startsOn: cls.starts_on, endsOn: cls.ends_on } },
      ]);
    const before = await store.findMeal(trx, classId, input.day, input.meal);
    const row = {
      served_at: input.servedAt ?? before?.served_at ?? MEAL_TIMES[input.meal],
      place: input.place ?? null,
      banquet: input.banquet ? 1 : 0,
      notes: input.notes ?? null,
    };
    if (before) await store.updateMeal(trx, before.id, row);
    else await store.insertMeal(trx, { ...row, class_id: classId, day: input.day, meal: input.meal, created_at: nowIso() });
    const after = (await store.findMeal(trx, classId, input.day, input.meal))!;
    await audit.record(trx, actor, {
      action: before ? 'meal.update' : 'meal.create',
      entity: 'meal_plan',
      entityId: after.id,
      classId,
      before: before ? toMeal(before) : null,
      after: toMeal(after),
    });
    return toMeal(after);
  }

  return {
    async listDietary(classId: number) {
      const trainees = await core.traineesOf(db, classId);
      const diet = await core.dietaryByPerson(
        db,
        trainees.map((t) => t.person_id),
      );
      return trainees.map((t) => ({ enrolmentId: t.id, name: t.name, nameBo: t.name_bo, groupName: t.group_name, needs: toDietary(diet.get(t.person_id)) }));
    },

    setDietaryIn,
    setDietary: (actor: Actor, classId: number, enrolmentId: number, input: z.infer<typeof DietaryNeedsBody>) =>
      database.transaction((trx) => setDietaryIn(trx, actor, classId, enrolmentId, input)),

    async listMeals(classId: number) {
      await classes.requireClass(db, classId);
      return (await store.listMeals(db, classId)).map(toMeal).sort((a, b) => a.day.localeCompare(b.day) || MEAL_ORDER[a.meal] - MEAL_ORDER[b.meal]);
    },

    /** Creates or replaces the plan of one meal of one day. */
    saveMeal: (actor: Actor, classId: number, input: z.infer<typeof MealPlanBody>) => database.transaction((trx) => saveMealIn(trx, actor, classId, input)),

    /** Plans the chosen meals of each day in [from, to] that has none yet, in one go. */
    async fillMeals(actor: Actor, classId: number, input: z.infer<typeof FillMealsBody>) {
      if (input.to < input.from) throw invalid('meal.days_order', 'to');
      return database.transaction(async (trx) => {
        const have = new Set((await store.listMeals(trx, classId)).map((m) => `${m.day} ${m.meal}`));
        let created = 0;
        for (let day = input.from; day <= input.to; day = addDaysTo(day, 1)) {
          for (const meal of input.meals) {
            if (have.has(`${day} ${meal}`)) continue;
            await saveMealIn(trx, actor, classId, { day, meal, place: input.place ?? null });
            created += 1;
          }
        }
        return { created };
      });
    },

    /** The demo's past class: dietary needs (when none is known) and the missing meal plans, inside the caller's transaction. */
    async importHistoricalMeals(
      trx: Executor,
      classId: number,
      dietary: Array<{ enrolmentId: number; needs: z.infer<typeof DietaryNeedsBody> }>,
      meals: Array<z.infer<typeof MealPlanBody>>,
    ) {
      const trainees = await core.traineesOf(trx, classId);
      const known = await core.dietaryByPerson(
        trx,
        trainees.map((x) => x.person_id),
      );
      if (!known.size) for (const d of dietary) await setDietaryIn(trx, null, classId, d.enrolmentId, d.needs);
      const have = new Set((await store.listMeals(trx, classId)).map((m) => `${m.day} ${m.meal}`));
      for (const m of meals) if (!have.has(`${m.day} ${m.meal}`)) await saveMealIn(trx, null, classId, m);
    },

    async deleteMeal(actor: Actor, classId: number, mealId: number) {
      await database.transaction(async (trx) => {
        await classes.requireWritable(trx, classId, 'class');
        const before = (await store.listMeals(trx, classId)).find((m) => m.id === mealId);
        if (!before) throw notFound('meal_plan', mealId);
        await store.deleteMeal(trx, mealId);
        await audit.record(trx, actor, { action: 'meal.delete', entity: 'meal_plan', entityId: mealId, classId, before: toMeal(before) });
      });
    },

    /** Headcount of every planned meal (of one day, or all): who is in town at serving time and not on approved leave. */
    async mealCounts(classId: number, day?: string): Promise<MealCount[]> {
      const cls = await classes.requireClass(db, classId);
      const [plans, trainees, travel, leave] = await Promise.all([
        store.listMeals(db, classId),
        core.traineesOf(db, classId),
        core.travelByEnrolment(db, classId),
        leaveSpans(classId),
      ]);
      const diet = await core.dietaryByPerson(
        db,
        trainees.map((t) => t.person_id),
      );
      return plans
        .filter((p) => !day || p.day === day)
        .map(toMeal)
        .sort((a, b) => a.day.localeCompare(b.day) || MEAL_ORDER[a.meal] - MEAL_ORDER[b.meal])
        .map((plan) => {
          const at = Date.parse(instantOf(plan.day, plan.servedAt, cls.time_zone));
          const count: MealCount = { ...plan, total: 0, halal: 0, vegetarian: 0, noPork: 0, noBeefMutton: 0, special: [], away: [] };
          for (const t of trainees) {
            const legs = travel.get(t.id);
            if (legs?.arrival && Date.parse(legs.arrival.at) > at) count.away.push({ name: t.name, reason: 'not_arrived' });
            else if (legs?.departure && Date.parse(legs.departure.at) <= at) count.away.push({ name: t.name, reason: 'departed' });
            else if ((leave.get(t.id) ?? []).some(([from, to]) => from <= at && at < to)) count.away.push({ name: t.name, reason: 'leave' });
            else {
              count.total += 1;
              const d = diet.get(t.person_id);
              if (d?.halal) count.halal += 1;
              if (d?.vegetarian) count.vegetarian += 1;
              if (d?.no_pork) count.noPork += 1;
              if (d?.no_beef_mutton) count.noBeefMutton += 1;
              if (d?.allergies || d?.notes) count.special.push({ name: t.name, needs: dietaryText(d)! });
            }
          }
          return count;
        });
    },
  };
}
