import { PassThrough, type Readable } from 'node:stream';
import { displayWidth, neutraliseCell, sanitiseSheetName, type XlsxColumn, type XlsxValue } from './xlsx.js';
import { isMidnightUtc } from './xlsx-read.js';
import { zipWriter } from './zip-write.js';

// A one-sheet .xlsx written as its rows arrive (#17): SpreadsheetML made as text, a batch of rows
// at a time, and deflated into a streamed zip (zip-write.ts), so a report of 200,000 people never
// sits in memory whole. ExcelJS's streaming writer did the same through a cell object per value
// and spent 13–17 s on the 200,000 rows of the yearly report; this writes them in a fraction of
// that. What it writes is what writeXlsx's sheets have: a bold title merged across the columns,
// a bold header, frozen below the header, A4 landscape fitted to the page width with the title and
// header repeated on every page and a page-number footer; strings stay text (style '@') and are
// neutralised against formula injection; numbers may have a column format; dates are written by
// their UTC fields, as yyyy-mm-dd or with hh:mm. Column widths come from the column (or its
// header), as there are no rows to measure beforehand.
export interface XlsxStreamSheet {
  name: string;
  title?: string;
  columns: XlsxColumn[];
  /** Batches of rows, in order. */
  rows: AsyncIterable<Array<Record<string, XlsxValue>>>;
}

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL = 'http://schemas.openxmlformats.org/package/2006/relationships';
const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
/** Rows are handed to zlib in pieces of about this many characters. */
const CHUNK = 256 * 1024;

// Cell styles (cellXfs) by index.
const S_TITLE = 1;
const S_HEADER = 2;
const S_TEXT = 3;
const S_DATE = 4;
const S_DATETIME = 5;
const S_FIRST_NUMFMT = 6;

