import type { Kysely } from 'kysely';

// The address a session signed in from, shown with the device on the user's own sessions list (#9).
export async function up(db: Kysely<any>) {
  await db.schema.alterTable('auth_sessions').addColumn('ip', 'text').execute();
}

export async function down(db: Kysely<any>) {
  await db.schema.alterTable('auth_sessions').dropColumn('ip').execute();
}
