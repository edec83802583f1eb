// Our own reading of an .xlsx archive's cell data: workbook.xml (sheet names, order, visibility,
// the 1904 date system), its relationships, sharedStrings, styles (only which cells are dates) and
// each worksheet's <sheetData> and <mergeCells>. Nothing else of the workbook is looked at, so a
// part a library chokes on (comments, drawings, pivot caches, odd extensions written by openpyxl,
// WPS or Numbers) cannot stop an import. Parts are scanned with regular expressions over the
// inflated text, element by element, without building a DOM; a DOCTYPE is refused outright, so no
// entity is ever expanded.

export class XlsxPartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'XlsxPartError';
  }
}

export interface SheetCells {
  name: string;
  rows: Array<{ rowNumber: number; cells: string[] }>;
  /** 1-based row and column of formula cells (their text is the cached result). */
  formulas: Array<{ row: number; col: number }>;
  /** 1-based row and column of cells stored as numbers (dates excluded). */
  numericCells: Array<{ row: number; col: number }>;
  /** Merged ranges, 1-based and inclusive. */
  merges: Array<{ top: number; left: number; bottom: number; right: number }>;
}

export interface XlsxWorkbook {
  /** Visible worksheets, in workbook order. */
  sheetNames: string[];
  readSheet(name: string): SheetCells;
}

const P = '(?:[\\w.-]+:)?'; // an optional namespace prefix (x:row, s:sheet …)

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function decodeXml(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, e: string) => {
    if (e[0] !== '#') return ENTITIES[e];
    const code = e[1] === 'x' ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1));
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
  });
}

/** OOXML escapes characters XML cannot hold as _xHHHH_ (and a literal "_x" as _x005F_x). */
const decodeOoxmlEscapes = (s: string) =>
  s.includes('_x') ? s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16))) : s;

