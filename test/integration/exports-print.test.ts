// The class's XLSX exports print as paperwork (#10): A4, as wide as the page, landscape where the
// columns are wide, the title and header repeated on every page. Checked in the files, and by
// printing them with LibreOffice to PDF: page size, orientation, the header on page 2; page 1 as PNG
// goes to test-results/ to be looked at.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import type { Services } from '../../src/server/app';
import { DATABASES, freshDatabase, type TestDatabase } from '../support/db';
import { RESULTS_DIR } from '../support/e2e';
import { servicesFor, withDemo } from '../support/factories';
import { hasCommand, pdfText, tempDir } from '../unit/documents/fixtures';

const EXPORTS = [
  { key: 'roster.xlsx', orientation: 'landscape', header: '身份证号' },
  // Landscape since the 办公电话 column (#16): with it the columns are wider than a portrait page.
  { key: 'contacts.xlsx', orientation: 'landscape', header: '工作单位' },
  { key: 'groups.xlsx', orientation: 'portrait', header: '组内角色' },
  { key: 'timetable.xlsx', orientation: 'landscape', header: '授课/主持' },
] as const;

/** Prints a workbook to PDF with LibreOffice; returns the PDF and its pdfinfo lines. */
function printWithLibreOffice(xlsx: Buffer, name: string) {
  const dir = tempDir('lo-print-');
  try {
    const file = join(dir.path, `${name}.xlsx`);
    writeFileSync(file, xlsx);
    const r = spawnSync('soffice', [`-env:UserInstallation=file://${dir.path}/profile`, '--headless', '--convert-to', 'pdf', '--outdir', dir.path, file], {
      timeout: 180_000,
      encoding: 'utf8',
      env: { ...process.env, HOME: dir.path },
    });
    assert.equal(r.status, 0, `soffice failed: ${r.stderr}`);
    const pdfPath = join(dir.path, `${name}.pdf`);
    const info = spawnSync('pdfinfo', [pdfPath], { encoding: 'utf8' }).stdout;
    mkdirSync(RESULTS_DIR, { recursive: true });
    spawnSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', pdfPath, join(RESULTS_DIR, `export-print-${name}`)]);
    copyFileSync(pdfPath, join(RESULTS_DIR, `export-print-${name}.pdf`));
    return { pdf: readFileSync(pdfPath), info };
  } finally {
    dir.cleanup();
  }
}

for (const kind of DATABASES) {
  describe(`XLSX exports print on A4 (${kind})`, () => {
    let t: TestDatabase;
    let services: Services;
    let classId: number;
    before(async () => {
      t = await freshDatabase(kind);
      services = servicesFor(t);
      classId = (await withDemo(services)).classId;
    });
    after(() => t.drop());

    for (const x of EXPORTS) {
      test(`${x.key}: A4 ${x.orientation}, fit to width, title and header repeated`, { timeout: 240_000 }, async (ctx) => {
        const file = await services.rosterExport.classDocument(classId, x.key);
        const wb = new ExcelJS.Workbook();
        await wb.xlsx.load(file.body as unknown as ExcelJS.Buffer);
        for (const ws of wb.worksheets) {
          assert.equal(ws.pageSetup.paperSize, 9, `${ws.name}: A4`);
          assert.equal(ws.pageSetup.orientation, x.orientation, ws.name);
          assert.equal(ws.pageSetup.fitToPage, true, ws.name);
          assert.equal(ws.pageSetup.fitToWidth, 1, ws.name);
          assert.equal(ws.pageSetup.fitToHeight, 0, ws.name);
          assert.equal(ws.pageSetup.printTitlesRow, '1:2', ws.name);
        }
        if (kind !== 'sqlite' || !hasCommand('soffice') || !hasCommand('pdfinfo')) return ctx.skip('LibreOffice runs once, on the SQLite pass');
        const { pdf, info } = printWithLibreOffice(file.body, x.key.replace('.xlsx', ''));
        const [, w, h] = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(info) ?? [];
        const size = [Math.round(Number(w)), Math.round(Number(h))];
        assert.deepEqual(size, x.orientation === 'landscape' ? [842, 595] : [595, 842], info);
        const pages = pdfText(pdf)
          .split('\f')
          .filter((p) => p.trim());
        // Fit to width: no page carries columns alone; every page repeats the header.
        for (const [n, page] of pages.entries()) assert.ok(page.includes(x.header), `page ${n + 1} of ${x.key} lacks the header ${x.header}`);
      });
    }
  });
}
