import { type Migration, type MigrationProvider, Migrator } from 'kysely';
import type { Db } from './connection';

// Migrations are TypeScript modules named by timestamp (YYYY-MM-DDTHHMM-what.ts), applied in name
// order; the same set runs on SQLite and PostgreSQL.

const provider: MigrationProvider = {
  async getMigrations() {
    const { readdirSync } = await import('node:fs');
    const { fileURLToPath } = await import('node:url');
    const dir = fileURLToPath(new URL('./migrations/', import.meta.url));
    const names = readdirSync(dir)
      .filter((f) => /^\d{4}-\d{2}-\d{2}T\d{4}-[\w-]+\.ts$/.test(f))
      .sort();
    const out: Record<string, Migration> = {};
    for (const name of names) {
      out[name.replace(/\.ts$/, '')] = (await import(new URL(`./migrations/${name}`, import.meta.url).href)) as Migration;
    }
    return out;
  },
};

export async function migrateToLatest(db: Db): Promise<string[]> {
  // Modules add migrations in parallel; one written earlier but landed later must still apply.
  const migrator = new Migrator({ db, provider, allowUnorderedMigrations: true });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
