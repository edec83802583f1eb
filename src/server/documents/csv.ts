import iconv from 'iconv-lite';
import { DEFAULT_MAX_BYTES, DEFAULT_MAX_ROWS, isEncryptedOoxml, isOle, type ReadOptions, type SheetRows, SpreadsheetError, shapeRows } from './xlsx-read.js';
import { isZip } from './zip.js';

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
