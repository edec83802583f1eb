import { createHash } from 'node:crypto';
import type { ImportField } from '../../../contracts';
import { convertLegacyXls, isLegacyXls, LegacyXlsUnavailable } from '../../documents/legacy-xls';
import { readCsvRows, readSheetRows, type SheetRows, SpreadsheetError } from '../../documents/xlsx';
import { AppError } from '../../lib/errors';
import { type CellCorrection, correctedCells, correctionsByColumn } from './corrections';
import { type ColumnMapping, headerScore, mapColumns } from './headers';
import type { ColumnMapper } from './mapping';
import { checkRowsTogether, type ImportRow, readRow } from './rows';

/** Most data rows one import takes; larger rosters are split into several files. */
export const MAX_IMPORT_ROWS = 10_000;
/** Largest upload accepted (the multipart limit in app.ts matches it). */
export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;
/** Title rows above the headings that we look through. */
const HEADER_SEARCH_ROWS = 10;

export type ParsedImport = {
  fileHash: string;
  sheetName: string | null;
  headerRowNumber: number;
  /** The workbook's visible sheets (empty for CSV) and the one read. */
  sheets: string[];
  mapping: ColumnMapping;
  rows: ImportRow[];
  /** Row number → fields whose cell the user corrected. */
  corrected: Map<number, ImportField[]>;
  /**
   * Why the columns cannot be imported as mapped (no 姓名 column, one field in two columns): the
   * preview shows it with the columns so the user can map them; a commit refuses. No rows then.
   */
  mappingProblem: { code: string; params: Record<string, string | number> } | null;
};

export type ParseOptions = {
  /** The sheet to read, by name; by default the first. */
  sheet?: string;
  /** Remembered and chosen column mappings; by default recognition only. */
  columns?: ColumnMapper;
  corrections?: CellCorrection[];
};

const isWorkbookBytes = (b: Buffer) =>
  (b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04) ||
  (b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])));

async function read(buffer: Buffer, headerRow?: number, sheet?: string): Promise<SheetRows> {
  // Only the first sheet unless one is named: the template (and many offices' files) keep instructions on a second one.
  const options = { maxRows: MAX_IMPORT_ROWS, maxBytes: 5 * MAX_IMPORT_BYTES, headerRow, firstSheetOnly: true, sheet };
  try {
    // The bytes decide, not the file name: a workbook renamed .csv is still a workbook.
    return isWorkbookBytes(buffer) ? await readSheetRows(buffer, options) : readCsvRows(buffer, options);
  } catch (e) {
    if (e instanceof SpreadsheetError && e.code === 'no_such_sheet')
      throw new AppError('roster_import.no_such_sheet', 400, { sheet: sheet ?? '', sheets: e.sheets.join('、') });
    if (e instanceof SpreadsheetError) {
      const status = e.code === 'too_large' ? 413 : 400;
      throw new AppError(`roster_import.${e.code}`, status, { max: MAX_IMPORT_ROWS });
    }
    throw e;
  }
}

/** 0-based column indexes per 1-based row. */
function cellsByRow(cells: Array<{ row: number; col: number }>): Map<number, Set<number>> {
  const out = new Map<number, Set<number>>();
  for (const c of cells) {
    if (!out.has(c.row)) out.set(c.row, new Set());
    out.get(c.row)!.add(c.col - 1);
  }
  return out;
}

async function fromLegacyXls(upload: Buffer): Promise<Buffer> {
  try {
    return await convertLegacyXls(upload);
  } catch (e) {
    if (e instanceof LegacyXlsUnavailable) throw new AppError('roster_import.xls_unavailable', 400);
    if (e instanceof SpreadsheetError) throw new AppError('roster_import.not_spreadsheet', 400);
    throw e;
  }
}

/**
 * Reads an uploaded roster into rows with their file-only problems. Whole-file problems (not a
 * spreadsheet, no 姓名 column, merged headings …) throw an AppError: nothing can be previewed then.
 */
