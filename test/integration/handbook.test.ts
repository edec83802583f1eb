import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Services } from '../../src/server/app';
import { A5, bookletOrder, renderPages } from '../../src/server/documents/booklet';
import { writeMixed } from '../../src/server/documents/pdf';
import type { Actor } from '../../src/server/lib/permissions';
import { DATABASES, freshDatabase, type TestDatabase } from '../support/db';
import { makeActor, servicesFor, withDemo } from '../support/factories';

// The 学员手册 (#19): made from the demo class's record, for the phone and as a printed booklet.
const dir = mkdtempSync(join(tmpdir(), 'handbook-'));
let n = 0;
const pdfFile = (data: Buffer) => {
  const file = join(dir, `h${++n}.pdf`);
  writeFileSync(file, data);
  return file;
};
const pdfText = (data: Buffer, page?: number) =>
  execFileSync('pdftotext', [...(page ? ['-f', String(page), '-l', String(page)] : []), '-layout', pdfFile(data), '-'], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
const pageCount = (data: Buffer) => Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdfFile(data)], { encoding: 'utf8' }))![1]);
const pageSize = (data: Buffer) =>
  /Page size:\s+([\d.]+) x ([\d.]+)/
    .exec(execFileSync('pdfinfo', [pdfFile(data)], { encoding: 'utf8' }))!
    .slice(1)
    .map(Number);

/** A document of `count` pages, each saying its number, imposed as a booklet. */
const numbered = (count: number) =>
  renderPages(
    () =>
      Array.from({ length: count }, (_, i) => (doc, x, y) => writeMixed(doc, `PAGE-${i + 1}`, { x: x + 40, y: y + 200, width: A5.width - 80, fontSize: 20 })),
    'booklet',
    { title: 't', author: 't' },
  );
/** Which page numbers each booklet sheet side shows, left to right. */
const sides = (data: Buffer) => Array.from({ length: pageCount(data) }, (_, i) => [...pdfText(data, i + 1).matchAll(/PAGE-(\d+)/g)].map((m) => Number(m[1])));

describe('booklet imposition', () => {
  test('8 pages: two sheets, each side two pages in folding order', async () => {
    assert.deepEqual(bookletOrder(8), [
      [7, 0],
      [1, 6],
      [5, 2],
      [3, 4],
    ]);
    const pdf = await numbered(8);
    assert.deepEqual(pageSize(pdf).map(Math.round), [842, 595], 'A4 landscape');
    assert.deepEqual(sides(pdf), [
      [8, 1],
      [2, 7],
      [6, 3],
      [4, 5],
    ]);
  });
  test('10 pages are padded to 12: the two blanks are the last pages, and every page appears once', async () => {
    const pdf = await numbered(10);
    const got = sides(pdf);
    assert.deepEqual(got, [[1], [2, 11].filter((p) => p <= 10), [10, 3], [4, 9], [8, 5], [6, 7]]);
    assert.deepEqual(
      got.flat().sort((a, b) => a - b),
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
    );
    // A folded stack: sheet k's front pairs page 12-2k with 2k+1 (1-based), so reading in order works.
    assert.equal(bookletOrder(10).length, 6);
    assert.deepEqual(bookletOrder(10)[0], [null, 0]);
  });
});

for (const kind of DATABASES) {
  describe(`the trainee handbook (${kind})`, () => {
    let t: TestDatabase;
    let services: Services;
    let classId: number;
    let teacher: Actor;

    before(async () => {
      t = await freshDatabase(kind);
      services = servicesFor(t);
      ({ classId } = await withDemo(services));
      teacher = await makeActor(services, { role: 'class_teacher', scopeType: 'class', scopeId: classId });
    });
    after(() => t.drop());

    test('the class edition has the timetable in the class time zone, sites with addresses, the committee and groups', async () => {
      const f = await services.handbook.classFile(classId, 'a5');
      assert.deepEqual(pageSize(f.data).map(Math.round), [420, 595], 'A5');
      const text = pdfText(f.data);
      assert.match(text, /学\s*员\s*手\s*册/);
      assert.match(text, /学员守则/);
      assert.match(text, /日程安排/);
      assert.match(text, /Asia\/Shanghai/);
      // The demo's site visits, with addresses
      assert.match(text, /上海科技馆/);
      assert.match(text, /地址：.*世纪大道/);
      // The committee (班委) and the groups with their leaders
      assert.match(text, /班长/);
      assert.match(text, /第一组（组长：/);
      assert.match(text, /班主任/);
      // The class edition has no one's badge
      assert.doesNotMatch(text, /签到胸卡\s*$/m);
      assert.match(f.fileName, /学员手册\.pdf$/);
    });

    test('the texts: own rules and welcome for the class, the institution default, staff phones', async () => {
      const s0 = await services.handbook.settings(classId);
      assert.match(s0.inheritedRules, /遵守学院各项规章制度/);
      const cls = await services.classes.getClass(null, classId);
      await services.handbook.saveInstitutionRules(teacher, cls.institutionId, '本院守则第一条：准时。');
      assert.equal((await services.handbook.settings(classId)).inheritedRules, '本院守则第一条：准时。');
      const staff = s0.staff[0];
      const saved = await services.handbook.saveSettings(teacher, classId, {
        welcome: '欢迎来到上海！',
        rules: null,
        staffPhones: [{ userId: staff.userId, phone: '13800001111' }],
      });
      assert.equal(saved.staff.find((s) => s.userId === staff.userId)?.phone, '13800001111');
      const text = pdfText((await services.handbook.classFile(classId, 'a5')).data);
      assert.match(text, /欢迎来到上海！/);
      assert.match(text, /本院守则第一条：准时。/);
      assert.match(text, /13800001111/);
    });

    test("a trainee's edition names them and carries their badge; the booklet is the same pages imposed two-up", async () => {
      const rows = await services.roster.rosterIn(t.database.db, classId);
      const tashi = rows.find((r) => r.name_bo)!;
      const a5 = await services.handbook.classFile(classId, 'a5', tashi.id);
      const text = pdfText(a5.data);
      assert.ok(text.includes(`学员：${tashi.name}`), 'the cover names the trainee');
      assert.match(text, /签到胸卡/);
      const booklet = await services.handbook.classFile(classId, 'booklet', tashi.id);
      assert.deepEqual(pageSize(booklet.data).map(Math.round), [842, 595], 'A4 landscape');
      const pages = pageCount(a5.data);
      assert.equal(pageCount(booklet.data), Math.ceil(pages / 4) * 2, 'two A5 pages a side, padded to a multiple of four');
      // The first side holds the last page (or a blank) and the cover.
      assert.match(pdfText(booklet.data, 1), /学\s*员\s*手\s*册/);
    });
  });
}