// Characters XML 1.0 cannot hold, and Excel's own escape (_xHHHH_) that a literal text must not look like.
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters to remove
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const LOOKS_ESCAPED = /_(x[0-9a-fA-F]{4}_)/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: the same characters, tested first
const SPECIAL = /[&<>"_\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udfff]/;

/** Text as XML character data: escaped, XML-invalid characters and lone surrogates dropped. */
export function xmlText(text: string): string {
  if (!SPECIAL.test(text)) return text;
  return text
    .replace(NOT_XML, '')
    .replace(LONE_SURROGATE, '')
    .replace(LOOKS_ESCAPED, '_x005F_$1')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/** A, B, …, Z, AA, … for column number n (1-based). */
export function columnLetters(n: number): string {
  let s = '';
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) s = String.fromCharCode(65 + ((k - 1) % 26)) + s;
  return s;
}

/** Excel's serial day number of a date written by its UTC fields. */
const serial = (d: Date) => d.getTime() / 86_400_000 + 25_569;

export function streamXlsx(sheet: XlsxStreamSheet): Readable {
  const out = new PassThrough();
  write(sheet, out).catch((e) => out.destroy(e));
  return out;
}

async function write(sheet: XlsxStreamSheet, out: PassThrough) {
  const zip = zipWriter(out);
  const name = sanitiseSheetName(sheet.name);
  const n = sheet.columns.length;
  const letters = sheet.columns.map((_, i) => columnLetters(i + 1));
  const numFmts = [...new Set(sheet.columns.map((c) => c.numFmt).filter((f): f is string => !!f))];
  const numStyle = sheet.columns.map((c) => (c.numFmt ? S_FIRST_NUMFMT + numFmts.indexOf(c.numFmt) : 0));
  const top = sheet.title === undefined ? 1 : 2;

  await zip.file('[Content_Types].xml', contentTypes());
  await zip.file('_rels/.rels', rootRels());
  await zip.file(
    'docProps/app.xml',
    `${XML}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>Cohort</Application></Properties>`,
  );
  await zip.file('docProps/core.xml', coreProps(new Date()));
  await zip.file('xl/workbook.xml', workbook(name, top));
  await zip.file('xl/_rels/workbook.xml.rels', workbookRels());
  await zip.file('xl/styles.xml', styles(numFmts));

  const ws = await zip.entry('xl/worksheets/sheet1.xml');
  const cols = sheet.columns
    // At least as wide as the header, which does not wrap (a stored row keeps its height).
    .map((c, i) => `<col min="${i + 1}" max="${i + 1}" width="${Math.max(c.width ?? 8, Math.min(60, displayWidth(c.header) + 2))}" customWidth="1"/>`)
    .join('');
  let xml =
    `${XML}<worksheet xmlns="${NS}" xmlns:r="${REL_NS}"><sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>` +
    `<sheetViews><sheetView workbookViewId="0"><pane ySplit="${top}" topLeftCell="A${top + 1}" activePane="bottomLeft" state="frozen"/>` +
    `<selection pane="bottomLeft" activeCell="A${top + 1}" sqref="A${top + 1}"/></sheetView></sheetViews>` +
    `<sheetFormatPr defaultRowHeight="15"/><cols>${cols}</cols><sheetData>`;
  let r = 0;
  const text = (ref: string, value: string, style: number) =>
    `<c r="${ref}" s="${style}" t="inlineStr"><is><t xml:space="preserve">${xmlText(String(neutraliseCell(value)))}</t></is></c>`;
  if (sheet.title !== undefined) {
    r += 1;
    xml += `<row r="${r}" ht="22" customHeight="1">${text(`A${r}`, sheet.title, S_TITLE)}</row>`;
  }
  r += 1;
  xml += `<row r="${r}">${sheet.columns.map((c, i) => text(`${letters[i]}${r}`, c.header, S_HEADER)).join('')}</row>`;

  for await (const batch of sheet.rows) {
    for (const record of batch) {
      r += 1;
      let row = `<row r="${r}">`;
      for (let i = 0; i < n; i++) {
        const value = record[sheet.columns[i].key];
        if (value == null) continue;
        const ref = letters[i] + r;
        if (typeof value === 'string') row += text(ref, value, S_TEXT);
        else if (typeof value === 'number') {
          if (Number.isFinite(value)) row += `<c r="${ref}"${numStyle[i] ? ` s="${numStyle[i]}"` : ''}><v>${value}</v></c>`;
        } else if (value instanceof Date && !Number.isNaN(value.getTime())) {
          row += `<c r="${ref}" s="${numStyle[i] || (isMidnightUtc(value) ? S_DATE : S_DATETIME)}"><v>${serial(value)}</v></c>`;
        }
      }
      xml += `${row}</row>`;
      if (xml.length >= CHUNK) {
        await ws.write(xml);
        xml = '';
      }
    }
  }
  xml += '</sheetData>';
  if (sheet.title !== undefined && n > 1) xml += `<mergeCells count="1"><mergeCell ref="A1:${letters[n - 1]}1"/></mergeCells>`;
  xml +=
    '<pageMargins left="0.5" right="0.5" top="0.6" bottom="0.6" header="0.3" footer="0.3"/>' +
    '<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>' +
    `<headerFooter><oddFooter>${xmlText('&C第 &P 页 / 共 &N 页')}</oddFooter></headerFooter></worksheet>`;
  await ws.write(xml);
  await ws.end();
  await zip.finish();
}

function contentTypes() {
  const o = 'application/vnd.openxmlformats-officedocument';
  return (
    `${XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
    `<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
    `<Default Extension="xml" ContentType="application/xml"/>` +
    `<Override PartName="/xl/workbook.xml" ContentType="${o}.spreadsheetml.sheet.main+xml"/>` +
    `<Override PartName="/xl/worksheets/sheet1.xml" ContentType="${o}.spreadsheetml.worksheet+xml"/>` +
    `<Override PartName="/xl/styles.xml" ContentType="${o}.spreadsheetml.styles+xml"/>` +
    `<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>` +
    `<Override PartName="/docProps/app.xml" ContentType="${o}.extended-properties+xml"/></Types>`
  );
}

function rootRels() {
  const od = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  return (
    `${XML}<Relationships xmlns="${PKG_REL}">` +
    `<Relationship Id="rId1" Type="${od}/officeDocument" Target="xl/workbook.xml"/>` +
    `<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
    `<Relationship Id="rId3" Type="${od}/extended-properties" Target="docProps/app.xml"/></Relationships>`
  );
}

function coreProps(at: Date) {
  const when = `${at.toISOString().slice(0, 19)}Z`;
  return (
    `${XML}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ` +
    `xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
    `<dc:creator>Cohort</dc:creator><dcterms:created xsi:type="dcterms:W3CDTF">${when}</dcterms:created>` +
    `<dcterms:modified xsi:type="dcterms:W3CDTF">${when}</dcterms:modified></cp:coreProperties>`
  );
}

function workbook(name: string, top: number) {
  // The title and header rows print on every page.
  const quoted = `'${name.replace(/'/g, "''")}'`;
  return (
    `${XML}<workbook xmlns="${NS}" xmlns:r="${REL_NS}"><bookViews><workbookView/></bookViews>` +
    `<sheets><sheet name="${xmlText(name)}" sheetId="1" r:id="rId1"/></sheets>` +
    `<definedNames><definedName name="_xlnm.Print_Titles" localSheetId="0">${xmlText(`${quoted}!$1:$${top}`)}</definedName></definedNames></workbook>`
  );
}

function workbookRels() {
  const od = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  return (
    `${XML}<Relationships xmlns="${PKG_REL}">` +
    `<Relationship Id="rId1" Type="${od}/worksheet" Target="worksheets/sheet1.xml"/>` +
    `<Relationship Id="rId2" Type="${od}/styles" Target="styles.xml"/></Relationships>`
  );
}

function styles(numFmts: string[]) {
  // Number formats 164… : the dates', then the columns' own.
  const fmts = ['yyyy-mm-dd', 'yyyy-mm-dd hh:mm', ...numFmts];
  const xf = (numFmtId: number, fontId: number, alignment = '') =>
    `<xf numFmtId="${numFmtId}" fontId="${fontId}" fillId="0" borderId="0" xfId="0"` +
    `${numFmtId ? ' applyNumberFormat="1"' : ''}${fontId ? ' applyFont="1"' : ''}` +
    (alignment ? ` applyAlignment="1"><alignment ${alignment}/></xf>` : '/>');
  const xfs = [
    xf(0, 0),
    xf(0, 2, 'vertical="center"'),
    xf(49, 1, 'vertical="center"'),
    xf(49, 0),
    xf(164, 0),
    xf(165, 0),
    ...numFmts.map((_, i) => xf(166 + i, 0)),
  ];
  return (
    `${XML}<styleSheet xmlns="${NS}">` +
    `<numFmts count="${fmts.length}">${fmts.map((f, i) => `<numFmt numFmtId="${164 + i}" formatCode="${xmlText(f)}"/>`).join('')}</numFmts>` +
    '<fonts count="3"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>' +
    '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font>' +
    '<font><b/><sz val="14"/><name val="Calibri"/><family val="2"/></font></fonts>' +
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
    `<cellXfs count="${xfs.length}">${xfs.join('')}</cellXfs>` +
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'
  );
}