export async function parseImportFile(upload: Buffer, options: ParseOptions = {}): Promise<ParsedImport> {
  if (upload.length > MAX_IMPORT_BYTES) throw new AppError('roster_import.too_large', 413, { max: MAX_IMPORT_ROWS });
  // The hash is of the file the user chose, whatever it is read through.
  const fileHash = createHash('sha256').update(upload).digest('hex');
  const buffer = isLegacyXls(upload) ? await fromLegacyXls(upload) : upload;
  const sheetAsked = isWorkbookBytes(buffer) ? options.sheet : undefined;
  let sheet = await read(buffer, undefined, sheetAsked);
  const score = options.columns?.score ?? headerScore;

  // The reader skips one title row by itself; offices add more ("填报单位：… 填报日期：…"), so
  // look for the row that holds the most known headings among the first few.
  const candidates = [{ rowNumber: sheet.headerRowNumber, cells: sheet.headers }, ...sheet.rows.slice(0, HEADER_SEARCH_ROWS)];
  let best = candidates[0];
  for (const c of candidates) if (score(c.cells) > score(best.cells)) best = c;
  if (best.rowNumber !== sheet.headerRowNumber) sheet = await read(buffer, best.rowNumber, sheetAsked);

  const mapping = options.columns ? options.columns.map(sheet.headers) : mapColumns(sheet.headers);
  if (sheet.mergedHeader) throw new AppError('roster_import.merged_header', 400, { row: sheet.headerRowNumber });
  const base = {
    fileHash,
    sheetName: sheet.sheetName ?? null,
    sheets: sheet.sheets ?? [],
    headerRowNumber: sheet.headerRowNumber,
    mapping,
    corrected: new Map<number, ImportField[]>(),
  };
  if (mapping.indexOf.name === undefined) {
    const headers = sheet.headers.filter((h) => h.trim() !== '').join('、');
    return { ...base, rows: [], mappingProblem: { code: 'roster_import.no_name_column', params: { row: sheet.headerRowNumber, headers } } };
  }
  if (mapping.duplicates.length) {
    const d = mapping.duplicates[0];
    return { ...base, rows: [], mappingProblem: { code: 'roster_import.duplicate_column', params: { headers: d.headers.join('、') } } };
  }
  const fixes = correctionsByColumn(options.corrections ?? [], mapping, new Set(sheet.rows.map((r) => r.rowNumber)));

  const formulaCols = cellsByRow(sheet.formulas);
  const numericCols = cellsByRow(sheet.numericCells ?? []);
  if (sheet.formulas.some((f) => f.row === sheet.headerRowNumber)) throw new AppError('roster_import.formula_header', 400, { row: sheet.headerRowNumber });

  // A value merged down several rows (a group name spanning its eight members, a work unit shared
  // by two) belongs to each of them, as the sheet shows it. Side-by-side merges are left alone:
  // their neighbour is another column.
  const byRow = new Map(sheet.rows.map((r) => [r.rowNumber, r.cells]));
  const filled = new Map<number, Array<{ col: number; from: number }>>();
  for (const m of sheet.mergedCells) {
    const target = byRow.get(m.row);
    const master = byRow.get(m.masterRow);
    if (!target || !master || m.masterCol !== m.col || (target[m.col - 1] ?? '') !== '') continue;
    target[m.col - 1] = master[m.col - 1] ?? '';
    filled.set(m.row, [...(filled.get(m.row) ?? []), { col: m.col - 1, from: m.masterRow }]);
  }

  const rows: ImportRow[] = [];
  const without = (cols: Set<number> | undefined, typed: Set<number>) => (typed.size && cols ? new Set([...cols].filter((c) => !typed.has(c))) : cols);
  for (const r of sheet.rows) {
    const { cells, typed } = correctedCells(r.cells, fixes.get(r.rowNumber));
    const row = readRow(r.rowNumber, cells, mapping, without(formulaCols.get(r.rowNumber), typed) ?? new Set(), without(numericCols.get(r.rowNumber), typed));
    if (!row) continue;
    if (typed.size)
      base.corrected.set(
        r.rowNumber,
        [...typed].map((c) => mapping.columns[c].field!),
      );
    for (const f of filled.get(r.rowNumber) ?? []) {
      const field = mapping.columns[f.col]?.field;
      if (field && (r.cells[f.col] ?? '') !== '') row.problems.push({ field, code: 'cell.merged', severity: 'info', params: { row: f.from } });
    }
    rows.push(row);
  }
  if (rows.length === 0) throw new AppError('roster_import.empty', 400, {});
  checkRowsTogether(rows);
  return { ...base, rows, mappingProblem: null };
}
