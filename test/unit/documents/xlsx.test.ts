import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import ExcelJS from 'exceljs';
import {
  neutraliseCell,
  readCsvRows,
  readSheetRows,
  SpreadsheetError,
  sanitiseSheetName,
  writeXlsx,
  type XlsxSheet,
} from '../../../src/server/documents/xlsx.js';
import { extractZipEntry, readZipDirectory } from '../../../src/server/documents/zip.js';
import { hasCommand, makeZip, sofficeCsv, tempDir, workbookSkeleton } from './fixtures.js';

const roster: XlsxSheet = {
  name: '学员名单',
  columns: [
    { header: '姓名', key: 'name' },
    { header: '性别', key: 'gender' },
    { header: '手机', key: 'phone' },
    { header: '身份证号', key: 'idCard' },
    { header: '报到日期', key: 'arrival' },
    { header: '年龄', key: 'age' },
    { header: '备注', key: 'note' },
  ],
  rows: [
    { name: '徐爱国', gender: '男', phone: '13800138000', idCard: '11010519491231002X', arrival: new Date(Date.UTC(2024, 2, 1)), age: 45, note: '' },
    { name: '扎西旺拉', gender: '男', phone: 13900139000, idCard: '540102198001010011', arrival: new Date(Date.UTC(2024, 2, 1, 8, 30)), age: 44, note: null },
    { name: 'བཀྲ་ཤིས་དབང་ལྷ', gender: '女', phone: '13700137000', idCard: '540102199002020022', arrival: null, age: 33.5, note: '多行\n备注' },
    { name: 'Tenzin Norbu', gender: '男', phone: '+86 137 0013 7001', idCard: '', arrival: new Date(Date.UTC(2024, 2, 3)), age: 0.1 + 0.2, note: '=1+1' },
  ],
};

const expectedCells = [
  ['徐爱国', '男', '13800138000', '11010519491231002X', '2024-03-01', '45', ''],
  ['扎西旺拉', '男', '13900139000', '540102198001010011', '2024-03-01 08:30', '44', ''],
  ['བཀྲ་ཤིས་དབང་ལྷ', '女', '13700137000', '540102199002020022', '', '33.5', '多行\n备注'],
  ['Tenzin Norbu', '男', '+86 137 0013 7001', '', '2024-03-03', '0.3', "'=1+1"],
];

async function rejects(promise: Promise<unknown> | (() => unknown), code: SpreadsheetError['code']): Promise<void> {
  await assert.rejects(
    async () => (typeof promise === 'function' ? promise() : promise),
    (error: unknown) => {
      assert.ok(error instanceof SpreadsheetError, `expected SpreadsheetError, got ${String(error)}`);
      assert.equal(error.code, code, error.message);
      return true;
    },
  );
}

test('neutraliseCell prefixes formula triggers only', () => {
  for (const v of ['=1+1', '+SUM(A1)', "-2+3+cmd|' /C calc'!A0", '@SUM(A1)', '\tx', '\rx', '=5', '+A1']) assert.equal(neutraliseCell(v), `'${v}`);
  // Signed numbers, international phone numbers and "-" placeholders cannot run anything.
  for (const v of ['1+1', '徐爱国', '', " '=x", '-', '-5', '+86 138 0013 8000', '+86(10)6234-5678']) assert.equal(neutraliseCell(v), v);
  assert.equal(neutraliseCell(-1), -1);
  assert.equal(neutraliseCell(null), null);
});

test('sanitiseSheetName enforces Excel rules and uniqueness', () => {
  const taken = new Set<string>();
  assert.equal(sanitiseSheetName('2024/1[一期]:*?\\', taken), '2024_1_一期_____');
  assert.equal(sanitiseSheetName("'quoted'", taken), 'quoted');
  assert.equal(sanitiseSheetName('', taken), 'Sheet');
  assert.equal(sanitiseSheetName('history', taken), 'history_');
  const long = '中'.repeat(40);
  assert.equal(sanitiseSheetName(long, taken), '中'.repeat(31));
  assert.equal(sanitiseSheetName(long, taken), `${'中'.repeat(27)} (2)`);
  assert.equal(sanitiseSheetName('QUOTED', taken), 'QUOTED (2)');
});

