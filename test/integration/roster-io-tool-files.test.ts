// Rosters written by other tools than Excel (#16): SheetJS (shared and inline strings), LibreOffice
// Calc saving a CSV (columns as text, and as Calc guesses them), openpyxl and ExcelJS. Each file
// has an instructions sheet first where the tool allows it, and the same four trainees; what is
// stored is compared byte for byte, the ID number decrypted, on both databases.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Services } from '../../src/server/app';
import { AppError } from '../../src/server/lib/errors';
import { DATABASES, freshDatabase, importCounts, type TestDatabase } from '../support/db';
import { makeActor, makeClass, servicesFor } from '../support/factories';
import { idNumber } from '../support/roster-io-files';
import { exceljsWorkbook, hasOpenpyxl, hasSoffice, libreOfficeWorkbook, openpyxlWorkbook, sheetjsWorkbook, type ToolCell } from '../support/roster-io-tools';

const firstSeq = (ok: (id: string) => boolean) => {
  for (let seq = 1; ; seq++) if (ok(idNumber(seq))) return idNumber(seq);
};
/** One ID number ending in X (a reader that takes it for a number breaks it), three all digits. */
const ID = {
  a: firstSeq((id) => id.endsWith('X')),
  b: idNumber(101, { gender: 'male', region: '540202' }),
  c: idNumber(204, { gender: 'female', region: '310115' }),
  d: idNumber(303, { gender: 'male' }),
};
const HEAD = ['序号', '姓名', '藏文名', '性别', '民族', '工作单位', '职务', '手机', '办公电话', '身份证号', '组别'];
/** `idAsNumber`: the ID cells a user typed into a General column (the writer stores a number). */
const rowsFor = (idAsNumber: boolean): ToolCell[][] => [
  HEAD,
  [1, '阿依古丽·买买提', '', '女', '维吾尔族', 'Lhasa 科技局 & <成果转化处>', '处长', '13900000001', '0891-6833001', ID.a, '第10组'],
  [2, '扎西次仁', 'བཀྲ་ཤིས་ཚེ་རིང་', '男', '藏族', '西藏自治区日喀则市科学技术局（知识产权科）', '副局长', 13900000002, '', ID.b, '第2组'],
  [3, '王𠮷', '', '女', '汉族', '"上海"科技馆', '馆员', '13900000003', '021-68542000', ID.c, '第1组'],
  [4, '次仁', '', '男', '藏族', '某局', '', '13900000004', '', idAsNumber ? Number(ID.d) : ID.d, '第2组'],
];

/** What the database must hold for each trainee of the file, in file order. */
const STORED = {
  a: ['阿依古丽·买买提', null, 'female', '维吾尔族', 'Lhasa 科技局 & <成果转化处>', '处长', '13900000001', '0891-6833001', '第10组', ID.a],
  b: ['扎西次仁', 'བཀྲ་ཤིས་ཚེ་རིང་', 'male', '藏族', '西藏自治区日喀则市科学技术局（知识产权科）', '副局长', '13900000002', null, '第2组', ID.b],
  c: ['王𠮷', null, 'female', '汉族', '"上海"科技馆', '馆员', '13900000003', '021-68542000', '第1组', ID.c],
  d: ['次仁', null, 'male', '藏族', '某局', null, '13900000004', null, '第2组', ID.d],
};

type Case = {
  name: string;
  missing?: string;
  file: () => Promise<Buffer>;
  /** The workbook's sheets as the preview names them, and the one chosen. */
  sheets: string[];
  sheet: string;
  /** Rows refused because their ID cell is a number. */
  numericIdRows: number[];
  stored: Array<keyof typeof STORED>;
};

const cached = (make: () => Buffer | Promise<Buffer>) => {
  let p: Promise<Buffer> | null = null;
  return () => {
    p ??= Promise.resolve().then(make);
    return p;
  };
};

