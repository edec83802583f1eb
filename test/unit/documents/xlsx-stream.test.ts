// The streamed one-sheet XLSX (#17), written as SpreadsheetML text into a streamed zip: rows written
// batch by batch read back in order — as text where they are text, numbers as numbers, dates as
// dates, a formula-looking cell neutralised, characters XML cannot hold dropped — by ExcelJS, by our
// own reader, by LibreOffice and by openpyxl, with the sheet's print settings.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buffer } from 'node:stream/consumers';
import { test } from 'node:test';
import ExcelJS from 'exceljs';
import { readCsvRows, readSheetRows } from '../../../src/server/documents/xlsx';
import { columnLetters, streamXlsx, xmlText } from '../../../src/server/documents/xlsx-stream';
import { readZipDirectory } from '../../../src/server/documents/zip';
import { crc32 } from '../../../src/server/documents/zip-write';
import { hasOpenpyxl, hasSoffice, openpyxlPython } from '../../support/roster-io-tools';
import { sofficeCsv, tempDir } from './fixtures';

const columns = [
  { key: 'name', header: '姓名' },
  { key: 'unit', header: '工作单位' },
  { key: 'hours', header: '学时', numFmt: '0.0' },
  { key: 'on', header: '日期' },
];
const first = [
  { name: '次仁', unit: '拉萨市科技局 & <所>', hours: 7.5, on: new Date(Date.UTC(2020, 8, 14)) },
  { name: 'བཀྲ་ཤིས།', unit: '=HYPERLINK("http://x")', hours: 0, on: new Date(Date.UTC(2020, 8, 14, 8, 30)) },
  { name: 'Wang\u0001 Li', unit: '0013800', hours: null, on: null },
];
const more = Array.from({ length: 2000 }, (_, i) => ({ name: `学员${i + 1}`, unit: null, hours: i, on: null }));

async function workbook() {
  async function* rows() {
    yield first;
    yield more;
  }
  return buffer(streamXlsx({ name: '2025年学时', title: '2025 年度学时统计', columns, rows: rows() }));
}

test('a streamed sheet reads back in ExcelJS with its title, header, styles and every batch of rows', async () => {
  const data = await workbook();
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(data as unknown as ArrayBuffer);
  const ws = wb.getWorksheet('2025年学时');
  assert.ok(ws);
  assert.equal(ws.getCell('A1').value, '2025 年度学时统计');
  assert.equal(ws.getCell('A1').font?.bold, true);
  assert.deepEqual([ws.getCell('A2').value, ws.getCell('B2').value, ws.getCell('C2').value], ['姓名', '工作单位', '学时']);
  assert.equal(ws.getCell('B2').font?.bold, true);
  assert.deepEqual([ws.getCell('A3').value, ws.getCell('B3').value, ws.getCell('C3').value], ['次仁', '拉萨市科技局 & <所>', 7.5]);
  assert.equal(ws.getCell('C3').numFmt, '0.0');
  assert.equal(ws.getCell('A3').numFmt, '@', 'strings are text cells');
  assert.deepEqual(ws.getCell('D3').value, new Date(Date.UTC(2020, 8, 14)));
  assert.equal(ws.getCell('A4').value, 'བཀྲ་ཤིས།');
  assert.equal(ws.getCell('B4').value, `'=HYPERLINK("http://x")`, 'no formula comes out of a report');
  assert.equal(ws.getCell('A5').value, 'Wang Li', 'a control character XML cannot hold is dropped');
  assert.equal(ws.getCell('B5').value, '0013800', 'digits stay text');
  assert.equal(ws.rowCount, 2 + 3 + 2000);
  assert.deepEqual([ws.getCell('A2005').value, ws.getCell('C2005').value], ['学员2000', 1999]);
  assert.ok(ws.model.merges.includes('A1:D1'));
  assert.equal(ws.views[0]?.state, 'frozen');
  assert.equal((ws.views[0] as { ySplit?: number }).ySplit, 2);
  assert.equal(ws.pageSetup.paperSize, 9);
  assert.equal(ws.pageSetup.orientation, 'landscape');
});

test('our own reader and the zip directory agree with what was written', async () => {
  const data = await workbook();
  const entries = await readZipDirectory(data);
  assert.deepEqual(entries.map((e) => e.name).sort(), [
    '[Content_Types].xml',
    '_rels/.rels',
    'docProps/app.xml',
    'docProps/core.xml',
    'xl/_rels/workbook.xml.rels',
    'xl/styles.xml',
    'xl/workbook.xml',
    'xl/worksheets/sheet1.xml',
  ]);
  const sheet = await readSheetRows(data);
  assert.equal(sheet.sheetName, '2025年学时');
  assert.deepEqual(sheet.headers, ['姓名', '工作单位', '学时', '日期']);
  assert.deepEqual(sheet.rows[0].cells.slice(0, 3), ['次仁', '拉萨市科技局 & <所>', '7.5']);
  assert.equal(sheet.rows.length, 2003);
  assert.deepEqual(sheet.rows.at(-1)?.cells.slice(0, 3), ['学员2000', '', '1999.0'], 'as its column format shows it');
});

