import type { ExpressionBuilder } from 'kysely';
import type { Executor } from '../../db/connection';
import { precompile, precompileLists } from '../../db/precompiled';
import type { DB, NewRow } from '../../db/schema';

type NewEntry = NewRow<'audit_log'>;

// Every write goes through here, so these are compiled once (db/precompiled.ts).
const COLUMNS = ['at', 'actor_user_id', 'action', 'entity', 'entity_id', 'class_id', 'before_json', 'after_json', 'request_id'] as const;
const tupleOf = (e: NewEntry) => COLUMNS.map((c) => e[c] ?? null);
const entryOf = (values: unknown[]) => Object.fromEntries(COLUMNS.map((c, i) => [c, values[i]])) as NewEntry;
const insertOne = precompile((db: Executor, ...values: unknown[]) => db.insertInto('audit_log').values(entryOf(values)));
const insertRows = precompileLists((db: Executor, rows: unknown[][]) => db.insertInto('audit_log').values(rows.map(entryOf)));

export const makeAuditStore = () => ({
  insert: (db: Executor, e: NewEntry) => insertOne(db, ...tupleOf(e)),
  insertMany: (db: Executor, entries: NewEntry[]) => (entries.length ? insertRows(db, entries.map(tupleOf)) : Promise.resolve([])),
  listForClass: (db: Executor, classId: number, limit: number) =>
    db
      .selectFrom('audit_log')
      .leftJoin('users', 'users.id', 'audit_log.actor_user_id')
      .select([
        'audit_log.id',
        'audit_log.at',
        'users.display_name as actor',
        'audit_log.action',
        'audit_log.entity',
        'audit_log.entity_id',
        'audit_log.before_json',
        'audit_log.after_json',
      ])
      .where('audit_log.class_id', '=', classId)
      .orderBy('audit_log.id', 'desc')
      .limit(limit)
      .execute(),
  /** One page of a trail, newest first, with the filter's total. */
  search: async (db: Executor, scope: AuditScope, filter: AuditFilter, page: { limit: number; offset: number }) => {
    const filtered = (eb: Eb) =>
      eb.and([
        inScope(eb, scope),
        ...(filter.action ? [eb('a.action', '=', filter.action)] : []),
        ...(filter.entity ? [eb('a.entity', '=', filter.entity)] : []),
        ...(filter.actorId ? [eb('a.actor_user_id', '=', filter.actorId)] : []),
      ]);
    const [rows, total] = await Promise.all([
      db
        .selectFrom('audit_log as a')
        .leftJoin('users as u', 'u.id', 'a.actor_user_id')
        .leftJoin('classes as c', 'c.id', 'a.class_id')
        .select([
          'a.id',
          'a.at',
          'a.actor_user_id',
          'u.display_name as actor',
          'a.action',
          'a.entity',
          'a.entity_id',
          'a.class_id',
          'c.title as class_title',
          'a.before_json',
          'a.after_json',
        ])
        .where(filtered)
        .orderBy('a.id', 'desc')
        .limit(page.limit)
        .offset(page.offset)
        .execute(),
      db
        .selectFrom('audit_log as a')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where(filtered)
        .executeTakeFirstOrThrow(),
    ]);
    return { rows, total: Number(total.n) };
  },
  /** What a trail's filters can offer: its actions, entities and the people who acted in it. */
  facets: async (db: Executor, scope: AuditScope) => {
    const [actions, entities, actors] = await Promise.all([
      db
        .selectFrom('audit_log as a')
        .select('a.action')
        .distinct()
        .where((eb) => inScope(eb, scope))
        .orderBy('a.action')
        .execute(),
      db
        .selectFrom('audit_log as a')
        .select('a.entity')
        .distinct()
        .where((eb) => inScope(eb, scope))
        .orderBy('a.entity')
        .execute(),
      db
        .selectFrom('users as u')
        .select(['u.id', 'u.display_name'])
        .where('u.id', 'in', (eb) =>
          eb
            .selectFrom('audit_log as a')
            .select('a.actor_user_id')
            .where((e2) => e2.and([inScope(e2, scope), e2('a.actor_user_id', 'is not', null)])),
        )
        .orderBy('u.display_name')
        .execute(),
    ]);
    return { actions: actions.map((r) => r.action), entities: entities.map((r) => r.entity), actors: actors.map((r) => ({ id: r.id, name: r.display_name })) };
  },
  listForEntity: (db: Executor, entity: string, entityId: number) =>
    db.selectFrom('audit_log').selectAll().where('entity', '=', entity).where('entity_id', '=', entityId).orderBy('id').execute(),
});
export type AuditStore = ReturnType<typeof makeAuditStore>;

export type AuditScope = { classId: number } | { institutionId: number };
export type AuditFilter = { action?: string; entity?: string; actorId?: number };
type Eb = ExpressionBuilder<DB & { a: DB['audit_log'] }, 'a'>;

// The institution's trail is a report across modules (like the hours report): entries of its
// classes, and entries about its programmes, sites, lecturers, people and staff accounts, found by
// reading which rows are the institution's. Nothing here writes those tables.
function inScope(eb: Eb, scope: AuditScope) {
  if ('classId' in scope) return eb('a.class_id', '=', scope.classId);
  const inst = scope.institutionId;
  const programmes = eb.selectFrom('programmes').select('id').where('institution_id', '=', inst);
  const classes = eb.selectFrom('classes').select('id').where('programme_id', 'in', programmes);
  const about = (entity: string, ids: Parameters<typeof eb>[2]) => eb.and([eb('a.entity', '=', entity), eb('a.entity_id', 'in', ids)]);
  const staff = eb
    .selectFrom('role_grants as g')
    .select('g.user_id')
    .where((g) =>
      g.or([
        g.and([g('g.scope_type', '=', 'institution'), g('g.scope_id', '=', inst)]),
        g.and([g('g.scope_type', '=', 'programme'), g('g.scope_id', 'in', programmes)]),
        g.and([g('g.scope_type', '=', 'class'), g('g.scope_id', 'in', classes)]),
      ]),
    );
  return eb.or([
    eb('a.class_id', 'in', classes),
    eb.and([eb('a.entity', '=', 'institution'), eb('a.entity_id', '=', inst)]),
    about('programme', programmes),
    about('site', eb.selectFrom('sites').select('id').where('institution_id', '=', inst)),
    about('lecturer', eb.selectFrom('lecturers').select('id').where('institution_id', '=', inst)),
    about('person', eb.selectFrom('people').select('id').where('institution_id', '=', inst)),
    about('user', staff),
  ]);
}
