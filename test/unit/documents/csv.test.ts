import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import iconv from 'iconv-lite';
import { decodeText, readCsvRows, SpreadsheetError, writeXlsx } from '../../../src/server/documents/xlsx.js';

const CSV = '姓名,单位,手机\r\n徐爱国,某某县委组织部,13800138000\r\n扎西旺拉,"拉萨市城关区, 人民政府",13900139000\r\n';
const EXPECTED = {
  headers: ['姓名', '单位', '手机'],
  rows: [
    { rowNumber: 2, cells: ['徐爱国', '某某县委组织部', '13800138000'] },
    { rowNumber: 3, cells: ['扎西旺拉', '拉萨市城关区, 人民政府', '13900139000'] },
  ],
  formulas: [],
  mergedHeader: false,
  mergedCells: [],
  headerRowNumber: 1,
};

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof SpreadsheetError) return error.code;
    throw error;
  }
  return undefined;
}

test('UTF-8 with and without BOM', () => {
  assert.deepEqual(readCsvRows(Buffer.from(CSV, 'utf8')), EXPECTED);
  assert.deepEqual(readCsvRows(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(CSV, 'utf8')])), EXPECTED);
});

test('GBK and GB18030 (Excel on Chinese Windows saves CSV as GBK)', () => {
  assert.deepEqual(readCsvRows(iconv.encode(CSV, 'gbk')), EXPECTED);
  // GB18030 also covers Tibetan, which GBK cannot encode.
  const tibetan = '姓名,手机\nབཀྲ་ཤིས་དབང་ལྷ,13800138000\n';
  assert.deepEqual(readCsvRows(iconv.encode(tibetan, 'gb18030')).rows[0].cells, ['བཀྲ་ཤིས་དབང་ལྷ', '13800138000']);
  assert.equal(decodeText(iconv.encode('徐爱国', 'gbk')), '徐爱国');
});

test('UTF-16 with BOM, as Excel writes "Unicode text"', () => {
  const text = '姓名\t手机\r\n徐爱国\t13800138000\r\n';
  const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
  assert.deepEqual(readCsvRows(le).rows[0].cells, ['徐爱国', '13800138000']);
  const be = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]);
  assert.deepEqual(readCsvRows(be).rows[0].cells, ['徐爱国', '13800138000']);
});

test('quoted fields with commas, doubled quotes and line breaks', () => {
  const csv = 'a,b,c\n"x, y","He said ""hi""","line 1\nline 2"\n"",plain,"  padded  "\n';
  const sheet = readCsvRows(Buffer.from(csv));
  assert.deepEqual(sheet.rows, [
    { rowNumber: 2, cells: ['x, y', 'He said "hi"', 'line 1\nline 2'] },
    { rowNumber: 3, cells: ['', 'plain', 'padded'] },
  ]);
  assert.equal(readCsvRows(Buffer.from(csv), { trim: false }).rows[1].cells[2], '  padded  ');
});

test('tab-separated and semicolon-separated input, explicit delimiter and "sep=" lines', () => {
  const tsv = '姓名\t单位\n徐爱国\t某某县委组织部, 办公室\n';
  assert.deepEqual(readCsvRows(Buffer.from(tsv)).rows[0].cells, ['徐爱国', '某某县委组织部, 办公室']);
  assert.deepEqual(readCsvRows(Buffer.from('a;b\n1,5;2\n')).rows[0].cells, ['1,5', '2']);
  assert.deepEqual(readCsvRows(Buffer.from('a;b\n1;2\n'), { delimiter: ',' }).rows[0].cells, ['1;2']);
  const sep = readCsvRows(Buffer.from('sep=;\r\na;b\r\n1;2\r\n'));
  assert.deepEqual(sep.headers, ['a', 'b']);
  assert.deepEqual(sep.rows, [{ rowNumber: 3, cells: ['1', '2'] }]);
});

test('blank lines are skipped, short rows padded, row numbers kept, title rows skipped', () => {
  const csv = '2024年第一期培训班学员名单,,\n\n姓名,性别,手机\n徐爱国,男\n,,\n扎西旺拉,男,13900139000,extra\n';
  const sheet = readCsvRows(Buffer.from(csv));
  assert.equal(sheet.headerRowNumber, 3);
  assert.deepEqual(sheet.headers, ['姓名', '性别', '手机', '']);
  assert.deepEqual(sheet.rows, [
    { rowNumber: 4, cells: ['徐爱国', '男', '', ''] },
    { rowNumber: 6, cells: ['扎西旺拉', '男', '13900139000', 'extra'] },
  ]);
});

test('refuses binary data, workbooks, empty files and too many rows', async () => {
  assert.equal(
    code(() => readCsvRows(randomBytes(2048))),
    'not_spreadsheet',
  );
  const xlsx = await writeXlsx([{ name: 's', columns: [{ header: 'a', key: 'a' }], rows: [{ a: 1 }] }]);
  assert.equal(
    code(() => readCsvRows(xlsx)),
    'not_spreadsheet',
  );
  assert.equal(
    code(() => readCsvRows(Buffer.alloc(0))),
    'empty',
  );
  assert.equal(
    code(() => readCsvRows(Buffer.from('\r\n\r\n'))),
    'empty',
  );
  assert.equal(
    code(() => readCsvRows(Buffer.from('姓名,手机\n'))),
    'empty',
  );
  const many = `h\n${'x\n'.repeat(101)}`;
  assert.equal(
    code(() => readCsvRows(Buffer.from(many), { maxRows: 100 })),
    'too_many_rows',
  );
  assert.equal(readCsvRows(Buffer.from(many), { maxRows: 101 }).rows.length, 101);
  assert.equal(
    code(() => readCsvRows(Buffer.from('a\n1\n'), { maxBytes: 3 })),
    'too_large',
  );
});
