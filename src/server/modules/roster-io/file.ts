import { createHash } from 'node:crypto';
import type { ImportField } from '../../../contracts';
import { convertLegacyXls, isLegacyXls, LegacyXlsUnavailable } from '../../documents/legacy-xls';
import { openWorkbook, readCsvRows, type SheetRows, SpreadsheetError, shapeSheet } from '../../documents/xlsx';
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
  /** Visible sheets of a workbook in order; empty for a CSV file. */
  sheets: string[];
  /** The sheet read; null for a CSV file. */
  sheetName: string | null;
  headerRowNumber: number;
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
  /** The sheet to read, by name; by default the first whose headings name 姓名. */
  sheet?: string | null;
  /** Remembered and chosen column mappings; by default recognition only. */
  columns?: ColumnMapper;
  corrections?: CellCorrection[];
};

type Score = (cells: string[]) => number;

const isWorkbookBytes = (b: Buffer) =>
  (b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04) ||
  (b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])));

const READ_OPTIONS = { maxRows: MAX_IMPORT_ROWS, maxBytes: 5 * MAX_IMPORT_BYTES };

/** A file read once; its sheets shaped on demand (a header row other than the reader's guess re-shapes, it does not re-read). */
type Source = { sheets: string[]; shape: (sheet: string | null, headerRow?: number) => SheetRows | null };

async function guard<T>(workbook: boolean, f: () => T | Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    if (e instanceof SpreadsheetError) {
      // A CSV file has no sheets: its messages say 文件, not 工作表.
      if (e.code === 'empty' && !workbook) throw new AppError('roster_import.empty_csv', 400, {});
      if (e.code === 'empty') throw new AppError('roster_import.empty', 400, { sheet: '', sheets: '' });
      const status = e.code === 'too_large' ? 413 : 400;
      throw new AppError(`roster_import.${e.code}`, status, { max: MAX_IMPORT_ROWS, limit: '10 MB' });
    }
    throw e;
  }
}

async function open(buffer: Buffer): Promise<Source> {
  // The bytes decide, not the file name: a workbook renamed .csv is still a workbook.
  if (!isWorkbookBytes(buffer)) {
    return {
      sheets: [],
      shape: (_sheet, headerRow) => {
        try {
          return readCsvRows(buffer, { ...READ_OPTIONS, headerRow });
        } catch (e) {
          if (e instanceof SpreadsheetError && e.code === 'empty') return null;
          throw e;
        }
      },
    };
  }
  const workbook = await openWorkbook(buffer, READ_OPTIONS);
  return { sheets: workbook.sheetNames, shape: (sheet, headerRow) => shapeSheet(workbook, sheet!, { ...READ_OPTIONS, headerRow }) };
}

/**
 * The sheet's rows under its heading row. The reader skips one title row by itself; offices add
 * more ("填报单位：… 填报日期：…"), so look for the row that holds the most known headings among
 * the first few.
 */
function headedRows(source: Source, sheet: string | null, score: Score): SheetRows | null {
  const first = source.shape(sheet);
  if (!first) return null;
  const candidates = [{ rowNumber: first.headerRowNumber, cells: first.headers }, ...first.rows.slice(0, HEADER_SEARCH_ROWS)];
  let best = candidates[0];
  for (const c of candidates) if (score(c.cells) > score(best.cells)) best = c;
  return best.rowNumber === first.headerRowNumber ? first : source.shape(sheet, best.rowNumber);
}

/**
 * The sheet to import: the one asked for, or else the first whose heading row names the 姓名
 * column and at least one other known column (an instructions sheet listing "姓名 必填 …" is
 * passed over), or a workbook's only sheet. Failing that, the first sheet decides the error.
 */
function chooseSheet(source: Source, wanted: string | undefined, columns?: ColumnMapper): { name: string | null; rows: SheetRows | null } {
  const score = columns?.score ?? headerScore;
  const map = columns ? (h: string[]) => columns.map(h) : mapColumns;
  if (wanted) {
    if (!source.sheets.includes(wanted)) {
      if (!source.sheets.length) throw new AppError('roster_import.sheet_in_csv', 400, { sheet: wanted });
      throw new AppError('roster_import.sheet_not_found', 400, { sheet: wanted, sheets: source.sheets.join('、') });
    }
    return { name: wanted, rows: headedRows(source, wanted, score) };
  }
  if (source.sheets.length <= 1) {
    const name = source.sheets[0] ?? null;
    return { name, rows: headedRows(source, name, score) };
  }
  for (const name of source.sheets) {
    const rows = headedRows(source, name, score);
    if (rows && map(rows.headers).indexOf.name !== undefined && score(rows.headers) >= 2) return { name, rows };
  }
  return { name: source.sheets[0], rows: headedRows(source, source.sheets[0], score) };
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
 * `sheet` names the sheet of a workbook to read; without it the sheet is found by its headings.
 */
export async function parseImportFile(upload: Buffer, options: ParseOptions = {}): Promise<ParsedImport> {
  if (upload.length > MAX_IMPORT_BYTES) throw new AppError('roster_import.too_large', 413, { max: MAX_IMPORT_ROWS, limit: '10 MB' });
  // The hash is of the file the user chose, whatever it is read through.
  const fileHash = createHash('sha256').update(upload).digest('hex');
  const buffer = isLegacyXls(upload) ? await fromLegacyXls(upload) : upload;
  const { source, chosen } = await guard(isWorkbookBytes(buffer), async () => {
    const source = await open(buffer);
    return { source, chosen: chooseSheet(source, options.sheet?.trim() || undefined, options.columns) };
  });
  const where = { sheet: chosen.name ?? '', sheets: source.sheets.join('、') };
  const emptyCode = source.sheets.length ? 'roster_import.empty' : 'roster_import.empty_csv';
  if (!chosen.rows) throw new AppError(emptyCode, 400, where);
  const sheet = chosen.rows;

  const mapping = options.columns ? options.columns.map(sheet.headers) : mapColumns(sheet.headers);
  if (sheet.mergedHeader) throw new AppError('roster_import.merged_header', 400, { row: sheet.headerRowNumber });
  const base = {
    fileHash,
    sheets: source.sheets,
    sheetName: chosen.name,
    headerRowNumber: sheet.headerRowNumber,
    mapping,
    corrected: new Map<number, ImportField[]>(),
  };
  if (mapping.indexOf.name === undefined) {
    const headers = sheet.headers.filter((h) => h.trim() !== '').join('、');
    // A sheet the user chose is theirs to map; the sheets are named when none of them was found by its headings.
    const code = source.sheets.length > 1 && !options.sheet?.trim() ? 'roster_import.no_name_column_sheets' : 'roster_import.no_name_column';
    return { ...base, rows: [], mappingProblem: { code, params: { row: sheet.headerRowNumber, headers, ...where } } };
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
  if (rows.length === 0) throw new AppError(emptyCode, 400, where);
  checkRowsTogether(rows);
  return { ...base, rows, mappingProblem: null };
}
