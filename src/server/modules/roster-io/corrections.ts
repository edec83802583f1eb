import { IMPORT_HEADERS, type ImportField } from '../../../contracts';
import { AppError, type FieldError } from '../../lib/errors';
import type { ColumnMapping } from './headers';

// Cells corrected in the preview (#16): the user types the right value for one cell instead of
// skipping the whole person. The corrected text replaces the cell before the row is read, so it
// goes through exactly the checks the file's own cells do; a corrected cell is typed text, no
// longer a number or a formula.

export type CellCorrection = { row: number; field: ImportField; value: string };

/** Row number → column index → corrected text; refuses a correction that names no cell. */
export function correctionsByColumn(corrections: CellCorrection[], mapping: ColumnMapping, rowNumbers: Set<number>): Map<number, Map<number, string>> {
  const out = new Map<number, Map<number, string>>();
  const errors: FieldError[] = [];
  corrections.forEach((c, i) => {
    const col = mapping.indexOf[c.field];
    if (!rowNumbers.has(c.row)) errors.push({ field: `decisions.corrections.${i}.row`, code: 'roster_import.correction_no_row', params: { row: c.row } });
    else if (col === undefined)
      errors.push({ field: `decisions.corrections.${i}.field`, code: 'roster_import.correction_no_column', params: { column: IMPORT_HEADERS[c.field] } });
    else {
      if (!out.has(c.row)) out.set(c.row, new Map());
      out.get(c.row)!.set(col, c.value);
    }
  });
  if (errors.length) throw new AppError('roster_import.bad_decisions', 400, {}, errors);
  return out;
}

/** The row's cells with the corrections in place, and the columns that are now plain typed text. */
export function correctedCells(cells: string[], fixes: Map<number, string> | undefined): { cells: string[]; typed: Set<number> } {
  if (!fixes) return { cells, typed: new Set() };
  const out = [...cells];
  for (const [col, value] of fixes) {
    while (out.length < col) out.push('');
    out[col] = value;
  }
  return { cells: out, typed: new Set(fixes.keys()) };
}
