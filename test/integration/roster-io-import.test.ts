import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import type { ImportPreview } from '../../src/contracts';
import type { Services } from '../../src/server/app';
import { AppError } from '../../src/server/lib/errors';
import { DATABASES, freshDatabase, type TestDatabase } from '../support/db';
import { makeClass, servicesFor } from '../support/factories';
import { csv, encryptedWorkbook, HEADERS, idNumber, mobile, withWrongCheck, workbook } from '../support/roster-io-files';
import { makeZip, workbookSkeleton } from '../unit/documents/fixtures';

/** Row counts of every table an import could touch. */
async function snapshot(t: TestDatabase) {
  const out: Record<string, number> = {};
  for (const table of ['people', 'enrolments', 'groups', 'audit_log']) {
    const r = await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(t.database.db);
    out[table] = Number(r.rows[0].n);
  }
  return out;
}

async function rejectsWith(promise: Promise<unknown>, code: string) {
  await assert.rejects(promise, (e: unknown) => {
    assert.ok(e instanceof AppError, `expected AppError ${code}, got ${e}`);
    assert.equal(e.code, code);
    return true;
  });
}

const problemsOf = (p: ImportPreview, row: number) => p.rows.find((r) => r.rowNumber === row)?.problems ?? [];
const codesAt = (p: ImportPreview, row: number, severity = 'error') =>
  problemsOf(p, row)
    .filter((x) => x.severity === severity)
    .map((x) => `${x.column}:${x.code}`);

