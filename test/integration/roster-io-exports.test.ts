import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import type { Services } from '../../src/server/app';
import { readCsvRows } from '../../src/server/documents/xlsx';
import { DATABASES, freshDatabase, type TestDatabase } from '../support/db';
import { makeClass, servicesFor, withDemo } from '../support/factories';
import { idNumber } from '../support/roster-io-files';
import { hasCommand, pdfText } from '../unit/documents/fixtures';

const squash = (s: string) => s.replace(/\s+/g, '');

/** Converts the first sheet of a workbook to CSV with LibreOffice, as a user's office suite would read it. */
function libreOfficeCsv(xlsx: Buffer): string[][] {
  const dir = mkdtempSync(join(tmpdir(), 'lo-'));
  try {
    const file = join(dir, 'export.xlsx');
    writeFileSync(file, xlsx);
    const r = spawnSync(
      'soffice',
      [`-env:UserInstallation=file://${dir}/profile`, '--headless', '--convert-to', 'csv:Text - txt - csv (StarCalc):44,34,76,1', '--outdir', dir, file],
      { timeout: 120_000, encoding: 'utf8', env: { ...process.env, HOME: dir } },
    );
    assert.equal(r.status, 0, `soffice failed: ${r.stderr}`);
    const sheet = readCsvRows(readFileSync(join(dir, 'export.csv')), { headerRow: 1 });
    return [sheet.headers, ...sheet.rows.map((x) => x.cells)];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function cellsOf(xlsx: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(xlsx as unknown as ExcelJS.Buffer);
  return wb;
}

for (const kind of DATABASES) {
  describe(`class exports on ${kind}`, () => {
    let t: TestDatabase;
    let s: Services;
    let demoId: number;
    let hostileClass: number;
    const fullId = idNumber(77, { gender: 'male' });
    before(async () => {
      t = await freshDatabase(kind);
      s = servicesFor(t);
      demoId = (await withDemo(s)).classId;
      // A class whose trainees carry spreadsheet formulas in their fields.
      hostileClass = (await makeClass(s)).classId;
      await t.database.transaction(async (trx) => {
        const g = await s.roster.createGroupIn(trx, null, hostileClass, { name: '=第一组' });
        await s.roster.enrolIn(trx, null, hostileClass, {
          groupId: g,
          role: 'group_leader',
          person: {
            name: '=HYPERLINK("http://evil.example","点我")',
            workUnit: '+cmd|/c calc!A1',
            position: '@SUM(1,2)',
            idNumber: fullId,
            phone: '13900000077',
          },
        });
        await s.roster.enrolIn(trx, null, hostileClass, { groupId: g, role: 'member', person: { name: '-2+3', nameBo: 'བཀྲ་ཤིས་', workUnit: '\t=1+1' } });
      });
    });
    after(() => t.drop());

    test('roster.xlsx has every trainee, masked ID numbers, and opens in LibreOffice with the same rows', { timeout: 180_000 }, async (ctx) => {
      const file = await s.rosterExport.classDocument(demoId, 'roster.xlsx');
      assert.match(file.fileName, /学员名单\.xlsx$/);
      const roster = await s.roster.listRoster(demoId);
      const wb = await cellsOf(file.body);
      const ws = wb.worksheets[0];
      assert.equal(ws.name, '学员名单');
      assert.equal(ws.getRow(2).getCell(2).value, '姓名');
      assert.equal(ws.rowCount, roster.length + 2, 'title, heading, one row per trainee');
      if (kind !== 'sqlite') return;
      if (!hasCommand('soffice')) return ctx.skip('soffice not installed');
      const rows = libreOfficeCsv(file.body);
      assert.match(rows[0][0], /学员名单$/);
      assert.deepEqual(rows[1].slice(0, 3), ['序号', '姓名', '藏文名']);
      const data = rows.slice(2);
      assert.equal(data.length, roster.length);
      assert.deepEqual(new Set(data.map((r) => r[1])), new Set(roster.map((e) => e.person.name)));
      const leader = data.find((r) => r[1] === '徐爱国')!;
      assert.deepEqual([leader[12], leader[13]], ['第一组', '组长']);
      const bo = roster.find((e) => e.person.nameBo)!;
      assert.equal(data.find((r) => r[1] === bo.person.name)?.[2], bo.person.nameBo);
    });

    test('formula injection is neutralised in every XLSX export, and ID numbers are never in full', { timeout: 180_000 }, async (ctx) => {
      for (const key of ['roster.xlsx', 'contacts.xlsx', 'groups.xlsx'] as const) {
        const file = await s.rosterExport.classDocument(hostileClass, key);
        const wb = await cellsOf(file.body);
        let texts = 0;
        for (const ws of wb.worksheets) {
          ws.eachRow((row) =>
            row.eachCell((cell) => {
              assert.equal(cell.formula, undefined, `${key} ${ws.name}!${cell.address} holds a formula`);
              if (typeof cell.value === 'string') {
                texts++;
                assert.doesNotMatch(cell.value, /^[=+@\t]/, `${key} ${cell.address}: ${cell.value}`);
                assert.ok(!cell.value.includes(fullId), `${key} leaks the ID number`);
              }
            }),
          );
        }
        assert.ok(texts > 5);
      }
      const roster = await cellsOf((await s.rosterExport.classDocument(hostileClass, 'roster.xlsx')).body);
      const row = roster.worksheets[0].getRow(3);
      assert.equal(row.getCell(2).value, `'=HYPERLINK("http://evil.example","点我")`);
      assert.equal(row.getCell(7).value, "'+cmd|/c calc!A1");
      assert.equal(row.getCell(8).value, "'@SUM(1,2)");
      assert.equal(row.getCell(12).value, `5401**********${fullId.slice(-4)}`);
      assert.equal(roster.worksheets[0].getRow(4).getCell(2).value, '-2+3', 'harmless arithmetic-looking text is left alone');
      if (kind !== 'sqlite') return;
      if (!hasCommand('soffice')) return ctx.skip('soffice not installed');
      // LibreOffice shows the text, it does not evaluate it.
      const rows = libreOfficeCsv((await s.rosterExport.classDocument(hostileClass, 'contacts.xlsx')).body);
      assert.equal(rows[2][1], `'=HYPERLINK("http://evil.example","点我")（组长）`);
      assert.equal(rows[2][4], "'+cmd|/c calc!A1");
    });

    test('contact list and group lists: the PDFs give every name back, Chinese and Tibetan, through pdftotext', { timeout: 120_000 }, async (ctx) => {
      if (!hasCommand('pdftotext')) return ctx.skip('pdftotext not installed');
      const roster = await s.roster.listRoster(demoId);
      for (const key of ['contacts.pdf', 'groups.pdf'] as const) {
        const file = await s.rosterExport.classDocument(demoId, key);
        assert.equal(file.body.subarray(0, 5).toString(), '%PDF-');
        const text = squash(pdfText(file.body));
        for (const e of roster) {
          assert.ok(text.includes(squash(e.person.name)), `${key} lacks ${e.person.name}`);
          if (e.person.nameBo) assert.ok(text.includes(squash(e.person.nameBo)), `${key} lacks ${e.person.nameBo}`);
        }
        assert.ok(text.includes('2020年“科技兴藏人才培养工程”西藏科技管理干部培训班'));
      }
      const groups = squash(pdfText((await s.rosterExport.classDocument(demoId, 'groups.pdf')).body));
      assert.ok(groups.includes('第一组（8人）组长：徐爱国'), groups.slice(0, 300));
      const xlsx = await cellsOf((await s.rosterExport.classDocument(demoId, 'groups.xlsx')).body);
      assert.deepEqual(
        xlsx.worksheets.map((w) => w.name),
        ['第一组', '第二组', '第三组', '第四组'],
      );
      const first = xlsx.worksheets[0];
      assert.equal(first.getRow(3).getCell(2).value, '徐爱国');
      assert.equal(first.getRow(3).getCell(4).value, '组长');
    });

    test('sign-in sheets: one line per expected trainee (the session’s groups, else everybody), with time and place', { timeout: 120_000 }, async (ctx) => {
      const sessions = await s.timetable.listSessions(demoId);
      const roster = await s.roster.listRoster(demoId);
      const perGroup = sessions.find((x) => x.kind === 'discussion' && x.groups.length === 1)!;
      const visit = sessions.find((x) => x.site?.name === '国家技术转移东部中心')!;
      const one = await s.rosterExport.signInSheets(demoId, { sessionId: perGroup.id });
      const all = await s.rosterExport.signInSheets(demoId, { sessionId: visit.id });
      if (!hasCommand('pdftotext')) return ctx.skip('pdftotext not installed');
      const members = roster.filter((e) => e.groupId === perGroup.groups[0].id);
      const others = roster.filter((e) => e.groupId !== perGroup.groups[0].id);
      const t1 = squash(pdfText(one.body));
      assert.ok(t1.includes('签到表'));
      assert.ok(members.every((m) => t1.includes(m.person.name)));
      assert.ok(
        others.every((m) => !t1.includes(m.person.name)),
        'other groups are not expected',
      );
      assert.ok(t1.includes(`应到${members.length}人`));
      const t2 = squash(pdfText(all.body));
      assert.ok(roster.every((m) => t2.includes(m.person.name)));
      assert.ok(t2.includes('2020年10月20日（周二）13:30–17:00'), 'Beijing time');
      assert.ok(t2.includes('国家技术转移东部中心，上海市虹桥国际进口商品展示交易中心'));
      const day = await s.rosterExport.signInSheets(demoId, { date: '2020-10-20' });
      const thatDay = sessions.filter((x) => s.timetable.localDate(x.startsAt, 'Asia/Shanghai') === '2020-10-20');
      assert.ok(thatDay.length >= 2);
      const pages = pdfText(day.body).split('\f');
      assert.equal(pages.filter((p) => squash(p).includes('签到表')).length, thatDay.length, 'one sheet per session of the day');
      for (const x of thatDay) assert.ok(squash(pdfText(day.body)).includes(squash(x.title)));
      await assert.rejects(s.rosterExport.signInSheets(demoId, { date: '2021-01-01' }), /not_found/);
    });

    test('timetable: XLSX and PDF in the class’s time zone with Chinese kind labels, sites and lecturers', { timeout: 180_000 }, async (ctx) => {
      const sessions = await s.timetable.listSessions(demoId);
      const xlsx = await s.rosterExport.classDocument(demoId, 'timetable.xlsx');
      const wb = await cellsOf(xlsx.body);
      const ws = wb.worksheets[0];
      // Title, header, one row per session and the per-trainee total (#9).
      assert.equal(ws.rowCount, sessions.length + 3);
      const header = (ws.getRow(2).values as unknown[]).slice(1);
      assert.deepEqual(header, ['日期', '星期', '时间', '类型', '内容', '地点', '授课/主持', '参加对象', '学时']);
      const rows: string[][] = [];
      for (let r = 3; r < ws.rowCount; r++) rows.push((ws.getRow(r).values as unknown[]).slice(1).map((v) => String(v ?? '')));
      const visit = rows.find((r) => r[4] === '学习国家技术转移东部中心成果转化先进做法')!;
      assert.deepEqual(visit.slice(0, 4), ['2020-10-20', '周二', '13:30–17:00', '现场教学']);
      assert.match(visit[5], /^国家技术转移东部中心，上海市虹桥/);
      const museum = rows.find((r) => r[5].startsWith('上海科技馆'))!;
      assert.match(museum[6], /张春羽/);
      assert.ok(rows.some((r) => r[3] === '结构化研讨' && r[7] === '第一组'));
      // The graduation's running order is in its content cell, speakers with their units (#10).
      const graduation = rows.find((r) => r[4].startsWith('结业式'))!;
      assert.match(graduation[4], /^结业式\n1\. 主持：于长宏（项目负责人/);
      assert.match(graduation[4], /学员代表交流发言：扎西旺拉（西藏自治区日喀则市白朗县科技局主任）/);
      if (!hasCommand('pdftotext')) return ctx.skip('pdftotext not installed');
      const pdf = squash(pdfText((await s.rosterExport.classDocument(demoId, 'timetable.pdf')).body));
      assert.ok(pdf.includes('日程表'));
      assert.ok(pdf.includes('时间均为北京时间'));
      for (const x of sessions) assert.ok(pdf.includes(squash(x.title).slice(0, 8)), `timetable PDF lacks ${x.title}`);
      assert.ok(pdf.includes('13:30–17:00'));
      // Group labels once: the demo's titles end in （第一组） already (#10).
      assert.ok(pdf.includes('结构化研讨：学习成果与行动计划（第一组）'));
      assert.ok(!pdf.includes('（第一组）（第一组）'));
      assert.ok(pdf.includes('颁发结业证书'), 'the graduation agenda is printed');
      if (kind !== 'sqlite' || !hasCommand('soffice')) return;
      const lo = libreOfficeCsv(xlsx.body);
      assert.equal(lo.length, sessions.length + 3);
      assert.deepEqual(lo.slice(2, -1), rows);
    });
  });
}