const CASES: Case[] = [
  {
    name: 'SheetJS with shared strings',
    file: cached(() => sheetjsWorkbook(rowsFor(true), { sharedStrings: true })),
    sheets: ['填表说明', '学员名单'],
    sheet: '学员名单',
    numericIdRows: [5],
    stored: ['a', 'b', 'c'],
  },
  {
    name: 'SheetJS with inline strings',
    file: cached(() => sheetjsWorkbook(rowsFor(true), { sharedStrings: false })),
    sheets: ['填表说明', '学员名单'],
    sheet: '学员名单',
    numericIdRows: [5],
    stored: ['a', 'b', 'c'],
  },
  {
    name: 'LibreOffice saving a CSV opened with text columns',
    missing: hasSoffice ? undefined : 'LibreOffice (soffice) is not installed',
    file: cached(() => libreOfficeWorkbook(rowsFor(false), { textColumns: true })),
    sheets: ['roster'],
    sheet: 'roster',
    numericIdRows: [],
    stored: ['a', 'b', 'c', 'd'],
  },
  {
    // Calc takes every all-digit ID for a number; the one ending in X stays text.
    name: 'LibreOffice saving a CSV with the columns it guessed',
    missing: hasSoffice ? undefined : 'LibreOffice (soffice) is not installed',
    file: cached(() => libreOfficeWorkbook(rowsFor(false), { textColumns: false })),
    sheets: ['roster'],
    sheet: 'roster',
    numericIdRows: [3, 4, 5],
    stored: ['a'],
  },
  {
    name: 'openpyxl with a cell comment',
    missing: hasOpenpyxl ? undefined : 'no python3 with openpyxl (python3-openpyxl)',
    file: cached(() => openpyxlWorkbook(rowsFor(true))),
    sheets: ['填表说明', '学员名单'],
    sheet: '学员名单',
    numericIdRows: [5],
    stored: ['a', 'b', 'c'],
  },
  {
    name: 'ExcelJS with rich-text names, a note and data validation',
    file: cached(() => exceljsWorkbook(rowsFor(true))),
    sheets: ['填表说明', '学员名单'],
    sheet: '学员名单',
    numericIdRows: [5],
    stored: ['a', 'b', 'c'],
  },
];

for (const kind of DATABASES) {
  describe(`roster files written by other tools on ${kind}`, () => {
    let t: TestDatabase;
    let s: Services;
    before(async () => {
      t = await freshDatabase(kind);
      s = servicesFor(t);
    });
    after(() => t.drop());

    for (const c of CASES) {
      test(c.name, { timeout: 240_000 }, async (ctx) => {
        if (c.missing) return ctx.skip(c.missing);
        const { classId } = await makeClass(s);
        const buffer = await c.file();
        const preview = await s.rosterImport.preview(classId, { buffer });
        assert.deepEqual(preview.sheets, c.sheets);
        assert.equal(preview.sheet, c.sheet);
        assert.equal(preview.headerRowNumber, 1);
        const errors = preview.rows.flatMap((r) => r.problems.filter((p) => p.severity === 'error').map((p) => [r.rowNumber, p.code, p.message]));
        assert.deepEqual(
          errors,
          c.numericIdRows.map((n) => [n, 'id_number.stored_as_number', 'Excel 把身份证号存成了数字，后几位已丢失，请把该列设为文本后重新填写']),
        );
        // 第1组 … 第10组 by their number, not as the file has them.
        assert.deepEqual(
          preview.missingGroups.map((g) => g.name),
          ['第1组', '第2组', '第10组'],
        );
        const createGroups = preview.missingGroups.map((g) => g.name);

        const before = await importCounts(t);
        if (c.numericIdRows.length) {
          await assert.rejects(
            s.rosterImport.commit(null, classId, { buffer }, { actions: {}, createGroups, fileHash: preview.fileHash }),
            (e: unknown) => e instanceof AppError && e.code === 'roster_import.has_errors' && e.params.count === c.numericIdRows.length,
          );
          assert.deepEqual(await importCounts(t), before, 'nothing stored on refusal');
        }
        const actions = Object.fromEntries(c.numericIdRows.map((n) => [String(n), 'skip' as const]));
        const result = await s.rosterImport.commit(null, classId, { buffer }, { actions, createGroups, fileHash: preview.fileHash });
        assert.equal(result.created, c.stored.length);

        const stored = await t.database.db
          .selectFrom('enrolments as e')
          .innerJoin('people as p', 'p.id', 'e.person_id')
          .leftJoin('groups as g', 'g.id', 'e.group_id')
          .select([
            'e.id',
            'p.name',
            'p.name_bo',
            'p.gender',
            'p.ethnicity',
            'p.work_unit',
            'p.position',
            'p.phone',
            'p.office_phone',
            'g.name as group',
            'p.id_type',
          ])
          .where('e.class_id', '=', classId)
          .orderBy('e.id')
          .execute();
        const admin = await makeActor(s, 'admin');
        const got = [];
        for (const r of stored) {
          assert.equal(r.id_type, 'resident_id');
          const { idNumber: id } = await s.roster.revealIdNumber(admin, r.id);
          got.push([r.name, r.name_bo, r.gender, r.ethnicity, r.work_unit, r.position, r.phone, r.office_phone, r.group, id]);
        }
        assert.deepEqual(
          got,
          c.stored.map((k) => STORED[k]),
        );
        // The groups the import created are in number order on the groups screen.
        const groups = (await s.roster.listGroups(classId)).map((g) => g.name);
        assert.deepEqual(
          groups,
          createGroups.filter((g) => c.stored.some((k) => STORED[k][8] === g)),
        );
      });
    }
  });
}
