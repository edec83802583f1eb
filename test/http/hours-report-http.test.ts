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
// the whole year and for the below-threshold filter; only the office may download it. The unit
// filter's suggestions too.
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

    // The unit box suggests the institution's work units holding what was typed: any part of the
    // name, the most people first, `%` and `_` taken literally, only to the office.
    describe('work units suggested for the unit filter', () => {
      before(async () => {
        // Two more people of a Lhasa unit, one of a unit whose name holds a percent sign, and a
        // person of another institution in a Lhasa unit (not suggested here).
        const other = await services.classes.createInstitution(null, { name: '别的学院', code: 'OTHER' });
        const at = new Date().toISOString();
        const person = (institution: number, name: string, unit: string) => ({
          institution_id: institution,
          name,
          work_unit: unit,
          is_sample: 0,
          created_at: at,
          updated_at: at,
        });
        await t.database.db
          .insertInto('people')
          .values([
            person(institutionId, '测试甲', 'Lhasa 拉萨市科学技术局'),
            person(institutionId, '测试乙', 'Lhasa 拉萨市科学技术局'),
            person(institutionId, '测试丙', '100%科技_服务中心'),
            person(other, '别院学员', 'Lhasa 拉萨市科学技术局'),
          ])
          .execute();
      });

      const suggest = async (q: string, role = 'organizer') => {
        const res = await app.inject({ url: `/api/v1/institutions/${institutionId}/work-units?q=${encodeURIComponent(q)}`, headers: h[role] });
        return { status: res.statusCode, body: res.statusCode === 200 ? (res.json() as Array<{ workUnit: string; people: number }>) : res.body };
      };

      test('a part of the name, in any case, the unit with the most people first', async () => {
        const { status, body } = await suggest('lhasa');
        assert.equal(status, 200);
        assert.deepEqual(body, [{ workUnit: 'Lhasa 拉萨市科学技术局', people: 2 }]);
        const seeds = await suggest('白朗');
        assert.deepEqual(seeds.body, [{ workUnit: '西藏自治区日喀则市白朗县科技局', people: 1 }]);
        const all = (await suggest('科')).body as Array<{ workUnit: string; people: number }>;
        assert.ok(all.length > 2 && all.length <= 20);
        for (let i = 1; i < all.length; i++) assert.ok(all[i - 1].people >= all[i].people, 'most people first');
      });

      test('% and _ are the characters, not wildcards', async () => {
        assert.deepEqual((await suggest('%')).body, [{ workUnit: '100%科技_服务中心', people: 1 }]);
        assert.deepEqual((await suggest('科技_服')).body, [{ workUnit: '100%科技_服务中心', people: 1 }]);
        assert.deepEqual((await suggest('技_局')).body, []);
      });

      test('only the office may ask, and a name over 200 characters is refused', async () => {
        for (const role of ['classTeacher', 'lecturer', 'sponsor']) assert.equal((await suggest('拉萨', role)).status, 403, role);
        const long = await suggest('局'.repeat(201));
        assert.equal(long.status, 400);
        assert.match(String(long.body), /"q"|q/);
      });
    });
  });
}
