import ExcelJS from 'exceljs';
import { formatNumber, isMidnightUtc } from './xlsx-read.js';

// Spreadsheets: writing .xlsx workbooks here; reading them in xlsx-read.ts and CSV in csv.ts,
// both re-exported from this file.

export * from './csv.js';
export * from './xlsx-read.js';

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
  /** Lines printed below the rows (a legend), each across the sheet's width; they take no part in the column widths. */
  notes?: string[];
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
    if (sheet.notes?.length && columns.length > 0) {
      ws.addRow([]);
      const across = widths.reduce((a, b) => a + b, 0);
      for (const note of sheet.notes) {
        const row = ws.addRow([neutraliseCell(note)]);
        if (columns.length > 1) ws.mergeCells(row.number, 1, row.number, columns.length);
        const cell = row.getCell(1);
        cell.numFmt = '@';
        cell.alignment = { wrapText: true, vertical: 'top' };
        cell.font = { italic: true, color: { argb: 'FF555555' } };
        row.height = linesAt(note, across) * LINE_HEIGHT + 2;
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
