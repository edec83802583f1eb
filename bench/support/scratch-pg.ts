import pg from 'pg';

/**
 * An empty PostgreSQL database of the bench's own (on the server of `base`, else of
 * BENCH_DATABASE_URL or TEST_DATABASE_URL), and how to drop it afterwards.
 */
export async function scratchPgDatabase(prefix: string, base?: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const admin = base ?? process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const name = `${prefix}_${process.pid}`;
  const run = async (statement: string) => {
    const c = new pg.Client({ connectionString: admin });
    await c.connect();
    try {
      await c.query(statement);
    } finally {
      await c.end();
    }
  };
  await run(`CREATE DATABASE ${name}`);
  const u = new URL(admin);
  u.pathname = `/${name}`;
  return { url: u.toString(), drop: () => run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}