for (const kind of DATABASES) {
  describe(`roster import on ${kind}`, () => {
    let t: TestDatabase;
    let s: Services;
    before(async () => {
      t = await freshDatabase(kind);
      s = servicesFor(t);
    });
    after(() => t.drop());

    /** Another class of the same programme, for people who come back. */
    async function nextClassOf(classId: number, title: string) {
      const cls = await s.classes.requireClass(t.database.db, classId);
      return s.classes.createClass(null, cls.programme_id, {
        title,
        startsOn: '2026-04-01',
        endsOn: '2026-04-10',
        timeZone: 'Asia/Shanghai',
        leaveLimitRatio: 0.2,
        minAttendanceRatio: 0.8,
        lateGraceMinutes: 10,
      });
    }

    async function classWithGroups(names = ['第一组', '第二组']) {
      const c = await makeClass(s);
      for (const name of names) await s.roster.createGroupIn(t.database.db, null, c.classId, { name });
      return c;
    }

    test('a good file: previews clean, then every row is enrolled with its group and leader, ID numbers encrypted', async () => {
      const { classId } = await classWithGroups();
      const file = await workbook([
        HEADERS,
        ['徐爱国', '', '男', '汉族', '西藏自治区高原生物研究所', '副所长', '副处级', mobile(1), idNumber(1, { gender: 'male' }), '第一组', ''],
        ['扎西旺拉', 'བཀྲ་ཤིས་དབང་ལྷ', '男', '藏', '白朗县科技局', '局长', '正科级', mobile(2), idNumber(3, { gender: 'male' }), '第二组', ''],
        ['次仁卓玛', 'ཚེ་རིང་སྒྲོལ་མ', '女', '藏族', '拉萨市科技局', '科员', '', mobile(3), idNumber(4, { gender: 'female' }), '第二组', '素食'],
        ['Tenzin Norbu', '', '男', '门巴', '林芝市科技局', '', '', '', '', '', ''],
      ]);
      const preview = await s.rosterImport.preview(classId, { buffer: file, fileName: 'good.xlsx' });
      assert.equal(preview.headerRowNumber, 1);
      assert.equal(preview.summary.rows, 4);
      assert.equal(preview.summary.errorRows, 0);
      assert.equal(preview.summary.toCreate, 4);
      assert.deepEqual(
        preview.rows.map((r) => r.values.ethnicity),
        ['汉族', '藏族', '藏族', '门巴族'],
      );
      assert.equal(preview.rows[1].values.idNumberMasked, `5401**********${idNumber(3, { gender: 'male' }).slice(-4)}`);

      const before = await snapshot(t);
      const progress: number[] = [];
      const result = await s.rosterImport.commit(
        null,
        classId,
        { buffer: file, fileName: 'good.xlsx' },
        { actions: {}, createGroups: [], fileHash: preview.fileHash },
        {
          onProgress: (done) => progress.push(done),
        },
      );
      assert.deepEqual([result.created, result.linked, result.skipped], [4, 0, 0]);
      assert.equal(progress.at(-1), 4);
      assert.deepEqual(
        progress,
        [...progress].sort((a, b) => a - b),
        'progress only goes forward',
      );
      const after = await snapshot(t);
      assert.equal(after.people - before.people, 4);
      assert.equal(after.enrolments - before.enrolments, 4);

      const roster = await s.roster.listRoster(classId);
      const byName = new Map(roster.map((e) => [e.person.name, e]));
      assert.equal(byName.get('扎西旺拉')?.person.nameBo, 'བཀྲ་ཤིས་དབང་ལྷ');
      assert.equal(byName.get('扎西旺拉')?.groupName, '第二组');
      assert.equal(byName.get('次仁卓玛')?.person.gender, 'female');
      assert.equal(byName.get('Tenzin Norbu')?.groupId, null);
      // Stored encrypted and blind-indexed: found by the number, never stored in clear.
      const found = await s.roster.findPersonByIdNumber(
        t.database.db,
        (await s.classes.requireClass(t.database.db, classId)).institution_id,
        idNumber(1, { gender: 'male' }),
      );
      assert.equal(found?.name, '徐爱国');
      assert.ok(found?.id_number_enc && !found.id_number_enc.includes(idNumber(1, { gender: 'male' })));
      const audit = await s.audit.listForClass(classId);
      assert.ok(audit.some((a) => a.action === 'roster.import' && (a.after as { created: number }).created === 4));
    });

    test('a file with one bad row of each kind reports every row and column, and commit changes nothing', async () => {
      const { classId, institutionId } = await classWithGroups();
      // Someone already in the records (another class of the institution), and someone already enrolled here.
      const other = await makeClass(s);
      void other;
      const existingId = idNumber(21, { gender: 'female' });
      await t.database.transaction((trx) => s.roster.createPerson(trx, null, institutionId, { name: '白玛', idNumber: existingId, workUnit: '山南市科技局' }));
      const enrolledId = idNumber(23, { gender: 'male' });
      await t.database.transaction((trx) => s.roster.enrolIn(trx, null, classId, { role: 'member', person: { name: '多吉', idNumber: enrolledId } }));

      const good = (n: number) => [`学员${n}`, '', '男', '汉族', '某单位', '', '', mobile(100 + n), idNumber(100 + n, { gender: 'male' }), '第一组', ''];
      const rows = [
        HEADERS,
        good(1), // row 2: fine
        ['', '', '男', '', '某单位', '', '', mobile(3), '', '', ''], // 3: no name
        ['学员4', '', '男', '', '', '', '', mobile(4), withWrongCheck(idNumber(4, { gender: 'male' })), '', ''], // 4: checksum
        ['学员5', '', '男', '', '', '', '', mobile(5), '540102198002301235', '', ''], // 5: 30 February
        ['学员6', '', '男', '', '', '', '', mobile(6), '54010219800101123', '', ''], // 6: 17 characters
        ['学员7', '', '男', '', '', '', '', '1390000', '', '', ''], // 7: phone too short
        ['学员8', '', '男的', '', '', '', '', mobile(8), '', '', ''], // 8: gender
        ['学员9', '', '女', '', '', '', '', mobile(9), '', '第九组', ''], // 9: group the class does not have
        ['学员10', '', '男', '', '', '', '', mobile(10), idNumber(101, { gender: 'male' }), '', ''], // 10: same ID as row 2
        ['学员1', '', '男', '', '', '', '', mobile(101), '', '', ''], // 11: same name and phone as row 2
        ['学员12', '', '男', '', 'X'.repeat(201), '', '', mobile(12), '', '', ''], // 12: work unit too long
        ['白玛', '', '女', '', '', '', '', mobile(13), existingId, '第二组', ''], // 13: existing person → link
        ['多吉', '', '男', '', '', '', '', mobile(14), enrolledId, '', ''], // 14: already enrolled → skipped
        ['学员15', '', '男', '', '', '', '', { formula: 'A2&"x"' }, '', '', ''], // 15: formula without a stored result
        good(16), // 16: fine
      ];
      const file = await workbook(rows);
      const preview = await s.rosterImport.preview(classId, { buffer: file });

      assert.deepEqual(codesAt(preview, 2), []);
      assert.deepEqual(codesAt(preview, 3), ['姓名:required']);
      assert.deepEqual(codesAt(preview, 4), ['身份证号:id_number.checksum']);
      assert.deepEqual(codesAt(preview, 5), ['身份证号:id_number.birth_date']);
      assert.deepEqual(codesAt(preview, 6), ['身份证号:id_number.format']);
      assert.deepEqual(codesAt(preview, 7), ['手机:phone.format_value']);
      assert.deepEqual(codesAt(preview, 8), ['性别:gender.invalid']);
      assert.deepEqual(codesAt(preview, 9, 'warning'), ['组别:group.missing']);
      assert.deepEqual(codesAt(preview, 10), ['身份证号:duplicate.id_number']);
      assert.equal(problemsOf(preview, 10)[0].params?.row, 2);
      assert.deepEqual(codesAt(preview, 11), ['姓名:duplicate.name_phone']);
      assert.deepEqual(codesAt(preview, 12), ['工作单位:too_long']);
      assert.deepEqual(codesAt(preview, 13), []);
      assert.deepEqual(codesAt(preview, 13, 'info'), ['身份证号:match.id_number']);
      assert.equal(preview.rows.find((r) => r.rowNumber === 13)?.match?.by, 'id_number');
      assert.equal(preview.rows.find((r) => r.rowNumber === 13)?.defaultAction, 'link');
      assert.deepEqual(preview.rows.find((r) => r.rowNumber === 14)?.allowedActions, ['skip']);
      assert.deepEqual(codesAt(preview, 14, 'warning'), ['null:enrolment.already']);
      assert.deepEqual(codesAt(preview, 15), ['手机:cell.formula_no_value']);
      assert.deepEqual(codesAt(preview, 16), []);
      assert.deepEqual(preview.missingGroups, [{ name: '第九组', rowCount: 1 }]);
      assert.equal(preview.summary.errorRows, 10, 'row 9 only becomes an error if its group is not chosen for creation');
      const letter = problemsOf(preview, 7)[0];
      assert.equal(letter.columnLetter, 'H');
      assert.match(letter.message, /11 位/);

      // English messages come from the same codes.
      const en = await s.rosterImport.preview(classId, { buffer: file }, { lang: 'en' });
      assert.match(problemsOf(en, 4)[0].message, /check digit/);

      const before = await snapshot(t);
      await assert.rejects(
        s.rosterImport.commit(null, classId, { buffer: file }, { actions: {}, createGroups: [], fileHash: preview.fileHash }),
        (e: unknown) => {
          assert.ok(e instanceof AppError);
          assert.equal(e.code, 'roster_import.has_errors');
          assert.equal(e.status, 422);
          // Every bad row is named, by row and column, including the group nobody chose to create.
          const fields = e.fieldErrors.map((f) => f.field);
          for (const f of [
            'rows.3.name',
            'rows.4.idNumber',
            'rows.5.idNumber',
            'rows.6.idNumber',
            'rows.7.phone',
            'rows.8.gender',
            'rows.9.group',
            'rows.10.idNumber',
            'rows.11.name',
            'rows.12.workUnit',
            'rows.15.phone',
          ])
            assert.ok(fields.includes(f), `${f} in ${fields.join(', ')}`);
          assert.equal(e.params.count, 11);
          assert.ok(
            e.fieldErrors.every((f) => /^第 \d+ 行「.+」：/.test(f.message ?? '')),
            e.fieldErrors[0].message,
          );
          return true;
        },
      );
      assert.deepEqual(await snapshot(t), before, 'nothing written');

      // Skipping the bad rows and creating the missing group lets the rest in, all together.
      const skip = Object.fromEntries([3, 4, 5, 6, 7, 8, 10, 11, 12, 15].map((n) => [String(n), 'skip' as const]));
      const result = await s.rosterImport.commit(null, classId, { buffer: file }, { actions: skip, createGroups: ['第九组'], fileHash: preview.fileHash });
      assert.deepEqual([result.created, result.linked, result.skipped, result.groupsCreated], [3, 1, 11, ['第九组']]);
      const after = await snapshot(t);
      assert.equal(after.people - before.people, 3, 'the linked person is not created again');
      assert.equal(after.enrolments - before.enrolments, 4);
      const roster = await s.roster.listRoster(classId);
      assert.equal(roster.find((e) => e.person.name === '白玛')?.groupName, '第二组');
      assert.equal(roster.find((e) => e.person.name === '学员9')?.groupName, '第九组');
    });

    test('a changed file, a forbidden action, and a class whose roster is closed are refused', async () => {
      const { classId } = await classWithGroups();
      const file = await workbook([HEADERS, ['甲', '', '', '', '', '', '', '', '', '', '']]);
      const preview = await s.rosterImport.preview(classId, { buffer: file });
      const other = await workbook([HEADERS, ['乙', '', '', '', '', '', '', '', '', '', '']]);
      await rejectsWith(
        s.rosterImport.commit(null, classId, { buffer: other }, { actions: {}, createGroups: [], fileHash: preview.fileHash }),
        'roster_import.file_changed',
      );
      // 'link' needs someone to link to.
      await rejectsWith(s.rosterImport.commit(null, classId, { buffer: file }, { actions: { '2': 'link' }, createGroups: [] }), 'roster_import.has_errors');
      await s.classes.transition(null, classId, 'enrolling');
      const done = await makeClass(s);
      await t.database.db.updateTable('classes').set({ status: 'completed' }).where('id', '=', done.classId).execute();
      await rejectsWith(s.rosterImport.preview(done.classId, { buffer: file }), 'class.locked');
      await rejectsWith(s.rosterImport.commit(null, done.classId, { buffer: file }, { actions: {}, createGroups: [] }), 'class.locked');
    });

    test('existing people are matched by ID number first, else by name and phone; re-importing the same file adds nobody', async () => {
      const { classId } = await classWithGroups();
      const file = await workbook([
        HEADERS,
        ['央金', '', '女', '', '', '', '', mobile(31), '', '', ''],
        ['格桑', '', '男', '', '', '', '', mobile(32), idNumber(33, { gender: 'male' }), '', ''],
      ]);
      await s.rosterImport.commit(null, classId, { buffer: file }, { actions: {}, createGroups: [] });
      // The same people come to a second class of the same institution.
      const second = await nextClassOf(classId, '第二期');
      const preview = await s.rosterImport.preview(second, { buffer: file });
      assert.deepEqual(
        preview.rows.map((r) => [r.match?.by, r.defaultAction, r.allowedActions.join('/')]),
        [
          ['name_phone', 'link', 'link/create/skip'],
          ['id_number', 'link', 'link/skip'],
        ],
      );
      const before = await snapshot(t);
      const result = await s.rosterImport.commit(null, second, { buffer: file }, { actions: {}, createGroups: [] });
      assert.equal(result.linked, 2);
      assert.equal((await snapshot(t)).people, before.people);
      // Again into the first class: both are there already, so both rows are skipped.
      const again = await s.rosterImport.preview(classId, { buffer: file });
      assert.deepEqual(
        again.rows.map((r) => r.defaultAction),
        ['skip', 'skip'],
      );
      const r2 = await s.rosterImport.commit(null, classId, { buffer: file }, { actions: {}, createGroups: [] });
      assert.deepEqual([r2.created, r2.linked, r2.skipped], [0, 0, 2]);
    });

    test('linking needs proof: the ID number under another name, or name and phone of someone with an ID number on record, link nobody and tell nothing', async () => {
      const { classId } = await classWithGroups();
      const first = await workbook([HEADERS, ['次仁', '', '男', '', '西藏自治区科技厅', '', '', mobile(51), idNumber(51, { gender: 'male' }), '', '']]);
      await s.rosterImport.commit(null, classId, { buffer: first }, { actions: {}, createGroups: [] });
      const other = await nextClassOf(classId, '另一期');
      const probe = await workbook([
        HEADERS,
        // Someone's ID number with a guessed name; someone's name and phone without the ID number.
        ['某某', '', '男', '', '', '', '', '', idNumber(51, { gender: 'male' }), '', ''],
        ['次仁', '', '男', '', '', '', '', mobile(51), '', '', ''],
      ]);
      const preview = await s.rosterImport.preview(other, { buffer: probe });
      assert.deepEqual(
        preview.rows.map((r) => [r.match, r.defaultAction, r.allowedActions.join('/')]),
        [
          [null, 'skip', 'skip'],
          [null, 'skip', 'create/skip'],
        ],
      );
      assert.deepEqual(codesAt(preview, 2, 'warning'), ['姓名:match.name_differs']);
      assert.deepEqual(codesAt(preview, 3, 'warning'), ['身份证号:match.name_phone_needs_id']);
      // The work unit on record is not in the probe: the preview must not show it.
      assert.ok(!JSON.stringify(preview).includes('科技厅'), 'the preview tells nothing of the person on record');
      await rejectsWith(s.rosterImport.commit(null, other, { buffer: probe }, { actions: { '2': 'link' }, createGroups: [] }), 'roster_import.has_errors');
      const before = await snapshot(t);
      const result = await s.rosterImport.commit(null, other, { buffer: probe }, { actions: {}, createGroups: [] });
      assert.deepEqual([result.created, result.linked, result.skipped], [0, 0, 2]);
      assert.equal((await snapshot(t)).enrolments, before.enrolments);
    });

    test('headings as offices write them: title rows, variants, full-width forms, spaces, hints, trailing empty columns; CSV in GBK', async () => {
      const { classId } = await classWithGroups();
      const variants = ['学员姓名', '性 别', '所在单位', '职位', '级别', '手机号码（11位）', '身份证号码*', '小组', 'ＱＱ号', '', ''];
      const file = await workbook([
        ['2020年“科技兴藏人才培养工程”西藏科技管理干部培训班学员名单'],
        ['填报单位：西藏自治区科学技术厅', null, null, null, '填报日期：2020年9月30日'],
        [],
        variants,
        [
          '张　建武',
          '男',
          '西藏自治区党委组织部',
          '处长',
          '正处级',
          '139 0000 0041',
          idNumber(41, { gender: 'male' }).toLowerCase(),
          '第二组',
          '12345',
          '',
          '',
        ],
        ['Ｌｏｂｓａｎｇ', '男', '', '', '', '+86 13900000042', '', '', '', '', ''],
      ]);
      const preview = await s.rosterImport.preview(classId, { buffer: file });
      assert.equal(preview.headerRowNumber, 4);
      assert.deepEqual(
        preview.columns.slice(0, 9).map((c) => c.field),
        ['name', 'gender', 'workUnit', 'position', 'rank', 'phone', 'idNumber', 'group', null],
      );
      assert.deepEqual(
        preview.fileProblems.map((p) => p.code),
        ['roster_import.column_ignored'],
      );
      assert.equal(preview.summary.errorRows, 0, JSON.stringify(preview.rows.map((r) => r.problems)));
      assert.deepEqual(
        preview.rows.map((r) => [r.rowNumber, r.values.name, r.values.phone]),
        [
          [5, '张建武', '13900000041'],
          [6, 'Ｌｏｂｓａｎｇ', '13900000042'],
        ],
      );

      const gbk = csv(
        [
          ['名字', '联系电话', '证件号码', '单位', '分组', '民族'],
          ['欧珠', '13900000051', idNumber(51, { gender: 'male' }), '那曲市科技局', '第一组', '藏'],
          ['德吉', '13900000052', '', '昌都市科技局', '第一组', '藏族'],
        ],
        'gbk',
      );
      const p2 = await s.rosterImport.preview(classId, { buffer: gbk, fileName: 'roster.csv' });
      assert.equal(p2.summary.errorRows, 0);
      assert.deepEqual(
        p2.rows.map((r) => [r.values.name, r.values.workUnit, r.values.group, r.values.ethnicity]),
        [
          ['欧珠', '那曲市科技局', '第一组', '藏族'],
          ['德吉', '昌都市科技局', '第一组', '藏族'],
        ],
      );
      const r = await s.rosterImport.commit(null, classId, { buffer: gbk }, { actions: {}, createGroups: [] });
      assert.equal(r.created, 2);
    });

    test('hostile files get a clear error and change nothing', { timeout: 120_000 }, async () => {
      const { classId } = await classWithGroups();
      const before = await snapshot(t);
      const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(2000, 0x01)]);
      await rejectsWith(s.rosterImport.preview(classId, { buffer: png }), 'roster_import.not_spreadsheet');
      await rejectsWith(
        s.rosterImport.preview(classId, { buffer: makeZip([{ name: 'word/document.xml', data: Buffer.from('<w:document/>') }]) }),
        'roster_import.not_spreadsheet',
      );
      await rejectsWith(s.rosterImport.preview(classId, { buffer: encryptedWorkbook() }), 'roster_import.encrypted');
      // 60 MB of zeros packed into a small archive.
      const bomb = makeZip(workbookSkeleton(Buffer.alloc(60 * 1024 * 1024)));
      assert.ok(bomb.length < 1024 * 1024);
      await rejectsWith(s.rosterImport.preview(classId, { buffer: bomb }), 'roster_import.too_large');
      await rejectsWith(s.rosterImport.preview(classId, { buffer: Buffer.alloc(11 * 1024 * 1024, 0x41) }), 'roster_import.too_large');
      const many = await workbook([HEADERS, ...Array.from({ length: 20_000 }, (_, i) => [`学员${i}`])]);
      await rejectsWith(s.rosterImport.preview(classId, { buffer: many }), 'roster_import.too_many_rows');
      await rejectsWith(s.rosterImport.commit(null, classId, { buffer: many }, { actions: {}, createGroups: [] }), 'roster_import.too_many_rows');
      const manyCsv = csv([['姓名'], ...Array.from({ length: 20_000 }, (_, i) => [`学员${i}`])]);
      await rejectsWith(s.rosterImport.preview(classId, { buffer: manyCsv }), 'roster_import.too_many_rows');
      // Merged heading cells: which column is which cannot be known.
      const merged = await workbook(
        [
          ['姓名', '联系方式', null, '组别'],
          ['', '手机', '邮箱', ''],
          ['甲', mobile(61), 'a@example.org', '第一组'],
        ],
        { merge: ['B1:C1'] },
      );
      await rejectsWith(s.rosterImport.preview(classId, { buffer: merged }), 'roster_import.merged_header');
      await rejectsWith(s.rosterImport.preview(classId, { buffer: await workbook([]) }), 'roster_import.empty');
      await rejectsWith(s.rosterImport.preview(classId, { buffer: await workbook([HEADERS]) }), 'roster_import.empty');
      await rejectsWith(s.rosterImport.preview(classId, { buffer: Buffer.alloc(0) }), 'roster_import.empty_csv');
      // Columns that cannot be imported as they are: the preview shows them for mapping, the commit refuses.
      for (const [rows, code] of [
        [
          [
            ['序号', '单位'],
            ['1', '某单位'],
          ],
          'roster_import.no_name_column',
        ],
        [
          [
            ['姓名', '名字'],
            ['甲', '甲'],
          ],
          'roster_import.duplicate_column',
        ],
      ] as const) {
        const buffer = await workbook(rows.map((r) => [...r]));
        const p = await s.rosterImport.preview(classId, { buffer });
        assert.deepEqual(
          p.fileProblems.filter((f) => f.severity === 'error').map((f) => f.code),
          [code],
        );
        assert.equal(p.rows.length, 0);
        await rejectsWith(s.rosterImport.commit(null, classId, { buffer }, {}), code);
      }
      // The template itself has headings only.
      const template = await s.rosterExport.template(classId);
      await rejectsWith(s.rosterImport.preview(classId, { buffer: template.body }), 'roster_import.empty');
      assert.deepEqual(await snapshot(t), before);
    });

    test('group leaders from a 组内角色 column: one per group, the current leader steps down with a warning', async () => {
      const { classId } = await classWithGroups();
      await s.rosterImport.commit(
        null,
        classId,
        {
          buffer: await workbook([
            ['姓名', '组别', '组内角色'],
            ['旧组长', '第一组', '组长'],
          ]),
        },
        { actions: {}, createGroups: [] },
      );
      const file = await workbook([
        ['姓名', '组别', '组内角色'],
        ['新组长', '第一组', '组长'],
        ['组员甲', '第一组', ''],
        ['另一个组长', '第一组', '是'],
        ['无组组长', '', '组长'],
        ['乙', '第二组', '班长'],
      ]);
      const preview = await s.rosterImport.preview(classId, { buffer: file });
      assert.deepEqual(codesAt(preview, 2, 'warning'), ['组内角色:group.leader_replaced']);
      assert.deepEqual(codesAt(preview, 4), ['组内角色:role.two_leaders']);
      assert.deepEqual(codesAt(preview, 5), ['组内角色:role.needs_group']);
      assert.deepEqual(codesAt(preview, 6), ['组内角色:role.invalid']);
      await s.rosterImport.commit(null, classId, { buffer: file }, { actions: { 4: 'skip', 5: 'skip', 6: 'skip' }, createGroups: [] });
      const groups = await s.roster.listGroups(classId);
      assert.equal(groups.find((g) => g.name === '第一组')?.leader?.name, '新组长');
      const roster = await s.roster.listRoster(classId);
      assert.equal(roster.find((e) => e.person.name === '旧组长')?.role, 'member');
      assert.equal(roster.find((e) => e.person.name === '组员甲')?.role, 'member');
    });

    test('a group name merged down several rows counts for each of them', async () => {
      const { classId } = await classWithGroups();
      const file = await workbook(
        [
          ['姓名', '组别', '工作单位', '职务'],
          ['甲', '第二组', '拉萨市科技局', '局长'],
          ['乙', null, '日喀则市科技局', '科员'],
          ['丙', null, '山南市科技局', '科员'],
          ['丁', '第一组', '林芝市科技局', null],
        ],
        { merge: ['B2:B4', 'C5:D5'] },
      );
      const preview = await s.rosterImport.preview(classId, { buffer: file });
      assert.deepEqual(
        preview.rows.map((r) => [r.values.name, r.values.group, r.values.position]),
        [
          ['甲', '第二组', '局长'],
          ['乙', '第二组', '科员'],
          ['丙', '第二组', '科员'],
          ['丁', '第一组', null],
        ],
      );
      assert.deepEqual(codesAt(preview, 3, 'info'), ['组别:cell.merged']);
      assert.equal(problemsOf(preview, 3)[0].message, '合并单元格：按第 2 行的内容填写');
    });

    test('formula cells: the stored result is used and flagged; a file that was never calculated is refused per cell', async () => {
      const { classId } = await classWithGroups();
      const file = await workbook([
        ['姓名', '工作单位', '手机'],
        ['卓嘎', { formula: '"拉萨"&"市科技局"', result: '拉萨市科技局' }, mobile(71)],
        ['尼玛', { formula: 'B2' }, mobile(72)],
      ]);
      const preview = await s.rosterImport.preview(classId, { buffer: file });
      assert.equal(preview.rows[0].values.workUnit, '拉萨市科技局');
      assert.deepEqual(codesAt(preview, 2, 'warning'), ['工作单位:cell.formula']);
      assert.deepEqual(codesAt(preview, 3), ['工作单位:cell.formula_no_value']);
    });
  });
}

