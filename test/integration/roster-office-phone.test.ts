// The office phone (办公电话, #16) is a phone like the mobile: the roster search finds it on the
// server, with or without its dash; the roster and group exports carry it beside the mobile; and a
// reader who may not see phones (a sponsor, unless the institution allows it) neither sees nor
// finds it. The roster export heads its document column 证件号码 once a passport is in the class.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import type { Services } from '../../src/server/app';
import type { Actor } from '../../src/server/lib/permissions';
import { DATABASES, freshDatabase, type TestDatabase } from '../support/db';
import { makeActor, makeClass, servicesFor } from '../support/factories';
import { idNumber } from '../support/roster-io-files';
import { hasCommand, pdfText } from '../unit/documents/fixtures';

/** Every sheet as rows of cell texts (heading row included), title row left out. */
async function sheetsOf(xlsx: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(xlsx as unknown as ExcelJS.Buffer);
  return wb.worksheets.map((ws) => {
    const rows: string[][] = [];
    for (let r = 2; r <= ws.rowCount; r++) rows.push((ws.getRow(r).values as unknown[]).slice(1).map((v) => (v == null ? '' : String(v))));
    return { name: ws.name, rows };
  });
}
const column = (rows: string[][], header: string) => {
  const i = rows[0].indexOf(header);
  assert.ok(i >= 0, `no ${header} column in ${rows[0].join(',')}`);
  return rows.slice(1).map((r) => r[i] ?? '');
};

