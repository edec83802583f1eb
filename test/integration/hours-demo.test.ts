// The demo class's 学时 are what one trainee attends: the whole-class sessions (46) and one
// group's three discussions (9), not all four groups' (36). Every place that states the class's
// hours must say 55: the overview, the programme, the timetable PDF and XLSX, the trainee's phone
// and the certificates. (Before #9 the overview, programme and exports summed every session: 82.)
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import type { Services } from '../../src/server/app';
import { DATABASES, freshDatabase, type TestDatabase } from '../support/db';
import { servicesFor, withDemo } from '../support/factories';
import { hasCommand, pdfText } from '../unit/documents/fixtures';

const squash = (s: string) => s.replace(/\s+/g, '');

for (const kind of DATABASES) {
  describe(`the demo class says 55 学时 everywhere (${kind})`, () => {
    let t: TestDatabase;
    let services: Services;
    let classId: number;
    before(async () => {
      t = await freshDatabase(kind);
      services = servicesFor(t);
      classId = (await withDemo(services)).classId;
    });
    after(() => t.drop());

    test('the record: 30 sessions summing to 82 hours, 55 of them for any one trainee', async () => {
      const sessions = await services.timetable.listSessions(classId);
      assert.equal(
        sessions.reduce((sum, s) => sum + s.hours, 0),
        82,
      );
      const cls = await services.classes.getClass(null, classId);
      assert.equal(cls.counts.hours, 55, 'overview');
      const programme = await services.classes.getProgramme(null as never, cls.programmeId);
      assert.equal(programme.totalHours, 55, 'programme page');
      const list = (await services.classes.listProgrammes({ isAdmin: true, grants: [] } as never)).find((p) => p.id === cls.programmeId);
      assert.equal(list?.totalHours, 55, 'programme list');
    });

    test('the timetable XLSX ends with the per-trainee total, and the PDF states it', async (ctx) => {
      const xlsx = await services.rosterExport.classDocument(classId, 'timetable.xlsx');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(xlsx.body as unknown as ExcelJS.Buffer);
      const ws = wb.worksheets[0];
      const last = ws.getRow(ws.rowCount);
      assert.equal(last.getCell(1).value, '合计');
      assert.match(String(last.getCell(5).value), /每名学员 55 学时/);
      assert.equal(last.getCell(9).value, 55);
      if (!hasCommand('pdftotext')) return ctx.skip('pdftotext not installed');
      const pdf = squash(pdfText((await services.rosterExport.classDocument(classId, 'timetable.pdf')).body));
      assert.ok(pdf.includes('每名学员55学时'), pdf.slice(-200));
      assert.ok(!pdf.includes('82学时'));
    });

    test('each trainee’s phone and certificate: 55', async (ctx) => {
      const roster = await services.roster.listRoster(classId);
      for (const e of roster.slice(0, 6)) {
        const hours = await services.hours.personHours(e.person.id);
        assert.equal(hours.classes.find((c) => c.classId === classId)?.hours.totalHours, 55, e.person.name);
      }
      const certificates = await services.certificates.list(classId);
      assert.ok(certificates.length > 0, 'the demo issues certificates');
      // The class's 学时 on every certificate; `hours` is what each trainee attended (#10).
      assert.ok(
        certificates.every((c) => c.classHours === 55),
        certificates.map((c) => c.classHours).join(),
      );
      assert.ok(certificates.every((c) => c.hours <= c.classHours));
      if (!hasCommand('pdftotext')) return ctx.skip('pdftotext not installed');
      const { data } = await services.certificates.pdf(classId, certificates[0].id);
      const text = squash(pdfText(data));
      assert.ok(text.includes('55学时'), text);
    });
  });
}