test('xlsx round trip through readSheetRows returns the rows as strings', async () => {
  const xlsx = await writeXlsx([roster]);
  const sheet = await readSheetRows(xlsx);
  assert.equal(sheet.sheetName, '学员名单');
  assert.deepEqual(
    sheet.headers,
    roster.columns.map((c) => c.header),
  );
  assert.deepEqual(
    sheet.rows.map((r) => r.cells),
    expectedCells,
  );
  assert.deepEqual(
    sheet.rows.map((r) => r.rowNumber),
    [2, 3, 4, 5],
  );
  assert.deepEqual(sheet.formulas, []);
  assert.equal(sheet.mergedHeader, false);
  assert.equal(sheet.headerRowNumber, 1);
});

test('written workbooks have a bold frozen header, CJK-aware widths and text-typed strings', async () => {
  const xlsx = await writeXlsx([{ ...roster, title: '2024年第一期培训班学员名单' }]);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(xlsx as unknown as ExcelJS.Buffer);
  const ws = wb.worksheets[0];
  assert.equal(ws.getCell('A1').value, '2024年第一期培训班学员名单');
  assert.equal(ws.getCell('A2').value, '姓名');
  assert.equal(ws.getRow(2).getCell(1).font?.bold, true);
  assert.deepEqual(
    ws.views.map((v) => [v.state, (v as { ySplit?: number }).ySplit]),
    [['frozen', 2]],
  );
  // The ID column holds 18 narrow characters; the name column is sized for wide characters.
  assert.ok((ws.getColumn(4).width ?? 0) >= 20);
  assert.equal(ws.getCell('C3').value, '13800138000');
  assert.equal(ws.getCell('C3').numFmt, '@');
  // A title row above the header is recognised and skipped on import.
  const sheet = await readSheetRows(xlsx);
  assert.equal(sheet.headerRowNumber, 2);
  assert.equal(sheet.mergedHeader, false);
  assert.deepEqual(
    sheet.rows.map((r) => r.cells),
    expectedCells,
  );
});

test('formula injection is neutralised: "=1+1" is stored as text, not as a formula', async () => {
  const xlsx = await writeXlsx([
    { name: 'x', columns: [{ header: 'h', key: 'v' }], rows: [{ v: '=1+1' }, { v: '@SUM(A1:A2)' }, { v: '-2+HYPERLINK("http://x")' }, { v: '-2' }] },
  ]);
  const sheetXml = (
    await Promise.all(
      (await readZipDirectory(xlsx)).filter((e) => e.name.startsWith('xl/worksheets/')).map(async (e) => (await extractZipEntry(xlsx, e)).toString('utf8')),
    )
  ).join('');
  assert.doesNotMatch(sheetXml, /<f>/);
  const sheet = await readSheetRows(xlsx);
  assert.deepEqual(sheet.formulas, []);
  assert.deepEqual(
    sheet.rows.map((r) => r.cells[0]),
    ["'=1+1", "'@SUM(A1:A2)", `'-2+HYPERLINK("http://x")`, '-2'],
  );
});

test('formula cells, merged headers, rich text and number formats are reported on import', async () => {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('hidden').state = 'hidden';
  wb.addWorksheet('blank');
  const ws = wb.addWorksheet('data');
  ws.getCell('A1').value = '基本信息';
  ws.mergeCells('A1:B1');
  ws.getCell('C1').value = '金额';
  ws.getCell('A2').value = { richText: [{ text: '徐' }, { text: '爱国', font: { bold: true } }] };
  ws.getCell('B2').value = { formula: 'C2*2', result: 2 };
  ws.getCell('C2').value = 1234.5;
  ws.getCell('C2').numFmt = '#,##0.00';
  ws.getCell('D2').value = 0.256;
  ws.getCell('D2').numFmt = '0.0%';
  ws.getCell('E2').value = { text: '链接', hyperlink: 'https://example.com' };
  ws.getCell('F2').value = true;
  ws.getCell('G2').value = new Date(Date.UTC(1899, 11, 30, 14, 5));
  ws.getCell('G2').numFmt = 'hh:mm';
  const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
  const sheet = await readSheetRows(xlsx);
  assert.equal(sheet.sheetName, 'data');
  assert.equal(sheet.mergedHeader, true);
  assert.deepEqual(sheet.headers, ['基本信息', '', '金额', '', '', '', '']);
  assert.deepEqual(sheet.rows[0].cells, ['徐爱国', '2', '1234.50', '25.6%', '链接', 'TRUE', '14:05']);
  assert.deepEqual(sheet.formulas, [{ row: 2, col: 2 }]);
});

