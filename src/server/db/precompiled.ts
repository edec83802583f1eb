import type { Compilable, CompiledQuery, Kysely } from 'kysely';
import { type Executor, keepPrepared } from './connection';

// Building a Kysely query (immutable nodes, frozen at every step) and compiling it costs far more
// than running it: ~100 µs for a join with a sub-select against ~3 µs in SQLite. On the few paths
// that run on every request (the session lookup, a check-in), a query is therefore built and
// compiled once per dialect with stand-in parameters, and later calls only swap the values in.

const PREFIX = '\u0000precompiled:';
const marker = (i: number) => `${PREFIX}${i}\u0000`;

type Entry<O> = { compiled: CompiledQuery<O>; slots: number[] };

function compileWithMarkers<O>(query: Compilable<O>): Entry<O> {
  const compiled = query.compile();
  const slots = compiled.parameters.map((p) => (typeof p === 'string' && p.startsWith(PREFIX) ? Number(p.slice(PREFIX.length, -1)) : -1));
  return { compiled, slots };
}

async function run<O>(db: Executor, { compiled, slots }: Entry<O>, values: unknown[]): Promise<O[]> {
  const parameters = slots.map((slot, k) => (slot >= 0 ? values[slot] : compiled.parameters[k]));
  return (await db.executeQuery<O>({ ...compiled, parameters })).rows;
}

const dialectOf = (db: Executor) => (db as Kysely<unknown>).getExecutor().adapter.constructor;

/** For queries whose shape never changes (no optional clauses, no lists). */
export function precompile<A extends unknown[], O>(build: (db: Executor, ...args: A) => Compilable<O>) {
  const byDialect = new Map<unknown, Entry<O>>();
  return (db: Executor, ...args: A): Promise<O[]> => {
    const dialect = dialectOf(db);
    let entry = byDialect.get(dialect);
    if (!entry) {
      entry = compileWithMarkers(build(db, ...(args.map((_, i) => marker(i)) as A)));
      // One shape: kept prepared on PostgreSQL (connection.ts). The list queries' shapes are many, so not those.
      keepPrepared(entry.compiled.sql);
      byDialect.set(dialect, entry);
    }
    return run(db, entry, args);
  };
}

/**
 * The same for queries over lists — `IN (…)` lists and multi-row inserts, as batched requests
 * need them: compiled once per dialect and shape (the length of each list). Every argument is a
 * list; its items are values, or rows given as tuples of values of one fixed width. A burst of
 * requests produces a few hundred shapes at most; beyond `maxShapes` the cache starts over.
 */
export function precompileLists<A extends Array<unknown[]>, O>(build: (db: Executor, ...lists: A) => Compilable<O>, maxShapes = 512) {
  const byDialect = new Map<unknown, Map<string, Entry<O>>>();
  return (db: Executor, ...lists: A): Promise<O[]> => {
    const dialect = dialectOf(db);
    let shapes = byDialect.get(dialect);
    if (!shapes) {
      shapes = new Map();
      byDialect.set(dialect, shapes);
    }
    const values: unknown[] = [];
    let shape = '';
    for (const list of lists) {
      shape += `${list.length}${list.length && Array.isArray(list[0]) ? `x${(list[0] as unknown[]).length}` : ''},`;
      for (const item of list) {
        if (Array.isArray(item)) for (const v of item) values.push(v);
        else values.push(item);
      }
    }
    let entry = shapes.get(shape);
    if (!entry) {
      let k = 0;
      const markers = lists.map((list) => list.map((item) => (Array.isArray(item) ? item.map(() => marker(k++)) : marker(k++)))) as A;
      entry = compileWithMarkers(build(db, ...markers));
      if (shapes.size >= maxShapes) shapes.clear();
      shapes.set(shape, entry);
    }
    return run(db, entry, values);
  };
}
