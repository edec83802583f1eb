import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../src/server/app';
import { DEMO_PASSWORD, USERS } from '../../src/server/demo/seed-facts';
import { readSheetRows } from '../../src/server/documents/xlsx';
import { DATABASES, freshDatabase, type TestDatabase } from '../support/db';
import { appFor, loginHeaders, withDemo } from '../support/factories';

type Person = { name: string; nameBo: string | null; workUnit: string | null; hours: number; fiveYearHours: number; below: boolean };

// The institution's yearly 学时 report as a workbook over HTTP (#17): the streamed XLSX holds the
// same people, in the same order and with the same hours, as the report's pages on screen, for
// the whole year and for the below-threshold filter; only the office may download it.
for (const kind of DATABASES) {
  describe(`yearly hours report XLSX over HTTP (${kind})`, () => {
    let t: TestDatabase;
    let app: FastifyInstance;
    let services: Services;
    let institutionId: number;
    let year: number;
    const h: Record<string, Record<string, string>> = {};

    before(async () => {
      t = await freshDatabase(kind);
      const built = await appFor(t);
      app = built.app;
      services = built.services;
      const { classId } = await withDemo(services);
      const c = await services.classes.getClass(null, classId);
      institutionId = c.institutionId;
      year = Number(c.startsOn.slice(0, 4));
      for (const [role, u] of Object.entries(USERS)) h[role] = await loginHeaders(app, u.username, DEMO_PASSWORD);
    });
    after(async () => {
      await app.close();
      await t.drop();
    });

    /** Every page of the report as the screen reads it, a few people a page. */
    async function pages(query: string): Promise<Person[]> {
      const people: Person[] = [];
      let cursor: string | null = null;
      do {
        const res: { statusCode: number; body: string; json: () => unknown } = await app.inject({
          url: `/api/v1/institutions/${institutionId}/hours-report?year=${year}&limit=7${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
          headers: h.organizer,
        });
        assert.equal(res.statusCode, 200, res.body);
        const body = res.json() as { people: Person[]; nextCursor: string | null };
        people.push(...body.people);
        cursor = body.nextCursor;
      } while (cursor);
      return people;
    }

    for (const [label, query] of [
      ['the whole year', ''],
      ['those below 90 hours', '&below=year'],
    ] as const) {
      test(`the workbook of ${label} lists the report's people in its order`, async () => {
        const expected = await pages(query);
        assert.ok(expected.length > 0);
        const res = await app.inject({ url: `/api/v1/institutions/${institutionId}/hours-report.xlsx?year=${year}${query}`, headers: h.organizer });
        assert.equal(res.statusCode, 200);
        assert.match(String(res.headers['content-type']), /spreadsheetml\.sheet/);
        assert.match(String(res.headers['content-disposition']), new RegExp(`hours-${year}\\.xlsx`));
        const sheet = await readSheetRows(res.rawPayload);
        assert.equal(sheet.headerRowNumber, 2, 'a title row above the header');
        assert.equal(sheet.rows.length, expected.length);
        sheet.rows.forEach((row, i) => {
          const p = expected[i];
          assert.equal(row.cells[0], p.nameBo ? `${p.name} ${p.nameBo}` : p.name, `row ${row.rowNumber}`);
          assert.equal(row.cells[1], p.workUnit ?? '');
          assert.equal(Number(row.cells[4]), p.hours, `hours of ${p.name}`);
          assert.equal(Number(row.cells[5]), p.fiveYearHours);
          assert.equal(row.cells[7] !== '', p.below);
        });
      });
    }

    test('the class teacher, the lecturer and the sponsor may not download it', async () => {
      for (const role of ['classTeacher', 'lecturer', 'sponsor']) {
        const res = await app.inject({ url: `/api/v1/institutions/${institutionId}/hours-report.xlsx?year=${year}`, headers: h[role] });
        assert.equal(res.statusCode, 403, role);
      }
      const bad = await app.inject({ url: `/api/v1/institutions/${institutionId}/hours-report.xlsx?year=20x0`, headers: h.organizer });
      assert.equal(bad.statusCode, 400);
    });
  });
}
