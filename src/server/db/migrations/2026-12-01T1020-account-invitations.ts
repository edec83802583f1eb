import type { Kysely } from 'kysely';
import { notNull, withId } from './helpers';

// Single-use links with which a new (or reset) staff member sets their own password (#9). Only a
// hash of the token is kept; the link is shown once to whoever made it.
export async function up(db: Kysely<any>) {
  await withId(db, db.schema.createTable('account_invitations'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', notNull)
    .addColumn('expires_at', 'text', notNull)
    .addColumn('used_at', 'text')
    .addColumn('created_by', 'integer')
    .execute();
  await db.schema.createIndex('account_invitations_user').on('account_invitations').column('user_id').execute();
}

export async function down(db: Kysely<any>) {
  await db.schema.dropTable('account_invitations').execute();
}
