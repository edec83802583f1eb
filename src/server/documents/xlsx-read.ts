import { openXlsxParts, type SheetCells, XlsxPartError, type XlsxWorkbook } from './xlsx-cells.js';
import { extractZipEntry, isZip, readZipDirectory, type ZipEntry, ZipError } from './zip.js';

/** A Date written by its UTC fields holds no time of day. */
export function isMidnightUtc(date: Date): boolean {
  return date.getUTCHours() === 0 && date.getUTCMinutes() === 0 && date.getUTCSeconds() === 0 && date.getUTCMilliseconds() === 0;
}

// ---------------------------------------------------------------------------------------------
// Reading

export type SpreadsheetErrorCode = 'not_spreadsheet' | 'encrypted' | 'too_large' | 'too_many_rows' | 'empty';

export class SpreadsheetError extends Error {
  constructor(
    readonly code: SpreadsheetErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'SpreadsheetError';
  }
}

export interface SheetRows {
  headers: string[];
  /** Data rows after the header, skipping blank ones; rowNumber is the row number the user sees (1-based). */
  rows: Array<{ rowNumber: number; cells: string[] }>;
  /** Cells holding formulas (1-based row and column); their cells carry the cached result. */
  formulas: Array<{ row: number; col: number }>;
  /** The header row contains merged cells, so the columns cannot be trusted to line up. */
  mergedHeader: boolean;
  /**
   * Cells at or below the header that are covered by a merged range without being its top-left
   * (master) cell; they read as empty. Lets an importer treat a group name merged down eight rows
   * as the value of all eight.
   */
  mergedCells: Array<{ row: number; col: number; masterRow: number; masterCol: number }>;
  /** 1-based row the headers came from (after any title row). */
  headerRowNumber: number;
  sheetName?: string;
  /**
   * Cells at or below the header that the workbook stores as numbers (1-based row and column).
   * Excel keeps 15 significant digits, so an ID number typed into a General cell has already lost
   * its last digits whatever it shows now.
   */
  numericCells?: Array<{ row: number; col: number }>;
}

export interface ReadOptions {
  /** Most data rows accepted. Default 10,000. */
  maxRows?: number;
  /** Limit on the upload and, for .xlsx, on the total uncompressed content. Default 50 MB. */
  maxBytes?: number;
  /** Largest compression ratio accepted for .xlsx entries over 1 MB. Default 200. */
  maxCompressionRatio?: number;
  /**
   * 1-based row to use as the header. By default the first non-blank row, unless it holds a single
   * value above a row of several (a title such as "2024年第一期培训班学员名单"), then the next one.
   */
  headerRow?: number;
  /** Trim whitespace around cell values. Default true. */
  trim?: boolean;
  /**
   * Read the first visible worksheet only, even when it holds no data. For imports whose template
   * puts instructions on a second sheet: an empty first sheet must not fall through to them.
   */
  firstSheetOnly?: boolean;
}

export const DEFAULT_MAX_ROWS = 10_000;
export const DEFAULT_MAX_BYTES = 50 * 1024 * 1024;
const DEFAULT_MAX_RATIO = 200;
const MAX_ZIP_ENTRIES = 10_000;

const OLE_SIGNATURE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

export function isOle(buffer: Buffer): boolean {
  return buffer.length >= 8 && buffer.subarray(0, 8).equals(OLE_SIGNATURE);
}

// Password-protected OOXML is an OLE compound file holding an "EncryptedPackage" stream; the
// directory stores stream names in UTF-16LE.
export function isEncryptedOoxml(buffer: Buffer): boolean {
  return isOle(buffer) && (buffer.includes(Buffer.from('EncryptedPackage', 'utf16le')) || buffer.includes('EncryptedPackage'));
}

export interface RawRow {
  rowNumber: number;
  cells: string[];
}

/**
 * Opens an .xlsx upload, refusing hostile input (encryption, zip bombs, too many rows, DOCTYPEs),
 * and reads its cells with our own parser (xlsx-cells.ts): ExcelJS refuses whole workbooks over
 * parts we do not need (a cell comment written by openpyxl is enough).
 */
