import { LINK_FIELDS, type LinkChoice, type LinkField, type PersonInput } from '../../../contracts';
import type { Row } from '../../db/schema';
import type { ImportRow } from './rows';

// Linking a row to a person on record (#16): every field where the file says something else than
// the record is shown with both values, and the user keeps the record's or takes the file's, field
// by field. Unless told, the record is kept: a file never rewrites a shared record silently.

const COLUMN: Record<LinkField, keyof Row<'people'>> = {
  nameBo: 'name_bo',
  nameLatin: 'name_latin',
  gender: 'gender',
  ethnicity: 'ethnicity',
  workUnit: 'work_unit',
  position: 'position',
  rank: 'rank',
  phone: 'phone',
  notes: 'notes',
};

export type Difference = { field: LinkField; file: string; record: string | null; choice: LinkChoice };

/** The fields the file fills in differently from the record; an empty cell is no difference (it clears nothing). */
export function differencesOf(row: ImportRow, person: Row<'people'>, choices: Partial<Record<LinkField, LinkChoice>> = {}): Difference[] {
  const out: Difference[] = [];
  for (const field of LINK_FIELDS) {
    const file = row[field];
    const record = person[COLUMN[field]] as string | null;
    if (file === null || file === record) continue;
    out.push({ field, file, record, choice: choices[field] ?? 'keep' });
  }
  return out;
}

/** The change to the record that the user's "take" choices make; empty when everything is kept. */
export const patchOf = (differences: Difference[]): Partial<PersonInput> =>
  Object.fromEntries(differences.filter((d) => d.choice === 'take').map((d) => [d.field, d.file])) as Partial<PersonInput>;