test('LibreOffice reads the workbook the same way', { timeout: 180_000 }, async (t) => {
  if (!hasCommand('soffice')) return t.skip('soffice not installed');
  const dir = tempDir();
  try {
    const file = join(dir.path, 'roster.xlsx');
    writeFileSync(file, await writeXlsx([roster]));
    const csv = readCsvRows(sofficeCsv(dir.path, file));
    assert.deepEqual(
      csv.headers,
      roster.columns.map((c) => c.header),
    );
    assert.deepEqual(
      csv.rows.map((r) => r.cells),
      expectedCells,
    );
  } finally {
    dir.cleanup();
  }
});

test('hostile input: random bytes, other zips, truncated files', async () => {
  await rejects(readSheetRows(randomBytes(4096)), 'not_spreadsheet');
  await rejects(readSheetRows(Buffer.alloc(0)), 'empty');
  await rejects(readSheetRows(makeZip([{ name: 'word/document.xml', data: Buffer.from('<w:document/>') }])), 'not_spreadsheet');
  const xlsx = await writeXlsx([roster]);
  await rejects(readSheetRows(xlsx.subarray(0, xlsx.length - 100)), 'not_spreadsheet');
  // Valid zip structure, nonsense content.
  await rejects(readSheetRows(makeZip(workbookSkeleton('not xml at all <<<'))), 'not_spreadsheet');
});

test('hostile input: XML entity expansion ("billion laughs") is not expanded', async () => {
  const xlsx = await writeXlsx([{ name: 's', columns: [{ header: 'a', key: 'a' }], rows: [{ a: 'PLACEHOLDER' }] }]);
  const entries = await Promise.all((await readZipDirectory(xlsx)).map(async (e) => ({ name: e.name, data: await extractZipEntry(xlsx, e) })));
  const strings = entries.find((e) => e.name === 'xl/sharedStrings.xml');
  assert.ok(strings);
  let dtd = '<!DOCTYPE sst [<!ENTITY e0 "laugh laugh">';
  for (let i = 1; i < 10; i++) dtd += `<!ENTITY e${i} "${`&e${i - 1};`.repeat(10)}">`;
  dtd += ']>';
  strings.data = Buffer.from(
    strings.data
      .toString('utf8')
      .replace(/^<\?xml[^>]*\?>/, `<?xml version="1.0" encoding="UTF-8"?>${dtd}`)
      .replace('PLACEHOLDER', '&e9;'),
  );
  await rejects(readSheetRows(makeZip(entries)), 'not_spreadsheet');
});

test('hostile input: password-protected workbook (OLE compound file with EncryptedPackage)', async () => {
  const ole = Buffer.alloc(4096);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(ole);
  Buffer.from('EncryptionInfo', 'utf16le').copy(ole, 1024);
  Buffer.from('EncryptedPackage', 'utf16le').copy(ole, 1152);
  await rejects(readSheetRows(ole), 'encrypted');
  await rejects(async () => readCsvRows(ole), 'encrypted');
  // An OLE file without that stream is a legacy .xls workbook.
  const xls = Buffer.alloc(4096);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(xls);
  Buffer.from('Workbook', 'utf16le').copy(xls, 1024);
  await rejects(readSheetRows(xls), 'not_spreadsheet');
  // Zip-level encryption is refused too.
  const entries = workbookSkeleton();
  entries[2].encrypted = true;
  await rejects(readSheetRows(makeZip(entries)), 'encrypted');
});

