// The streamed one-sheet XLSX (#17): rows written batch by batch read back in order, as text where
// they are text, numbers as numbers, and a formula-looking cell neutralised.
import assert from 'node:assert/strict';
import { buffer } from 'node:stream/consumers';
import { test } from 'node:test';
import ExcelJS from 'exceljs';
import { streamXlsx } from '../../../src/server/documents/xlsx-stream';

test('a streamed sheet reads back with its title, header and every batch of rows', async () => {
  async function* rows() {
    yield [
      { name: '次仁', unit: '拉萨市科技局', hours: 7.5 },
      { name: 'བཀྲ་ཤིས།', unit: '=HYPERLINK("http://x")', hours: 0 },
    ];
    yield Array.from({ length: 2000 }, (_, i) => ({ name: `学员${i + 1}`, unit: null, hours: i }));
  }
  const data = await buffer(
    streamXlsx({
      name: '2025年学时',
      title: '2025 年度学时统计',
      columns: [
        { key: 'name', header: '姓名' },
        { key: 'unit', header: '工作单位' },
        { key: 'hours', header: '学时' },
      ],
      rows: rows(),
    }),
  );
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(data as unknown as ArrayBuffer);
  const ws = wb.getWorksheet('2025年学时');
  assert.ok(ws);
  assert.equal(ws.getCell('A1').value, '2025 年度学时统计');
  assert.deepEqual([ws.getCell('A2').value, ws.getCell('B2').value, ws.getCell('C2').value], ['姓名', '工作单位', '学时']);
  assert.deepEqual([ws.getCell('A3').value, ws.getCell('B3').value, ws.getCell('C3').value], ['次仁', '拉萨市科技局', 7.5]);
  assert.equal(ws.getCell('A4').value, 'བཀྲ་ཤིས།');
  assert.equal(ws.getCell('B4').value, `'=HYPERLINK("http://x")`, 'no formula comes out of a report');
  assert.equal(ws.rowCount, 2 + 2 + 2000);
  assert.deepEqual([ws.getCell('A2004').value, ws.getCell('C2004').value], ['学员2000', 1999]);
});
