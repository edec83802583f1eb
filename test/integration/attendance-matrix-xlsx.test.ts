import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import type { Services } from '../../src/server/app';
import { displayWidth } from '../../src/server/documents/xlsx';
import { craftedClass } from '../support/certificate-class';
import { DATABASES, freshDatabase, type TestDatabase } from '../support/db';
import { servicesFor } from '../support/factories';

// The attendance matrix as a workbook: columns as wide as their text (the longest name, each line
// of the two-line session header, CJK counted double), shares stored as numbers shown as
// percentages, and printing on A4 landscape, fitted to the width, header rows on every page.

const LONG_TITLE = '西藏自治区科技创新发展战略与科技成果转化实践专题讲座';
const sessions = [
  { startsAt: '2026-03-02T09:00:00+08:00', endsAt: '2026-03-02T12:00:00+08:00', hours: 3 },
  { startsAt: '2026-03-03T09:00:00+08:00', endsAt: '2026-03-03T12:00:00+08:00', hours: 3 },
  { startsAt: '2026-03-04T14:30:00+08:00', endsAt: '2026-03-04T17:30:00+08:00', hours: 3 },
  { startsAt: '2026-03-05T09:00:00+08:00', endsAt: '2026-03-05T12:00:00+08:00', hours: 3 },
];

for (const kind of DATABASES) {
  describe(`attendance matrix workbook (${kind})`, () => {
    let t: TestDatabase;
    let services: Services;
    let classId: number;

    before(async () => {
      t = await freshDatabase(kind);
      services = servicesFor(t);
      ({ classId } = await craftedClass(services, [{ name: '王芳' }, { name: '欧阳建国', nameBo: 'བསྟན་འཛིན་ཕུན་ཚོགས', leave: 1 }, { name: '次仁', absent: 2 }], {
        schedule: { startsOn: '2026-03-02', endsOn: '2026-03-06', sessions },
      }));
      const lecture = await t.database.db.selectFrom('sessions').select('id').where('class_id', '=', classId).orderBy('starts_at').executeTakeFirstOrThrow();
      await t.database.db.updateTable('sessions').set({ title: LONG_TITLE }).where('id', '=', lecture.id).execute();
    });
    after(() => t.drop());

    const load = async () => {
      const data = await services.attendance.matrixXlsx(classId, {}, 'zh-CN');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(data as unknown as ExcelJS.Buffer);
      return { data, ws: wb.worksheets[0] };
    };
    const columnOf = (ws: ExcelJS.Worksheet, header: string) => {
      let found = 0;
      ws.getRow(2).eachCell((cell, col) => {
        if (String(cell.value).startsWith(header)) found = col;
      });
      assert.ok(found, `no column ${header}`);
      return found;
    };

    test('the name column and the session headers fit their text, CJK counted double', async () => {
      const { ws } = await load();
      const longest = '欧阳建国 བསྟན་འཛིན་ཕུན་ཚོགས';
      assert.equal(ws.getColumn(1).width, displayWidth(longest) + 2);
      assert.ok(displayWidth(longest) > 14, 'longer than the old fixed width');
      // A session column: as wide as its longer header line, and a title beyond the cap wraps in a taller header row.
      const second = columnOf(ws, '03-03 09:00');
      assert.equal(ws.getColumn(second).width, Math.max(displayWidth('03-03 09:00'), displayWidth('专题讲座 2')) + 2);
      const first = columnOf(ws, '03-02 09:00');
      assert.equal(ws.getColumn(first).width, 24);
      assert.ok(displayWidth(LONG_TITLE) > 24);
      assert.ok((ws.getRow(2).height ?? 0) >= 3 * 15, 'the header row is tall enough for the wrapped title');
      assert.equal(ws.getRow(2).getCell(first).alignment?.wrapText, true);
      for (const header of ['获得学时', '应修学时', '出勤率', '请假占比', '超出请假上限'])
        assert.ok((ws.getColumn(columnOf(ws, header)).width ?? 0) >= displayWidth(header) + 2, header);
    });

    test('attendance rate and leave share are numbers formatted as percentages', async () => {
      const { ws } = await load();
      const rate = columnOf(ws, '出勤率');
      const leave = columnOf(ws, '请假占比');
      const rowOf = (name: string) => {
        for (let r = 3; r <= ws.rowCount; r++) if (String(ws.getRow(r).getCell(1).value).startsWith(name)) return ws.getRow(r);
        throw new Error(name);
      };
      const ouyang = rowOf('欧阳建国');
      assert.equal(ouyang.getCell(rate).value, 0.75);
      assert.equal(ouyang.getCell(rate).numFmt, '0.0%');
      assert.equal(ouyang.getCell(leave).value, 0.25);
      assert.equal(ouyang.getCell(leave).numFmt, '0.0%');
      assert.equal(rowOf('次仁').getCell(rate).value, 0.5);
      assert.equal(rowOf('王芳').getCell(rate).value, 1);
    });

    test('it prints on A4 landscape, fitted to the page width, with the title and header rows on every page', async () => {
      const { ws } = await load();
      assert.equal(ws.pageSetup.paperSize, 9);
      assert.equal(ws.pageSetup.orientation, 'landscape');
      assert.equal(ws.pageSetup.fitToPage, true);
      assert.equal(ws.pageSetup.fitToWidth, 1);
      assert.equal(ws.pageSetup.fitToHeight, 0);
      assert.equal(ws.pageSetup.printTitlesRow, '1:2');
    });

    test('LibreOffice opens it and prints one landscape page', { skip: kind !== 'sqlite' }, async () => {
      const { data } = await load();
      const dir = join('test-results', 'attendance-matrix');
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'matrix.xlsx'), data);
      execFileSync('libreoffice', ['--headless', '--convert-to', 'pdf', '--outdir', dir, join(dir, 'matrix.xlsx')], { stdio: 'ignore', timeout: 120_000 });
      const info = execFileSync('pdfinfo', [join(dir, 'matrix.pdf')], { encoding: 'utf8' });
      assert.match(info, /Pages:\s+1\n/);
      const [w, h] = /Page size:\s+([\d.]+) x ([\d.]+)/.exec(info)!.slice(1).map(Number);
      assert.ok(w > h && Math.abs(w - 841.89) < 2, `A4 landscape, got ${w} x ${h}`);
      const text = execFileSync('pdftotext', ['-layout', join(dir, 'matrix.pdf'), '-'], { encoding: 'utf8' });
      assert.ok(text.includes('欧阳建国') && text.includes('75.0%') && text.includes('25.0%'));
    });
  });
}