test('hostile input: zip bombs, honest and lying about their size', async () => {
  const zeros = Buffer.alloc(60 * 1024 * 1024);
  const honest = makeZip(workbookSkeleton(zeros));
  assert.ok(honest.length < 200 * 1024, `bomb is ${honest.length} bytes`);
  await rejects(readSheetRows(honest), 'too_large');
  // The central directory claims 1 KB, but the stream inflates to 60 MB.
  const lying = makeZip([...workbookSkeleton().slice(0, 2), { name: 'xl/worksheets/sheet1.xml', data: zeros, declaredSize: 1024 }]);
  await rejects(readSheetRows(lying), 'too_large');
  // Claims 200 MB.
  const claims = makeZip([...workbookSkeleton().slice(0, 2), { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(1024), declaredSize: 200 * 1024 * 1024 }]);
  await rejects(readSheetRows(claims), 'too_large');
  // A modest but extreme compression ratio.
  await rejects(readSheetRows(makeZip(workbookSkeleton(Buffer.alloc(5 * 1024 * 1024)))), 'too_large');
});

test('hostile input: too many rows, and no data at all', { timeout: 60_000 }, async () => {
  const many = await writeXlsx([
    {
      name: 'big',
      columns: [
        { header: '姓名', key: 'a' },
        { header: '序号', key: 'b' },
      ],
      rows: Array.from({ length: 20_000 }, (_, i) => ({ a: `学员${i}`, b: i })),
    },
  ]);
  await rejects(readSheetRows(many), 'too_many_rows');
  const ok = await readSheetRows(many, { maxRows: 20_000 });
  assert.equal(ok.rows.length, 20_000);
  assert.equal(ok.rows[19_999].cells[1], '19999');
  // Far beyond the limit: refused while vetting the archive, before ExcelJS parses it.
  const six = await writeXlsx([{ name: 's', columns: [{ header: 'a', key: 'a' }], rows: Array.from({ length: 600 }, (_, i) => ({ a: i })) }]);
  await rejects(readSheetRows(six, { maxRows: 100 }), 'too_many_rows');
  await rejects(readSheetRows(await writeXlsx([{ name: 'header only', columns: [{ header: '姓名', key: 'a' }], rows: [] }])), 'empty');
  await rejects(readSheetRows(await writeXlsx([{ name: 'nothing', columns: [], rows: [] }])), 'empty');
});

test('print setup, percentages and a two-line header (what the attendance matrix needs)', async () => {
  const matrix: XlsxSheet = {
    name: '考勤汇总',
    title: '考勤汇总表',
    columns: [
      { header: '姓名', key: 'name' },
      ...Array.from({ length: 12 }, (_, i) => ({ header: `10月${13 + i}日\n上午`, key: `s${i}` })),
      { header: '出勤率', key: 'rate', numFmt: '0.0%' },
    ],
    rows: [
      { name: 'བསྟན་འཛིན་ཕུན་ཚོགས 旦增平措', rate: 0.9333, ...Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`s${i}`, '✓'])) },
      { name: '徐爱国', rate: 1 },
    ],
  };
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await writeXlsx([matrix, { ...roster, print: { orientation: 'portrait' } }])) as unknown as ExcelJS.Buffer);
  const [ws, small] = wb.worksheets;
  assert.deepEqual(
    [ws.pageSetup.paperSize, ws.pageSetup.orientation, ws.pageSetup.fitToPage, ws.pageSetup.fitToWidth, ws.pageSetup.fitToHeight, ws.pageSetup.printTitlesRow],
    [9, 'landscape', true, 1, 0, '1:2'],
  );
  assert.equal(small.pageSetup.orientation, 'portrait');
  assert.equal(small.pageSetup.printTitlesRow, '1:1');
  // The header of two lines is two lines high; the name column fits the longest name (Tibetan
  // vowel signs and stacked letters take no width); the share shows as a percentage.
  assert.equal(ws.getRow(2).height, 2 * 15 + 3);
  assert.equal(ws.getColumn(1).width, 'བསྟན་འཛིན་ཕུན་ཚོགས'.replace(/\p{M}/gu, '').length + 1 + 8 + 2);
  assert.equal(ws.getCell('N3').numFmt, '0.0%');
  assert.equal(ws.getCell('N3').value, 0.9333);
  const sheet = await readSheetRows(await writeXlsx([matrix]));
  assert.deepEqual(
    sheet.rows.map((r) => r.cells.at(-1)),
    ['93.3%', '100.0%'],
  );
});