// Old .xls workbooks are converted by LibreOffice on the server (CI installs libreoffice-calc).
describe('roster import of an Excel 97–2003 (.xls) workbook', () => {
  let t: TestDatabase;
  let s: Services;
  before(async () => {
    t = await freshDatabase('sqlite');
    s = servicesFor(t);
  });
  after(() => t.drop());

  test('is read like the .xlsx it was saved from; without LibreOffice the error says what to do', { timeout: 180_000 }, async () => {
    const { classId } = await makeClass(s);
    await s.roster.createGroupIn(t.database.db, null, classId, { name: '第一组' });
    const xlsx = await workbook([
      HEADERS,
      ['徐爱国', '', '男', '汉族', '西藏自治区高原生物研究所', '副所长', '副处级', mobile(11), idNumber(11, { gender: 'male' }), '第一组', ''],
      ['次仁卓玛', 'ཚེ་རིང་སྒྲོལ་མ', '女', '藏族', '拉萨市科技局', '科员', '', mobile(12), idNumber(12, { gender: 'female' }), '', ''],
    ]);
    const xls = toXls(xlsx);
    assert.ok(xls.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0])), 'an OLE (BIFF) file');

    const saved = process.env.COHORT_SOFFICE;
    process.env.COHORT_SOFFICE = '/nonexistent/soffice';
    try {
      await rejectsWith(s.rosterImport.preview(classId, { buffer: xls, fileName: 'roster.xls' }), 'roster_import.xls_unavailable');
    } finally {
      if (saved === undefined) delete process.env.COHORT_SOFFICE;
      else process.env.COHORT_SOFFICE = saved;
    }
    assert.equal((await s.roster.listRoster(classId)).length, 0);

    const preview = await s.rosterImport.preview(classId, { buffer: xls, fileName: 'roster.xls' });
    assert.equal(preview.summary.rows, 2);
    assert.equal(preview.summary.errorRows, 0);
    const result = await s.rosterImport.commit(
      null,
      classId,
      { buffer: xls, fileName: 'roster.xls' },
      { actions: {}, createGroups: [], fileHash: preview.fileHash },
    );
    assert.equal(result.created, 2);
    const roster = new Map((await s.roster.listRoster(classId)).map((e) => [e.person.name, e]));
    assert.equal(roster.get('次仁卓玛')?.person.nameBo, 'ཚེ་རིང་སྒྲོལ་མ');
    assert.equal(roster.get('次仁卓玛')?.person.phone, mobile(12));
    assert.equal(roster.get('徐爱国')?.groupName, '第一组');
    assert.equal(roster.get('徐爱国')?.person.idNumberMasked?.slice(-4), idNumber(11, { gender: 'male' }).slice(-4));
  });
});

/** The workbook saved as Excel 97–2003 by LibreOffice, as an office's old file would be. */
function toXls(xlsx: Buffer): Buffer {
  const dir = mkdtempSync(join(tmpdir(), 'cohort-xls-test-'));
  try {
    writeFileSync(join(dir, 'roster.xlsx'), xlsx);
    const r = spawnSync(
      'soffice',
      [`-env:UserInstallation=file://${dir}/profile`, '--headless', '--convert-to', 'xls', '--outdir', dir, join(dir, 'roster.xlsx')],
      {
        encoding: 'utf8',
        timeout: 120_000,
      },
    );
    assert.equal(r.status, 0, `soffice failed: ${r.stderr}`);
    return readFileSync(join(dir, 'roster.xls'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