for (const kind of DATABASES) {
  describe(`office phones in the roster search and exports on ${kind}`, () => {
    let t: TestDatabase;
    let s: Services;
    let classId: number;
    let institutionId: number;
    let sponsor: Actor;
    let admin: Actor;
    before(async () => {
      t = await freshDatabase(kind);
      s = servicesFor(t);
      const c = await makeClass(s);
      classId = c.classId;
      institutionId = c.institutionId;
      sponsor = await makeActor(s, { role: 'sponsor', scopeType: 'programme', scopeId: c.programmeId });
      admin = await makeActor(s, 'admin');
      await t.database.transaction(async (trx) => {
        const g1 = await s.roster.createGroupIn(trx, null, classId, { name: '第1组' });
        const g2 = await s.roster.createGroupIn(trx, null, classId, { name: '第2组' });
        await s.roster.enrolIn(trx, null, classId, {
          groupId: g1,
          role: 'group_leader',
          person: { name: '扎西', phone: '13900000001', officePhone: '0894-5821234', idNumber: idNumber(1, { gender: 'male' }) },
        });
        await s.roster.enrolIn(trx, null, classId, { groupId: g1, role: 'member', person: { name: '卓玛', officePhone: '021-68542000' } });
        await s.roster.enrolIn(trx, null, classId, { groupId: g2, role: 'member', person: { name: '次仁', phone: '13900000003' } });
      });
    });
    after(() => t.drop());

    const names = async (q: string, viewer?: Actor) => (await s.roster.listRoster(classId, { q }, viewer)).map((e) => e.person.name);

    test('the roster search finds an office phone as typed, without its dash, or in part', async () => {
      assert.deepEqual(await names('0894-5821234'), ['扎西']);
      assert.deepEqual(await names('08945821234'), ['扎西']);
      assert.deepEqual(await names('5821234'), ['扎西']);
      assert.deepEqual(await names('021 6854'), ['卓玛']);
      assert.deepEqual(await names('(021)68542000'), ['卓玛']);
      // The mobile as before, typed with spaces too.
      assert.deepEqual(await names('139 0000 0003'), ['次仁']);
      assert.deepEqual(await names('0894-5821239'), []);
      // A teacher of the class searches the same way.
      assert.deepEqual(await names('5821234', admin), ['扎西']);
    });

    test('the roster and group exports carry the office phone beside the mobile', async (ctx) => {
      const [roster] = await sheetsOf((await s.rosterExport.classDocument(classId, 'roster.xlsx', admin)).body);
      const heading = roster.rows[0];
      assert.equal(heading[heading.indexOf('手机') + 1], '办公电话');
      assert.deepEqual(column(roster.rows, '姓名'), ['扎西', '卓玛', '次仁']);
      assert.deepEqual(column(roster.rows, '手机'), ['13900000001', '', '13900000003']);
      assert.deepEqual(column(roster.rows, '办公电话'), ['0894-5821234', '021-68542000', '']);
      assert.ok(heading.includes('身份证号') && !heading.includes('证件号码'), 'only resident ID cards so far');

      const groups = await sheetsOf((await s.rosterExport.classDocument(classId, 'groups.xlsx', admin)).body);
      assert.deepEqual(
        groups.map((g) => [g.name, column(g.rows, '姓名'), column(g.rows, '手机'), column(g.rows, '办公电话')]),
        [
          ['第1组', ['扎西', '卓玛'], ['13900000001', ''], ['0894-5821234', '021-68542000']],
          ['第2组', ['次仁'], ['13900000003'], ['']],
        ],
      );
      if (!hasCommand('pdftotext')) return ctx.skip('pdftotext not installed');
      const pdf = pdfText((await s.rosterExport.classDocument(classId, 'groups.pdf', admin)).body).replace(/\s+/g, '');
      assert.ok(pdf.includes('办公电话') && pdf.includes('0894-5821234') && pdf.includes('021-68542000'), pdf.slice(0, 400));
    });

    test('a sponsor who may not see phones sees no office phone, finds nobody by it, and the exports leave it blank', async (ctx) => {
      assert.deepEqual(await names('5821234', sponsor), []);
      assert.deepEqual(await names('08945821234', sponsor), []);
      assert.deepEqual(await names('扎西', sponsor), ['扎西']);
      const seen = await s.roster.listRoster(classId, {}, sponsor);
      assert.ok(seen.every((e) => e.person.phone === null && e.person.officePhone === null));
      for (const key of ['roster.xlsx', 'groups.xlsx', 'contacts.xlsx'] as const) {
        for (const sheet of await sheetsOf((await s.rosterExport.classDocument(classId, key, sponsor)).body)) {
          assert.deepEqual(new Set(column(sheet.rows, '办公电话')), new Set(['']), `${key} ${sheet.name}`);
          assert.deepEqual(new Set(column(sheet.rows, '手机')), new Set(['']), `${key} ${sheet.name}`);
        }
      }
      if (hasCommand('pdftotext')) {
        const pdf = pdfText((await s.rosterExport.classDocument(classId, 'groups.pdf', sponsor)).body).replace(/\s+/g, '');
        assert.ok(pdf.includes('扎西') && !pdf.includes('5821234') && !pdf.includes('13900000001'));
      } else ctx.diagnostic('pdftotext not installed: the group PDF is not read');

      // Once the institution lets sponsors see phones, they see and find the office phone too.
      await s.institutions.update(admin, institutionId, { sponsorsSeePhones: true });
      assert.deepEqual(await names('08945821234', sponsor), ['扎西']);
      const [roster] = await sheetsOf((await s.rosterExport.classDocument(classId, 'roster.xlsx', sponsor)).body);
      assert.deepEqual(column(roster.rows, '办公电话'), ['0894-5821234', '021-68542000', '']);
      await s.institutions.update(admin, institutionId, { sponsorsSeePhones: false });
    });

    test('with a passport in the class the roster export heads the column 证件号码', async () => {
      await t.database.transaction((trx) =>
        s.roster.enrolIn(trx, null, classId, { groupId: null, role: 'member', person: { name: '阿依古丽', idType: 'passport', idNumber: 'E12345678' } }),
      );
      const [roster] = await sheetsOf((await s.rosterExport.classDocument(classId, 'roster.xlsx', admin)).body);
      assert.ok(roster.rows[0].includes('证件号码') && !roster.rows[0].includes('身份证号'));
      assert.deepEqual(column(roster.rows, '证件号码').at(-1), 'E*****678');
    });
  });
}
