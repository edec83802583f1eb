import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { extractZipEntry, isZip, readZipDirectory, type ZipEntry, ZipError } from './zip.js';

// ---------------------------------------------------------------------------------------------
// Writing

export type XlsxValue = string | number | null | undefined | Date;

export interface XlsxColumn {
  header: string;
  key: string;
  /** In characters; by default wide enough for the header and the values (at most 60, or 40 when wrapping). */
  width?: number;
  /**
   * Excel number format for the column's numbers, e.g. '0%' or '0.0%' for shares given as fractions
   * (0.93 shows as 93%), '0.0' for hours. Widths are measured on the formatted text.
   */
  numFmt?: string;
  /** Wrap long text inside the column's width (lines break at "\n" in any case). */
  wrap?: boolean;
  /** Upper bound of the automatic width; a longer header line wraps (the header row grows to fit). */
  maxWidth?: number;
}

export interface XlsxSheet {
  name: string;
  columns: XlsxColumn[];
  rows: Array<Record<string, XlsxValue>>;
  /** Optional title printed in a merged first row above the header. */
  title?: string;
  /**
   * How the sheet prints. Every sheet prints on A4, scaled to the page width, with its title and
   * header rows repeated on each page; `orientation` 'auto' (the default) turns the page to
   * landscape when the columns are wider than a portrait page.
   */
  print?: { orientation?: 'portrait' | 'landscape' | 'auto' };
}

/**
 * Column widths (in characters) beyond which a sheet prints landscape. An A4 portrait page holds
 * about 95 at full size; up to 110 it prints portrait scaled to no less than about 85%.
 */
export const PORTRAIT_MAX_WIDTH = 110;
const WRAP_MAX_WIDTH = 40;
const LINE_HEIGHT = 15;

const INJECTION_START = /^[=+\-@\t\r]/;
// "+86 138 0013 8000", "-5" and a lone "-" (a common "none" placeholder) start with a trigger but
// cannot call functions, reference cells or use DDE without letters or "|", so they are left alone.
const HARMLESS_SIGNED = /^[+-][\d\s.,()/+-]*$/;

/**
 * Prefixes strings that a spreadsheet would evaluate as a formula with a single quote
 * (OWASP CSV-injection advice). Values of other types pass through.
 */
export function neutraliseCell<T>(value: T): T | string {
  if (typeof value !== 'string' || !INJECTION_START.test(value) || HARMLESS_SIGNED.test(value)) return value;
  return `'${value}`;
}

/** Excel sheet names: at most 31 characters, none of []:*?/\, not starting or ending with a quote. */
export function sanitiseSheetName(name: string, taken: Set<string> = new Set()): string {
  const visible = Array.from(name)
    .filter((ch) => (ch.codePointAt(0) ?? 0) >= 0x20)
    .join('');
  const cleaned = visible
    .replace(/[[\]:*?/\\]/g, '_')
    .trim()
    .replace(/^'+|'+$/g, '');
  const base = Array.from(cleaned).slice(0, 31).join('') || 'Sheet';
  let candidate = base.toLowerCase() === 'history' ? `${base}_` : base;
  for (let n = 2; taken.has(candidate.toLowerCase()); n++) {
    const suffix = ` (${n})`;
    candidate =
      Array.from(base)
        .slice(0, 31 - suffix.length)
        .join('') + suffix;
  }
  taken.add(candidate.toLowerCase());
  return candidate;
}

function isWideChar(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    cp >= 0x20000
  );
}

const COMBINING = /\p{M}/u;

// Column widths are in "characters" of the default font; CJK glyphs take two.
export function displayWidth(text: string): number {
  let width = 0;
  for (const line of text.split('\n')) {
    let w = 0;
    // Combining marks (Tibetan vowel signs and stacked consonants) take no width of their own.
    for (const ch of line) w += COMBINING.test(ch) ? 0 : isWideChar(ch.codePointAt(0) ?? 0) ? 2 : 1;
    width = Math.max(width, w);
  }
  return width;
}

