import type { Kysely } from 'kysely';
import { notNull, withId } from './helpers';

export async function up(db: Kysely<any>) {
  await withId(db, db.schema.createTable('institutions'))
    .addColumn('name', 'text', notNull)
    .addColumn('short_name', 'text')
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', notNull)
    .execute();
  await withId(db, db.schema.createTable('users'))
    .addColumn('username', 'text', (c) => c.notNull().unique())
    .addColumn('display_name', 'text', notNull)
    .addColumn('password_hash', 'text')
    .addColumn('is_admin', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('person_id', 'integer')
    .addColumn('locale', 'text', (c) => c.notNull().defaultTo('zh-CN'))
    .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', notNull)
    .execute();
  await withId(db, db.schema.createTable('role_grants'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('role', 'text', notNull)
    .addColumn('scope_type', 'text', notNull)
    .addColumn('scope_id', 'integer', notNull)
    .addColumn('created_at', 'text', notNull)
    .addUniqueConstraint('role_grants_unique', ['user_id', 'role', 'scope_type', 'scope_id'])
    .execute();
  await db.schema.createIndex('role_grants_scope').on('role_grants').columns(['scope_type', 'scope_id']).execute();
  await withId(db, db.schema.createTable('auth_sessions'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('csrf_token', 'text', notNull)
    .addColumn('created_at', 'text', notNull)
    .addColumn('expires_at', 'text', notNull)
    .addColumn('last_seen_at', 'text', notNull)
    .addColumn('user_agent', 'text')
    .execute();
  await withId(db, db.schema.createTable('login_attempts'))
    .addColumn('username', 'text', notNull)
    .addColumn('ip', 'text', notNull)
    .addColumn('at', 'text', notNull)
    .addColumn('succeeded', 'integer', notNull)
    .execute();
  await db.schema.createIndex('login_attempts_lookup').on('login_attempts').columns(['username', 'ip', 'at']).execute();
  await withId(db, db.schema.createTable('audit_log'))
    .addColumn('at', 'text', notNull)
    .addColumn('actor_user_id', 'integer')
    .addColumn('action', 'text', notNull)
    .addColumn('entity', 'text', notNull)
    .addColumn('entity_id', 'integer')
    .addColumn('class_id', 'integer')
    .addColumn('before_json', 'text')
    .addColumn('after_json', 'text')
    .addColumn('request_id', 'text')
    .execute();
  await db.schema.createIndex('audit_log_class').on('audit_log').columns(['class_id', 'at']).execute();
  await db.schema.createIndex('audit_log_entity').on('audit_log').columns(['entity', 'entity_id']).execute();
}