export async function openWorkbook(buffer: Buffer, options: ReadOptions = {}): Promise<XlsxWorkbook> {
  const maxRows = options.maxRows ?? DEFAULT_MAX_ROWS;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  if (buffer.length === 0) throw new SpreadsheetError('empty', 'the file is empty');
  if (isEncryptedOoxml(buffer)) throw new SpreadsheetError('encrypted', 'the workbook is password-protected');
  if (isOle(buffer)) throw new SpreadsheetError('not_spreadsheet', 'legacy .xls workbooks are not supported; save as .xlsx');
  if (!isZip(buffer)) throw new SpreadsheetError('not_spreadsheet', 'not an .xlsx file');
  if (buffer.length > maxBytes) throw new SpreadsheetError('too_large', 'the file is too large');
  const parts = await vetXlsxArchive(buffer, { maxRows, maxBytes, maxRatio: options.maxCompressionRatio ?? DEFAULT_MAX_RATIO });
  try {
    return openXlsxParts(parts, { number: formatNumber, date: formatDate });
  } catch (e) {
    if (e instanceof XlsxPartError) throw new SpreadsheetError('not_spreadsheet', e.message);
    throw e;
  }
}

/** One sheet's cells shaped into headers and data rows (see shapeRows); null when it holds no data. */
export function shapeSheet(workbook: XlsxWorkbook, name: string, options: ReadOptions = {}): SheetRows | null {
  let cells: SheetCells;
  try {
    cells = workbook.readSheet(name);
  } catch (e) {
    if (e instanceof XlsxPartError) throw new SpreadsheetError('not_spreadsheet', e.message);
    throw e;
  }
  const result = shapeRows(cells.rows, options, options.maxRows ?? DEFAULT_MAX_ROWS);
  if (!result) return null;
  const header = result.headerRowNumber;
  const mergedCells: SheetRows['mergedCells'] = [];
  // Only the part of a range inside the rows read: a range may claim the whole sheet.
  const lastRow = result.rows.at(-1)?.rowNumber ?? header;
  const width = result.headers.length;
  for (const m of cells.merges) {
    for (let row = Math.max(m.top, header); row <= Math.min(m.bottom, lastRow); row++) {
      for (let col = m.left; col <= Math.min(m.right, width); col++) {
        if (row !== m.top || col !== m.left) mergedCells.push({ row, col, masterRow: m.top, masterCol: m.left });
      }
    }
  }
  return {
    ...result,
    formulas: cells.formulas.filter((f) => f.row >= header),
    mergedHeader: cells.merges.some((m) => m.top <= header && m.bottom >= header),
    mergedCells,
    numericCells: cells.numericCells.filter((c) => c.row > header),
    sheetName: name,
  };
}

/** Reads the first visible non-empty worksheet of an .xlsx file into strings, refusing hostile input. */
export async function readSheetRows(buffer: Buffer, options: ReadOptions = {}): Promise<SheetRows> {
  const workbook = await openWorkbook(buffer, options);
  const names = options.firstSheetOnly ? workbook.sheetNames.slice(0, 1) : workbook.sheetNames;
  for (const name of names) {
    const sheet = shapeSheet(workbook, name, options);
    if (sheet) return sheet;
  }
  throw new SpreadsheetError('empty', 'the workbook has no data');
}

