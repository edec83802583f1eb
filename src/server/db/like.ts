import { sql } from 'kysely';

/** A LIKE pattern matching any text that holds `text`, its `%`, `_` and `\` literal (with ESCAPE_BACKSLASH). */
export const containing = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
/** The ESCAPE clause that `containing` patterns need (the same on SQLite and PostgreSQL). */
export const ESCAPE_BACKSLASH = sql`escape '\\'`;
