// A unique index refused a row: SQLite (better-sqlite3) and PostgreSQL say so with different
// codes. Services check for duplicates first and answer a 409 on the field; this catches the
// rare request that races another past that check, so it gets the same answer instead of a 500.
export function isUniqueViolation(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/** Runs `work`; a unique violation becomes the error `duplicate()` makes. */
export async function unlessDuplicate<T>(work: () => Promise<T>, duplicate: () => Error): Promise<T> {
  try {
    return await work();
  } catch (e) {
    throw isUniqueViolation(e) ? duplicate() : e;
  }
}
