import type { Kysely } from 'kysely';

// Trainee invitations expire (#14): by default 30 days after the class ends, or 30 days after
// being issued when that is later. Invitations issued before get that date from their class.
export async function up(db: Kysely<any>) {
  await db.schema.alterTable('invitations').addColumn('expires_at', 'text').execute();
  const rows = await db
    .selectFrom('invitations as i')
    .innerJoin('enrolments as e', 'e.id', 'i.enrolment_id')
    .innerJoin('classes as c', 'c.id', 'e.class_id')
    .select(['i.id', 'i.issued_at', 'c.ends_on'])
    .execute();
  const day = 86_400_000;
  for (const r of rows as Array<{ id: number; issued_at: string; ends_on: string }>) {
    // The end of the class's last day, generously (UTC+14 is the earliest zone to reach it).
    const classEnd = Date.parse(`${r.ends_on}T23:59:59.999Z`);
    const expires = new Date(Math.max(classEnd + 30 * day, Date.parse(r.issued_at) + 30 * day)).toISOString();
    await db.updateTable('invitations').set({ expires_at: expires }).where('id', '=', r.id).execute();
  }
}

export async function down(db: Kysely<any>) {
  await db.schema.alterTable('invitations').dropColumn('expires_at').execute();
}