function isMidnightUtc(date: Date): boolean {
  return date.getUTCHours() === 0 && date.getUTCMinutes() === 0 && date.getUTCSeconds() === 0 && date.getUTCMilliseconds() === 0;
}

function valueText(value: XlsxValue, numFmt?: string): string {
  if (value == null) return '';
  if (value instanceof Date) return isMidnightUtc(value) ? '0000-00-00' : '0000-00-00 00:00';
  if (typeof value === 'number' && numFmt) return formatNumber(value, numFmt);
  return String(value);
}

/** Lines a cell needs at a column width: its own lines, each wrapped to the width. */
function linesAt(text: string, width: number): number {
  return text.split('\n').reduce((n, line) => n + Math.max(1, Math.ceil(displayWidth(line) / Math.max(1, width - 1))), 0);
}

const AUTO_WIDTH_SAMPLE = 2000;

/**
 * Builds an .xlsx workbook. Strings stay text (ID and phone numbers must not become numbers)
 * and are neutralised against formula injection. Dates are written by their UTC fields — pass
 * Date.UTC(...) values holding the wall-clock time to show — as yyyy-mm-dd, or with hh:mm when the
 * time is not midnight.
 */
export async function writeXlsx(sheets: XlsxSheet[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Cohort';
  workbook.created = new Date();
  const taken = new Set<string>();
  for (const sheet of sheets) {
    const columns = sheet.columns;
    const widths = columns.map((c) => {
      let width = c.width;
      if (width === undefined) {
        width = displayWidth(c.header);
        for (const row of sheet.rows.slice(0, AUTO_WIDTH_SAMPLE)) width = Math.max(width, displayWidth(valueText(row[c.key], c.numFmt)));
        // Wrapping columns stay narrower and grow their rows instead.
        width = Math.min(c.maxWidth ?? (c.wrap ? WRAP_MAX_WIDTH : 60), Math.max(8, width + 2));
      }
      return width;
    });
    const wide = widths.reduce((a, b) => a + b, 0) > PORTRAIT_MAX_WIDTH;
    const orientation = sheet.print?.orientation && sheet.print.orientation !== 'auto' ? sheet.print.orientation : wide ? 'landscape' : 'portrait';
    const ws = workbook.addWorksheet(sanitiseSheetName(sheet.name, taken), {
      // A4 (paper size 9), as wide as the page and as many pages long as it takes.
      pageSetup: {
        paperSize: 9,
        orientation,
        fitToPage: true,
        fitToWidth: 1,
        fitToHeight: 0,
        horizontalCentered: true,
        margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
      },
      headerFooter: { oddFooter: '&C第 &P 页 / 共 &N 页' },
    });
    ws.columns = columns.map((c, i) => ({ key: c.key, width: widths[i] }));
    let headerRowNumber = 1;
    if (sheet.title !== undefined && columns.length > 0) {
      const titleRow = ws.addRow([neutraliseCell(sheet.title)]);
      if (columns.length > 1) ws.mergeCells(1, 1, 1, columns.length);
      titleRow.font = { bold: true, size: 14 };
      titleRow.height = 24;
      titleRow.getCell(1).alignment = { horizontal: 'center', vertical: 'middle' };
      headerRowNumber = 2;
    }
    const header = ws.addRow(columns.map((c) => neutraliseCell(c.header)));
    // A header of two lines ("出勤\n率") gets the height of two.
    const headerLines = Math.max(1, ...columns.map((c, i) => linesAt(c.header, widths[i])));
    if (headerLines > 1) header.height = headerLines * LINE_HEIGHT + 3;
    header.font = { bold: true };
    header.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    header.eachCell((cell) => {
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8E8E8' } };
      cell.border = { bottom: { style: 'thin', color: { argb: 'FF888888' } } };
    });
    for (const record of sheet.rows) {
      const row = ws.addRow(columns.map((c) => toCellValue(record[c.key])));
      let lines = 1;
      columns.forEach((c, i) => {
        const value = record[c.key];
        const cell = row.getCell(i + 1);
        if (value instanceof Date) cell.numFmt = isMidnightUtc(value) ? 'yyyy-mm-dd' : 'yyyy-mm-dd hh:mm';
        else if (typeof value === 'string') cell.numFmt = '@';
        else if (typeof value === 'number' && c.numFmt) cell.numFmt = c.numFmt;
        if (typeof value === 'string' && (c.wrap || value.includes('\n'))) {
          cell.alignment = { wrapText: true, vertical: 'top' };
          lines = Math.max(lines, c.wrap ? linesAt(value, widths[i]) : value.split('\n').length);
        }
      });
      // Spreadsheet programs do not all grow a row for wrapped text on opening; say how tall it is,
      // and keep the row's other cells at the top beside the wrapped one.
      if (lines > 1) {
        row.height = lines * LINE_HEIGHT + 2;
        row.eachCell((cell) => {
          cell.alignment = { ...cell.alignment, vertical: 'top' };
        });
      }
    }
    ws.views = [{ state: 'frozen', xSplit: 0, ySplit: headerRowNumber }];
    ws.pageSetup.printTitlesRow = `1:${headerRowNumber}`;
    if (columns.length > 0) ws.autoFilter = { from: { row: headerRowNumber, column: 1 }, to: { row: headerRowNumber, column: columns.length } };
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function toCellValue(value: XlsxValue): ExcelJS.CellValue {
  if (value == null) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  return neutraliseCell(value);
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

const DEFAULT_MAX_ROWS = 10_000;
const DEFAULT_MAX_BYTES = 50 * 1024 * 1024;
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

interface RawRow {
  rowNumber: number;
  cells: string[];
}

/** Reads the first visible non-empty worksheet of an .xlsx file into strings, refusing hostile input. */
export async function readSheetRows(buffer: Buffer, options: ReadOptions = {}): Promise<SheetRows> {
  const maxRows = options.maxRows ?? DEFAULT_MAX_ROWS;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  if (buffer.length === 0) throw new SpreadsheetError('empty', 'the file is empty');
  if (isEncryptedOoxml(buffer)) throw new SpreadsheetError('encrypted', 'the workbook is password-protected');
  if (isOle(buffer)) throw new SpreadsheetError('not_spreadsheet', 'legacy .xls workbooks are not supported; save as .xlsx');
  if (!isZip(buffer)) throw new SpreadsheetError('not_spreadsheet', 'not an .xlsx file');
  if (buffer.length > maxBytes) throw new SpreadsheetError('too_large', 'the file is too large');

  await vetXlsxArchive(buffer, { maxRows, maxBytes, maxRatio: options.maxCompressionRatio ?? DEFAULT_MAX_RATIO });

  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(buffer as unknown as ExcelJS.Buffer);
  } catch {
    throw new SpreadsheetError('not_spreadsheet', 'the workbook could not be read');
  }

  const visible = workbook.worksheets.filter((ws) => ws.state === 'visible' || ws.state === undefined);
  const sheets = options.firstSheetOnly ? visible.slice(0, 1) : visible;
  for (const ws of sheets) {
    const raw: RawRow[] = [];
    const formulas: Array<{ row: number; col: number }> = [];
    const mergedRows = new Set<number>();
    const mergedCells: SheetRows['mergedCells'] = [];
    ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      const cells: string[] = [];
      row.eachCell({ includeEmpty: false }, (cell, col) => {
        if (cell.isMerged) mergedRows.add(rowNumber);
        // Merged ranges read as the master's value in every cell; keep it in the master only,
        // as the sheet shows it and as spreadsheet CSV export writes it.
        if (cell.type === ExcelJS.ValueType.Merge) {
          mergedCells.push({ row: rowNumber, col, masterRow: Number(cell.master.row), masterCol: Number(cell.master.col) });
          return;
        }
        const value = cell.value;
        if (value && typeof value === 'object' && ('formula' in value || 'sharedFormula' in value)) formulas.push({ row: rowNumber, col });
        cells[col - 1] = cellToString(value, cell.numFmt);
      });
      for (let i = 0; i < cells.length; i++) cells[i] ??= '';
      raw.push({ rowNumber, cells });
    });
    const result = shapeRows(raw, options, maxRows);
    if (!result) continue;
    return {
      ...result,
      formulas: formulas.filter((f) => f.row >= result.headerRowNumber),
      mergedHeader: mergedRows.has(result.headerRowNumber),
      mergedCells: mergedCells.filter((m) => m.row >= result.headerRowNumber),
      sheetName: ws.name,
    };
  }
  throw new SpreadsheetError('empty', 'the workbook has no data');
}

async function vetXlsxArchive(buffer: Buffer, limits: { maxRows: number; maxBytes: number; maxRatio: number }): Promise<void> {
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

  // Inflate everything once with hard limits: declared sizes can lie, and ExcelJS would trust them.
  // While at it, count rows so that a huge sheet is refused before ExcelJS builds objects for it.
  let dataRows = 0;
  for (const entry of entries) {
    let content: Buffer;
    try {
      content = await extractZipEntry(buffer, entry);
    } catch (error) {
      throw fromZipError(error);
    }
    if (/^\/?xl\/worksheets\/[^/]+\.xml$/.test(entry.name)) dataRows += countValueRows(content.toString('utf8'));
  }
  // Several sheets may legitimately hold rows; only the first is read, so allow generous slack.
  if (dataRows > limits.maxRows * 5 + 1) throw new SpreadsheetError('too_many_rows', `more than ${limits.maxRows} rows`);
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

function formatDate(value: Date): string {
  if (Number.isNaN(value.getTime())) return '';
  // Excel stores times as fractions of a day; round away float noise such as 08:29:59.999.
  const d = new Date(Math.round(value.getTime() / 1000) * 1000);
  const time = `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}${d.getUTCSeconds() ? `:${pad2(d.getUTCSeconds())}` : ''}`;
  // A time-only cell is a fraction of a day from Excel's epoch, 1899-12-30.
  if (d.getUTCFullYear() < 1900) return time;
  const date = `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
  return isMidnightUtc(d) ? date : `${date} ${time}`;
}

function formatNumber(value: number, numFmt: string | undefined): string {
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

function cellToString(value: ExcelJS.CellValue, numFmt: string | undefined): string {
  if (value == null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return formatNumber(value, numFmt);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return formatDate(value);
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('error' in value) return String(value.error);
  if ('formula' in value || 'sharedFormula' in value) {
    const result = (value as ExcelJS.CellFormulaValue).result;
    return result === undefined ? '' : cellToString(result as ExcelJS.CellValue, numFmt);
  }
  if ('hyperlink' in value) {
    const text = (value as ExcelJS.CellHyperlinkValue).text as unknown;
    if (typeof text === 'string') return text;
    if (text && typeof text === 'object' && 'richText' in text) return cellToString(text as ExcelJS.CellRichTextValue, numFmt);
    return value.hyperlink;
  }
  return '';
}

function shapeRows(raw: RawRow[], options: ReadOptions, maxRows: number): Omit<SheetRows, 'formulas' | 'mergedHeader' | 'mergedCells'> | null {
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

// ---------------------------------------------------------------------------------------------
// CSV

export interface CsvReadOptions extends Pick<ReadOptions, 'maxRows' | 'maxBytes' | 'headerRow' | 'trim'> {
  /** Field separator; detected from the first record (comma, tab or semicolon) when absent. */
  delimiter?: ',' | '\t' | ';';
}

/** Decodes CSV/TSV bytes: UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030 (a superset of GBK). */
export function decodeText(buffer: Buffer): string {
  if (buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf) return buffer.subarray(3).toString('utf8');
  if (buffer[0] === 0xff && buffer[1] === 0xfe) return buffer.subarray(2).toString('utf16le');
  if (buffer[0] === 0xfe && buffer[1] === 0xff) return Buffer.from(buffer.subarray(2)).swap16().toString('utf16le');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buffer);
  } catch {
    return iconv.decode(buffer, 'gb18030');
  }
}

/** Reads CSV or tab-separated text into the same shape as readSheetRows. */
export function readCsvRows(buffer: Buffer, options: CsvReadOptions = {}): SheetRows {
  const maxRows = options.maxRows ?? DEFAULT_MAX_ROWS;
  if (buffer.length === 0) throw new SpreadsheetError('empty', 'the file is empty');
  if (buffer.length > (options.maxBytes ?? DEFAULT_MAX_BYTES)) throw new SpreadsheetError('too_large', 'the file is too large');
  if (isEncryptedOoxml(buffer)) throw new SpreadsheetError('encrypted', 'the workbook is password-protected');
  if (isZip(buffer) || isOle(buffer)) throw new SpreadsheetError('not_spreadsheet', 'this is a workbook, not a CSV file');
  let text = stripTrailingEof(decodeText(buffer));
  if (hasBinaryControls(text)) throw new SpreadsheetError('not_spreadsheet', 'not a text file');
  let delimiter = options.delimiter;
  // Excel honours a leading "sep=;" line, so files exported for it may carry one.
  const sep = /^sep=([,;\t])\r?\n/i.exec(text);
  if (sep) {
    delimiter ??= sep[1] as ',' | '\t' | ';';
    text = text.slice(sep[0].length);
  }
  delimiter ??= detectDelimiter(text);
  const records = parseCsv(text, delimiter, maxRows * 5 + 10);
  const raw = records.map((cells, i) => ({ rowNumber: i + 1 + (sep ? 1 : 0), cells }));
  const shaped = shapeRows(raw, options, maxRows);
  if (!shaped) throw new SpreadsheetError('empty', 'the file has no data');
  return { ...shaped, formulas: [], mergedHeader: false, mergedCells: [] };
}

// Old DOS tools end text files with Ctrl-Z.
function stripTrailingEof(text: string): string {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 0x1a) end--;
  return text.slice(0, end);
}

// Text files never contain C0 controls other than tab and line breaks; binary data almost always does.
function hasBinaryControls(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return true;
  }
  return false;
}

function detectDelimiter(text: string): ',' | '\t' | ';' {
  const counts = { ',': 0, '\t': 0, ';': 0 };
  let quoted = false;
  for (const ch of text.slice(0, 64 * 1024)) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && ch in counts) counts[ch as keyof typeof counts]++;
  }
  if (counts['\t'] > counts[','] && counts['\t'] >= counts[';']) return '\t';
  if (counts[';'] > counts[',']) return ';';
  return ',';
}

/** RFC 4180 parsing, lenient about CR/LF/CRLF and stray quotes inside unquoted fields. */
function parseCsv(text: string, delimiter: string, maxRecords: number): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  const endRecord = () => {
    record.push(field);
    records.push(record);
    record = [];
    field = '';
    if (records.length > maxRecords) throw new SpreadsheetError('too_many_rows', 'too many rows');
  };
  while (i < text.length) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else field += ch;
      i++;
      continue;
    }
    if (ch === '"' && field === '') quoted = true;
    else if (ch === delimiter) {
      record.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      endRecord();
      if (ch === '\r' && text[i + 1] === '\n') i++;
    } else field += ch;
    i++;
  }
  if (field !== '' || record.length > 0) endRecord();
  return records;
}