async function vetXlsxArchive(buffer: Buffer, limits: { maxRows: number; maxBytes: number; maxRatio: number }): Promise<Map<string, Buffer>> {
  let entries: ZipEntry[];
  try {
    entries = await readZipDirectory(buffer);
  } catch (error) {
    throw fromZipError(error);
  }
  if (entries.length > MAX_ZIP_ENTRIES) throw new SpreadsheetError('too_large', 'the archive has too many entries');
  const names = new Set(entries.map((e) => e.name.replace(/^\//, '')));
  if (!names.has('[Content_Types].xml') || !names.has('xl/workbook.xml')) throw new SpreadsheetError('not_spreadsheet', 'not an .xlsx workbook');
  let total = 0;
  for (const entry of entries) {
    total += entry.uncompressedSize;
    const ratio = entry.uncompressedSize / Math.max(1, entry.compressedSize);
    if (entry.uncompressedSize > 1024 * 1024 && ratio > limits.maxRatio) throw new SpreadsheetError('too_large', 'the archive is suspiciously compressed');
  }
  if (total > limits.maxBytes) throw new SpreadsheetError('too_large', 'the workbook is too large when uncompressed');

  // Inflate everything once with hard limits: declared sizes can lie. While at it, count rows so
  // that a huge sheet is refused before any of it is parsed. Only the XML parts are kept.
  let dataRows = 0;
  const parts = new Map<string, Buffer>();
  for (const entry of entries) {
    let content: Buffer;
    try {
      content = await extractZipEntry(buffer, entry);
    } catch (error) {
      throw fromZipError(error);
    }
    const name = entry.name.replace(/^\//, '');
    if (/^xl\/worksheets\/[^/]+\.xml$/.test(name)) dataRows += countValueRows(content.toString('utf8'));
    if (/\.(xml|rels)$/i.test(name)) parts.set(name, content);
  }
  // Several sheets may legitimately hold rows; only one is imported, so allow generous slack.
  if (dataRows > limits.maxRows * 5 + 1) throw new SpreadsheetError('too_many_rows', `more than ${limits.maxRows} rows`);
  return parts;
}

function fromZipError(error: unknown): SpreadsheetError {
  if (error instanceof ZipError) {
    if (error.code === 'too_large') return new SpreadsheetError('too_large', error.message);
    if (error.code === 'encrypted') return new SpreadsheetError('encrypted', error.message);
    return new SpreadsheetError('not_spreadsheet', error.message);
  }
  return new SpreadsheetError('not_spreadsheet', 'not an .xlsx file');
}

function countValueRows(xml: string): number {
  let count = 0;
  for (const match of xml.matchAll(/<(?:\w+:)?row\b[^>]*?(?:\/>|>([\s\S]*?)<\/(?:\w+:)?row>)/g)) {
    const body = match[1];
    if (body && /<(?:\w+:)?(?:v|is|f)\b/.test(body)) count++;
  }
  return count;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

export function formatDate(value: Date): string {
  if (Number.isNaN(value.getTime())) return '';
  // Excel stores times as fractions of a day; round away float noise such as 08:29:59.999.
  const d = new Date(Math.round(value.getTime() / 1000) * 1000);
  const time = `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}${d.getUTCSeconds() ? `:${pad2(d.getUTCSeconds())}` : ''}`;
  // A time-only cell is a fraction of a day from Excel's epoch, 1899-12-30.
  if (d.getUTCFullYear() < 1900) return time;
  const date = `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
  return isMidnightUtc(d) ? date : `${date} ${time}`;
}

/** A number as a spreadsheet shows it in the given number format (percentages, fixed decimals). */
export function formatNumber(value: number, numFmt: string | undefined): string {
  if (!Number.isFinite(value)) return String(value);
  const fmt = (numFmt ?? '').split(';')[0] ?? '';
  const decimals = /0\.(0+)/.exec(fmt)?.[1]?.length ?? 0;
  if (fmt.includes('%')) return `${(value * 100).toFixed(decimals)}%`;
  // Fixed-decimal formats display rounded; thousands separators are left out on purpose because
  // the strings are parsed again by importers.
  if (/^[#,]*0(\.0+)?$/.test(fmt)) return value.toFixed(decimals);
  if (Number.isInteger(value)) return String(value);
  return String(Number(value.toPrecision(15)));
}

/** Finds the header row (skipping a one-cell title above it) and the data rows below, within the limits. */
export function shapeRows(raw: RawRow[], options: ReadOptions, maxRows: number): Omit<SheetRows, 'formulas' | 'mergedHeader' | 'mergedCells'> | null {
  const trim = options.trim ?? true;
  const clean = (s: string) => (trim ? s.trim() : s);
  const nonBlank = raw.map((r) => ({ rowNumber: r.rowNumber, cells: r.cells.map(clean) })).filter((r) => r.cells.some((c) => c !== ''));
  const filled = (cells: string[]) => cells.filter((c) => c !== '').length;
  let header: RawRow | undefined = nonBlank[0];
  if (options.headerRow !== undefined) header = nonBlank.find((r) => r.rowNumber === options.headerRow);
  else if (nonBlank.length > 2 && filled(nonBlank[0].cells) === 1 && filled(nonBlank[1].cells) > 1) header = nonBlank[1];
  if (!header) return null;
  const data = nonBlank.filter((r) => r.rowNumber > header.rowNumber);
  if (data.length === 0) return null;
  if (data.length > maxRows) throw new SpreadsheetError('too_many_rows', `more than ${maxRows} rows`);
  const lastFilled = (cells: string[]) => {
    let n = cells.length;
    while (n > 0 && cells[n - 1] === '') n--;
    return n;
  };
  const width = Math.max(lastFilled(header.cells), ...data.map((r) => lastFilled(r.cells)));
  const fit = (cells: string[]) => Array.from({ length: width }, (_, i) => cells[i] ?? '');
  return {
    headers: fit(header.cells),
    rows: data.map((r) => ({ rowNumber: r.rowNumber, cells: fit(r.cells) })),
    headerRowNumber: header.rowNumber,
  };
}