function attr(attrs: string, name: string): string | undefined {
  const m = new RegExp(`(?:^|\\s)${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(attrs);
  return m ? decodeXml(m[1] ?? m[2]) : undefined;
}

/** The text of a string item (<si>, <is>): every <t> run, phonetic guides (<rPh>) left out. */
function textOf(fragment: string): string {
  const body = fragment.replace(new RegExp(`<${P}rPh\\b[\\s\\S]*?</${P}rPh>`, 'g'), '');
  let out = '';
  for (const m of body.matchAll(new RegExp(`<${P}t(?:\\s[^>]*)?>([\\s\\S]*?)</${P}t>`, 'g'))) out += m[1];
  return decodeOoxmlEscapes(decodeXml(out));
}

function refuseDoctype(xml: string, part: string) {
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw new XlsxPartError(`${part} declares a DOCTYPE`);
}

/** "AB12" → { col: 28, row: 12 }. */
function parseRef(ref: string): { col: number; row: number } | null {
  const m = /^\$?([A-Za-z]{1,3})\$?(\d+)$/.exec(ref);
  if (!m) return null;
  let col = 0;
  for (const ch of m[1].toUpperCase()) col = col * 26 + (ch.charCodeAt(0) - 64);
  return { col, row: Number(m[2]) };
}

// Built-in number formats (ECMA-376 §18.8.30): the ones that show a number differently, and the
// ones that are dates or times (14–22, 27–36 and 50–58 are the CJK locales' dates, 45–47 times).
const BUILTIN_FORMATS: Record<number, string> = { 1: '0', 2: '0.00', 3: '#,##0', 4: '#,##0.00', 9: '0%', 10: '0.00%', 49: '@' };
const isBuiltinDate = (id: number) => (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) || (id >= 50 && id <= 58);

/** A custom format code shows a date or time when it holds y, m, d, h or s outside quotes and brackets. */
export function isDateFormat(code: string): boolean {
  const bare = code
    .split(';')[0]
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/\[[^\]]*\]/g, '');
  return /[ymdhs]/i.test(bare) && !/^general$/i.test(bare.trim());
}

type Style = { date: boolean; format: string | undefined };

function parseStyles(xml: string | undefined): Style[] {
  if (!xml) return [];
  refuseDoctype(xml, 'styles');
  const custom = new Map<number, string>();
  for (const m of xml.matchAll(new RegExp(`<${P}numFmt\\b([^>]*?)/?>`, 'g'))) {
    const id = Number(attr(m[1], 'numFmtId'));
    const code = attr(m[1], 'formatCode');
    if (Number.isInteger(id) && code !== undefined) custom.set(id, code);
  }
  const xfs = new RegExp(`<${P}cellXfs\\b[^>]*>([\\s\\S]*?)</${P}cellXfs>`).exec(xml)?.[1] ?? '';
  const out: Style[] = [];
  for (const m of xfs.matchAll(new RegExp(`<${P}xf\\b([^>]*?)/?>`, 'g'))) {
    const id = Number(attr(m[1], 'numFmtId') ?? 0);
    const code = custom.get(id) ?? BUILTIN_FORMATS[id];
    out.push({ date: custom.has(id) ? isDateFormat(code!) : isBuiltinDate(id), format: code });
  }
  return out;
}

function parseSharedStrings(xml: string | undefined): string[] {
  if (!xml) return [];
  refuseDoctype(xml, 'sharedStrings');
  const out: string[] = [];
  for (const m of xml.matchAll(new RegExp(`<${P}si\\b[^>]*?(?:/>|>([\\s\\S]*?)</${P}si>)`, 'g'))) out.push(m[1] ? textOf(m[1]) : '');
  return out;
}

/** Relationship id → part path inside the archive, for worksheet relationships only. */
function parseRels(xml: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!xml) return out;
  refuseDoctype(xml, 'workbook relationships');
  for (const m of xml.matchAll(new RegExp(`<${P}Relationship\\b([^>]*?)/?>`, 'g'))) {
    const id = attr(m[1], 'Id');
    const target = attr(m[1], 'Target');
    const type = attr(m[1], 'Type') ?? '';
    if (!id || !target || !/\/worksheet$/.test(type)) continue;
    out.set(id, resolvePart(target));
  }
  return out;
}

function resolvePart(target: string): string {
  const parts = (target.startsWith('/') ? target.slice(1) : `xl/${target}`).split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '..') out.pop();
    else if (p !== '.' && p !== '') out.push(p);
  }
  return out.join('/');
}

export type NumberFormatter = { number: (v: number, format: string | undefined) => string; date: (d: Date) => string };

/**
 * Opens the workbook from its inflated parts (archive path → bytes). Throws XlsxPartError when the
 * parts are not a workbook we can read.
 */
export function openXlsxParts(parts: Map<string, Buffer>, fmt: NumberFormatter): XlsxWorkbook {
  const text = (name: string) => parts.get(name)?.toString('utf8');
  const workbook = text('xl/workbook.xml');
  if (workbook === undefined) throw new XlsxPartError('no xl/workbook.xml');
  refuseDoctype(workbook, 'workbook');
  const date1904 = /<(?:[\w.-]+:)?workbookPr\b[^>]*\bdate1904\s*=\s*["'](?:1|true)["']/.test(workbook);
  const rels = parseRels(text('xl/_rels/workbook.xml.rels'));
  const sheets: Array<{ name: string; path: string }> = [];
  let index = 0;
  for (const m of workbook.matchAll(new RegExp(`<${P}sheet\\b([^>]*?)/?>`, 'g'))) {
    index++;
    const name = attr(m[1], 'name');
    const state = attr(m[1], 'state');
    const rid = /(?:^|\s)[\w.-]+:id\s*=\s*["']([^"']*)["']/.exec(m[1])?.[1];
    // Without relationships (hand-made archives), sheetN.xml in order is the convention.
    const path = rid ? rels.get(rid) : rels.size === 0 ? `xl/worksheets/sheet${index}.xml` : undefined;
    if (!name || !path || !parts.has(path) || state === 'hidden' || state === 'veryHidden') continue;
    sheets.push({ name, path });
  }
  if (sheets.length === 0) throw new XlsxPartError('the workbook lists no worksheet');

  let shared: string[] | undefined;
  let styles: Style[] | undefined;
  const cache = new Map<string, SheetCells>();
  return {
    sheetNames: sheets.map((s) => s.name),
    readSheet(name) {
      const sheet = sheets.find((s) => s.name === name);
      if (!sheet) throw new XlsxPartError(`no sheet ${name}`);
      const hit = cache.get(name);
      if (hit) return hit;
      shared ??= parseSharedStrings(text('xl/sharedStrings.xml'));
      styles ??= parseStyles(text('xl/styles.xml'));
      const cells = parseSheet(name, text(sheet.path)!, { shared, styles, date1904, fmt });
      cache.set(name, cells);
      return cells;
    },
  };
}

/** Excel's serial day number as the UTC instant it shows (days since 1899-12-30, or 1904-01-01). */
const serialToDate = (serial: number, date1904: boolean) => new Date(Math.round((serial + (date1904 ? 1462 : 0) - 25569) * 86_400_000));

function parseSheet(name: string, xml: string, ctx: { shared: string[]; styles: Style[]; date1904: boolean; fmt: NumberFormatter }): SheetCells {
  refuseDoctype(xml, `sheet ${name}`);
  if (!new RegExp(`<${P}worksheet\\b`).test(xml)) throw new XlsxPartError(`sheet ${name} is not a worksheet`);
  const out: SheetCells = { name, rows: [], formulas: [], numericCells: [], merges: [] };
  const dataStart = xml.search(new RegExp(`<${P}sheetData\\b`));
  const dataEnd = xml.search(new RegExp(`</${P}sheetData>`));
  const data = dataStart < 0 ? '' : xml.slice(dataStart, dataEnd < 0 ? undefined : dataEnd);
  const rowRe = new RegExp(`<${P}row\\b([^>]*?)(?:/>|>([\\s\\S]*?)</${P}row>)`, 'g');
  const cellRe = new RegExp(`<${P}c\\b([^>]*?)(?:/>|>([\\s\\S]*?)</${P}c>)`, 'g');
  const valueRe = new RegExp(`<${P}v(?:\\s[^>]*)?>([\\s\\S]*?)</${P}v>`);
  const inlineRe = new RegExp(`<${P}is\\b[^>]*>([\\s\\S]*?)</${P}is>`);
  const formulaRe = new RegExp(`<${P}f\\b`);
  let lastRow = 0;
  for (const rm of data.matchAll(rowRe)) {
    const rowNumber = Number(attr(rm[1], 'r')) || lastRow + 1;
    lastRow = rowNumber;
    if (!rm[2]) continue;
    const cells: string[] = [];
    let lastCol = 0;
    for (const cm of rm[2].matchAll(cellRe)) {
      const ref = attr(cm[1], 'r');
      const col = (ref ? parseRef(ref)?.col : undefined) ?? lastCol + 1;
      lastCol = col;
      const body = cm[2] ?? '';
      const type = attr(cm[1], 't') ?? 'n';
      const style = ctx.styles[Number(attr(cm[1], 's') ?? 0)];
      const isFormula = formulaRe.test(body);
      if (isFormula) out.formulas.push({ row: rowNumber, col });
      const raw = valueRe.exec(body)?.[1];
      let value = '';
      if (type === 'inlineStr') value = textOf(inlineRe.exec(body)?.[1] ?? '');
      else if (raw === undefined) value = '';
      else if (type === 's') value = ctx.shared[Number(raw)] ?? '';
      else if (type === 'str') value = decodeOoxmlEscapes(decodeXml(raw));
      else if (type === 'b') value = raw.trim() === '1' || raw.trim() === 'true' ? 'TRUE' : 'FALSE';
      else if (type === 'e') value = decodeXml(raw);
      else if (type === 'd') {
        const d = new Date(raw.trim().replace(/(T\d\d:\d\d(:\d\d(\.\d+)?)?)$/, '$1Z'));
        value = Number.isNaN(d.getTime()) ? decodeXml(raw) : ctx.fmt.date(d);
      } else {
        const n = Number(raw);
        if (!Number.isFinite(n) || raw.trim() === '') value = decodeXml(raw);
        else if (style?.date) value = ctx.fmt.date(serialToDate(n, ctx.date1904));
        else {
          value = ctx.fmt.number(n, style?.format);
          out.numericCells.push({ row: rowNumber, col });
        }
      }
      cells[col - 1] = value;
    }
    for (let i = 0; i < cells.length; i++) cells[i] ??= '';
    out.rows.push({ rowNumber, cells });
  }
  const tail = dataEnd < 0 ? '' : xml.slice(dataEnd);
  for (const m of tail.matchAll(new RegExp(`<${P}mergeCell\\b([^>]*?)/?>`, 'g'))) {
    const [a, b] = (attr(m[1], 'ref') ?? '').split(':');
    const from = parseRef(a ?? '');
    const to = parseRef(b ?? a ?? '');
    if (!from || !to) continue;
    out.merges.push({
      top: Math.min(from.row, to.row),
      left: Math.min(from.col, to.col),
      bottom: Math.max(from.row, to.row),
      right: Math.max(from.col, to.col),
    });
  }
  return out;
}
