import { IMPORT_FIELDS, type ImportColumnChoice, type ImportField } from '../../../contracts';
import { AppError } from '../../lib/errors';
import { type ColumnMapping, columnLetter, fieldOfHeader, type MappedColumn, mappingOf, normaliseHeader } from './headers';

// Column mapping chosen by people (#16): a heading we do not recognise, or recognise wrongly, is
// mapped (or ignored) by the user on screen; the choice is remembered for the institution under
// the normalised heading and applied to its next files, where the user may change it again.
// Precedence: the user's choice now, then the remembered one, then recognition.

/** Normalised heading → field or 'ignore', as the institution's users last chose. */
export type RememberedMappings = Map<string, ImportColumnChoice>;

const FIELDS = new Set<string>(IMPORT_FIELDS);

export function rememberedFrom(rows: Array<{ header_key: string; field: string }>): RememberedMappings {
  const out: RememberedMappings = new Map();
  // A field dropped from a later version is not a mapping any more.
  for (const r of rows) if (r.field === 'ignore' || FIELDS.has(r.field)) out.set(r.header_key, r.field as ImportColumnChoice);
  return out;
}

const fieldOfChoice = (c: ImportColumnChoice): ImportField | null => (c === 'ignore' ? null : c);

export type ColumnMapper = {
  /** How many distinct fields a row's cells name, recognised or remembered: finds the heading row. */
  score(cells: string[]): number;
  /** The columns of the heading row, with the user's choices applied by column index. */
  map(headers: string[]): ColumnMapping;
};

export function columnMapper(remembered: RememberedMappings, chosen: Record<string, ImportColumnChoice> = {}): ColumnMapper {
  const automatic = (header: string): Pick<MappedColumn, 'field' | 'source'> => {
    const key = normaliseHeader(header);
    const r = key ? remembered.get(key) : undefined;
    if (r !== undefined) return { field: fieldOfChoice(r), source: 'remembered' };
    return { field: fieldOfHeader(header), source: 'recognised' };
  };
  return {
    score: (cells) => new Set(cells.map((c) => automatic(c).field).filter((f) => f !== null)).size,
    map(headers) {
      for (const index of Object.keys(chosen)) {
        if (Number(index) >= headers.length)
          throw new AppError('roster_import.bad_decisions', 400, {}, [
            { field: `decisions.mapping.${index}`, code: 'roster_import.no_such_column', params: { column: columnLetter(Number(index)) } },
          ]);
      }
      return mappingOf(
        headers.map((header, index) => {
          const c = chosen[String(index)];
          const { field, source } = c !== undefined ? { field: fieldOfChoice(c), source: 'user' as const } : automatic(header);
          return { index, header, letter: columnLetter(index), field, source };
        }),
      );
    },
  };
}

/** What to remember after a commit: every column the user mapped by hand that has a heading. */
export function mappingsToRemember(mapping: ColumnMapping): Array<{ headerKey: string; field: string }> {
  const out = new Map<string, string>();
  for (const c of mapping.columns) {
    const headerKey = normaliseHeader(c.header);
    if (c.source === 'user' && headerKey) out.set(headerKey, c.field ?? 'ignore');
  }
  return [...out].map(([headerKey, field]) => ({ headerKey, field }));
}