test('LibreOffice and openpyxl open the streamed workbook', { timeout: 180_000 }, async (t) => {
  const dir = tempDir();
  try {
    const file = join(dir.path, 'hours.xlsx');
    writeFileSync(file, await workbook());
    await t.test('LibreOffice', { skip: !hasSoffice && 'soffice not installed' }, () => {
      const csv = readCsvRows(sofficeCsv(dir.path, file), { headerRow: 2 });
      assert.deepEqual(csv.headers, ['姓名', '工作单位', '学时', '日期']);
      assert.deepEqual(csv.rows[0].cells, ['次仁', '拉萨市科技局 & <所>', '7.5', '2020-09-14']);
      assert.deepEqual(csv.rows[1].cells, ['བཀྲ་ཤིས།', `'=HYPERLINK("http://x")`, '0.0', '2020-09-14 08:30']);
      assert.equal(csv.rows.length, 2003);
    });
    await t.test('openpyxl', { skip: !hasOpenpyxl && 'no python with openpyxl' }, () => {
      const script = [
        'import sys, json, openpyxl',
        'ws = openpyxl.load_workbook(sys.argv[1]).active',
        'print(json.dumps({"title": ws.title, "freeze": ws.freeze_panes, "printTitles": ws.print_title_rows,',
        ' "rows": ws.max_row, "a3": ws["A3"].value, "c3": ws["C3"].value, "d3": str(ws["D3"].value), "fmt": ws["C3"].number_format}))',
      ].join('\n');
      const result = spawnSync(openpyxlPython!, ['-c', script, file], { encoding: 'utf8', timeout: 60_000 });
      assert.equal(result.status, 0, result.stderr);
      assert.deepEqual(JSON.parse(result.stdout), {
        title: '2025年学时',
        freeze: 'A3',
        printTitles: '$1:$2',
        rows: 2005,
        a3: '次仁',
        c3: 7.5,
        d3: '2020-09-14 00:00:00',
        fmt: '0.0',
      });
    });
  } finally {
    dir.cleanup();
  }
});

test('text is escaped for XML, columns are lettered as Excel does, and the CRC is zlib’s', () => {
  assert.equal(xmlText('a & b < c > "d"'), 'a &amp; b &lt; c &gt; &quot;d&quot;');
  assert.equal(xmlText('x\u0000y\u000bz'), 'xyz');
  assert.equal(xmlText('_x0041_'), '_x005F_x0041_', 'a literal that looks like Excel’s escape stays literal');
  assert.equal(xmlText('\ud800a😀'), 'a😀', 'a lone surrogate is dropped, a pair kept');
  assert.equal(xmlText('徐爱国'), '徐爱国');
  assert.deepEqual([1, 26, 27, 52, 53, 702, 703].map(columnLetters), ['A', 'Z', 'AA', 'AZ', 'BA', 'ZZ', 'AAA']);
  assert.equal(crc32(Buffer.from('123456789')), 0xcbf43926);
  assert.equal(crc32(Buffer.from('6789'), crc32(Buffer.from('12345'))), 0xcbf43926, 'continued over pieces');
});

test('a reader that goes away mid-download closes the row source instead of leaving it waiting', async () => {
  let batches = 0;
  let closed = false;
  async function* rows() {
    try {
      for (; batches < 100_000; batches++) yield Array.from({ length: 500 }, (_, i) => ({ name: `学员${batches}-${i}`, hours: i }));
    } finally {
      closed = true; // where the report's cursor and read-only transaction end
    }
  }
  const file = streamXlsx({
    name: 'x',
    columns: [
      { key: 'name', header: '姓名' },
      { key: 'hours', header: '学时' },
    ],
    rows: rows(),
  });
  // Read until rows are being written, then stop reading and go away, as a cancelled download does.
  await new Promise<void>((resolve) =>
    file.on('data', () => {
      if (batches >= 3) resolve();
    }),
  );
  file.pause();
  file.destroy();
  for (let waited = 0; !closed && waited < 5000; waited += 20) await new Promise((r) => setTimeout(r, 20));
  assert.ok(closed, 'the row source was closed');
  assert.ok(batches < 100_000, 'and not read to its end');
});
