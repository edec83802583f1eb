import type { Kysely } from 'kysely';

// The class's lunch break in its own time zone (wall-clock "HH:mm"): planning warns about a
// session that leaves no gap in it (#9). Colleges differ, so it is per class.
export async function up(db: Kysely<any>) {
  await db.schema
    .alterTable('classes')
    .addColumn('lunch_starts', 'text', (c) => c.notNull().defaultTo('11:30'))
    .execute();
  await db.schema
    .alterTable('classes')
    .addColumn('lunch_ends', 'text', (c) => c.notNull().defaultTo('13:30'))
    .execute();
}

export async function down(db: Kysely<any>) {
  await db.schema.alterTable('classes').dropColumn('lunch_ends').execute();
  await db.schema.alterTable('classes').dropColumn('lunch_starts').execute();
}
