import type { Kysely } from 'kysely';

// Issue #16: a person's office phone (a landline, beside the mobile) and the kind of identity
// document their number is (mainland ID, 港澳/台湾 permits, passport). Numbers already on record
// are mainland IDs. Names written with a middle-dot variant (・ • ･ ‧) get U+00B7, as every input
// path now stores them, so that matching and searching see one name.
const VARIANTS = ['\u30FB', '\u2022', '\uFF65', '\u2027', '\u2219', '\u22C5', '\u0387'];

export async function up(db: Kysely<any>) {
  await db.schema.alterTable('people').addColumn('office_phone', 'text').execute();
  await db.schema.alterTable('people').addColumn('id_type', 'text').execute();
  await db.updateTable('people').set({ id_type: 'resident_id' }).where('id_number_enc', 'is not', null).execute();
  const rows: Array<{ id: number; name: string }> = await db
    .selectFrom('people')
    .select(['id', 'name'])
    .where((eb) => eb.or(VARIANTS.map((v) => eb('name', 'like', `%${v}%`))))
    .execute();
  for (const r of rows) {
    const name = VARIANTS.reduce((s, v) => s.split(v).join('\u00B7'), r.name).replace(/\s*\u00B7\s*/g, '\u00B7');
    await db.updateTable('people').set({ name }).where('id', '=', r.id).execute();
  }
}

export async function down(db: Kysely<any>) {
  await db.schema.alterTable('people').dropColumn('id_type').execute();
  await db.schema.alterTable('people').dropColumn('office_phone').execute();
}
