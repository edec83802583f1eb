import type { Kysely } from 'kysely';

// The class teacher's or organizer's comment on a trainee's action plan item (行动计划点评, #19),
// with when it was written and by whom (the audit log keeps every version).
export async function up(db: Kysely<any>) {
  await db.schema.alterTable('action_plan_items').addColumn('staff_comment', 'text').execute();
  await db.schema.alterTable('action_plan_items').addColumn('staff_comment_at', 'text').execute();
  await db.schema.alterTable('action_plan_items').addColumn('staff_comment_by', 'integer').execute();
}

export async function down(db: Kysely<any>) {
  for (const column of ['staff_comment_by', 'staff_comment_at', 'staff_comment']) await db.schema.alterTable('action_plan_items').dropColumn(column).execute();
}
