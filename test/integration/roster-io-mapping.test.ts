// Roster import (#16): columns mapped by hand and remembered per institution, cells corrected in
// the preview, and per-field keep/take when a row is linked to a person on record — each stored
// exactly as chosen, and nothing stored when the commit is refused.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import type { ImportPreview } from '../../src/contracts';
import type { Services } from '../../src/server/app';
import { AppError } from '../../src/server/lib/errors';
import { makePersonalDataCipher } from '../../src/server/lib/personal-data';
import { DATABASES, freshDatabase, type TestDatabase } from '../support/db';
import { makeClass, makeSiblingClass, servicesFor } from '../support/factories';
import { HEADERS, idNumber, mobile, withWrongCheck, workbook } from '../support/roster-io-files';

async function snapshot(t: TestDatabase) {
  const out: Record<string, number> = {};
  for (const table of ['people', 'enrolments', 'groups', 'audit_log', 'import_column_mappings']) {
    const r = await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(t.database.db);
    out[table] = Number(r.rows[0].n);
  }
  return out;
}

async function rejectsWith(promise: Promise<unknown>, code: string, check?: (e: AppError) => void) {
  await assert.rejects(promise, (e: unknown) => {
    assert.ok(e instanceof AppError, `expected AppError ${code}, got ${e}`);
    assert.equal(e.code, code, JSON.stringify(e.fieldErrors));
    check?.(e);
    return true;
  });
}

const columnsOf = (p: ImportPreview) => p.columns.map((c) => `${c.letter}:${c.field ?? '-'}:${c.source}`);
const errorsOf = (p: ImportPreview) => p.rows.flatMap((r) => r.problems.filter((x) => x.severity === 'error').map((x) => `${r.rowNumber}:${x.code}`));

for (const kind of DATABASES) {
  describe(`roster import mapping, corrections and link choices on ${kind}`, () => {
    let t: TestDatabase;
    let s: Services;
    before(async () => {
      t = await freshDatabase(kind);
      s = servicesFor(t);
    });
    after(() => t.drop());

    const sibling = (classId: number, title: string) => makeSiblingClass(s, classId, title);

    // 学员名称 and 所属机构 are not recognised; 联系方式 is taken for the phone but holds e-mail
    // addresses, so with 手机号码 the phone is in two columns.
    const officeFile = (n: number) =>
      workbook([
        ['学员名称', '所属机构', '联系方式', '手机号码'],
        [`索朗${n}`, '日喀则市科技局', `a${n}@example.org`, mobile(100 + n)],
        [`央金${n}`, '山南市科技局', `b${n}@example.org`, mobile(200 + n)],
      ]);

    test('a column mapped by hand is remembered for the institution, applied next time, editable, and not for another institution', async () => {
      const { classId, institutionId } = await makeClass(s);
      const file = await officeFile(1);
      const first = await s.rosterImport.preview(classId, { buffer: file });
      assert.deepEqual(
        first.fileProblems.filter((f) => f.severity === 'error').map((f) => f.code),
        ['roster_import.no_name_column'],
      );
      assert.deepEqual(columnsOf(first), ['A:-:recognised', 'B:-:recognised', 'C:phone:recognised', 'D:phone:recognised']);
      assert.equal(first.rows.length, 0);

      const mapping = { '0': 'name', '1': 'workUnit', '2': 'ignore' } as const;
      const mapped = await s.rosterImport.preview(classId, { buffer: file }, { decisions: { mapping } });
      assert.deepEqual(columnsOf(mapped), ['A:name:user', 'B:workUnit:user', 'C:-:user', 'D:phone:recognised']);
      assert.deepEqual(errorsOf(mapped), []);
      assert.deepEqual(
        mapped.rows.map((r) => [r.values.name, r.values.workUnit, r.values.phone]),
        [
          ['索朗1', '日喀则市科技局', mobile(101)],
          ['央金1', '山南市科技局', mobile(201)],
        ],
      );
      // A preview remembers nothing.
      assert.equal((await snapshot(t)).import_column_mappings, 0);

      // A refused commit remembers nothing either.
      const bad = await workbook([
        ['学员名称', '所属机构', '联系方式', '手机号码'],
        ['次仁', '那曲市科技局', 'c@example.org', '12345'],
      ]);
      const before = await snapshot(t);
      await rejectsWith(s.rosterImport.commit(null, classId, { buffer: bad }, { mapping }), 'roster_import.has_errors');
      assert.deepEqual(await snapshot(t), before);

      const result = await s.rosterImport.commit(null, classId, { buffer: file }, { mapping, fileHash: mapped.fileHash });
      assert.equal(result.created, 2);
      const roster = await s.roster.listRoster(classId);
      assert.deepEqual(roster.map((e) => [e.person.name, e.person.workUnit, e.person.phone]).sort(), [
        ['央金1', '山南市科技局', mobile(201)],
        ['索朗1', '日喀则市科技局', mobile(101)],
      ]);
      const stored = await t.database.db.selectFrom('import_column_mappings').select(['institution_id', 'header_key', 'field']).orderBy('header_key').execute();
      assert.deepEqual(
        stored.map((r) => [r.institution_id, r.header_key, r.field]).sort(),
        [
          [institutionId, '所属机构', 'workUnit'],
          [institutionId, '联系方式', 'ignore'],
          [institutionId, '学员名称', 'name'],
        ].sort(),
      );

      // Next time, for another class of the same institution, with the headings spaced differently.
      const next = await sibling(classId, '第二期');
      const again = await workbook([
        ['学员 名称', '联系方式', '所属机构*', '手机号码'],
        ['格桑', 'g@example.org', '林芝市科技局', mobile(301)],
      ]);
      const remembered = await s.rosterImport.preview(next, { buffer: again });
      assert.deepEqual(columnsOf(remembered), ['A:name:remembered', 'B:-:remembered', 'C:workUnit:remembered', 'D:phone:recognised']);
      assert.deepEqual(
        remembered.rows.map((r) => [r.values.name, r.values.workUnit]),
        [['格桑', '林芝市科技局']],
      );
      // Editable: this time 所属机构 goes to the notes, and that is remembered instead.
      const edited = await s.rosterImport.preview(next, { buffer: again }, { decisions: { mapping: { '2': 'notes' } } });
      assert.deepEqual(columnsOf(edited), ['A:name:remembered', 'B:-:remembered', 'C:notes:user', 'D:phone:recognised']);
      await s.rosterImport.commit(null, next, { buffer: again }, { mapping: { '2': 'notes' } });
      const person = (await s.roster.listRoster(next))[0].person;
      assert.equal(person.workUnit, null);
      const row = await t.database.db
        .selectFrom('import_column_mappings')
        .select('field')
        .where('institution_id', '=', institutionId)
        .where('header_key', '=', '所属机构')
        .executeTakeFirstOrThrow();
      assert.equal(row.field, 'notes');

      // Another institution's import knows nothing of it.
      const other = await makeClass(s);
      const elsewhere = await s.rosterImport.preview(other.classId, { buffer: file });
      assert.deepEqual(columnsOf(elsewhere), ['A:-:recognised', 'B:-:recognised', 'C:phone:recognised', 'D:phone:recognised']);
      await rejectsWith(s.rosterImport.commit(null, other.classId, { buffer: file }, {}), 'roster_import.no_name_column');

      // A mapping naming a column the file does not have is refused, naming it.
      await rejectsWith(s.rosterImport.preview(classId, { buffer: file }, { decisions: { mapping: { '9': 'notes' } } }), 'roster_import.bad_decisions', (e) =>
        assert.equal(e.fieldErrors[0].field, 'decisions.mapping.9'),
      );
    });

    test('a bad ID cell corrected in the preview is re-checked with the same rules, and stored byte for byte', async () => {
      const { classId, institutionId } = await makeClass(s);
      const good = idNumber(41, { gender: 'female' });
      const typedAsNumber = idNumber(43, { gender: 'male' });
      const file = await workbook([
        HEADERS,
        ['卓嘎', '', '女', '藏族', '拉萨市科技局', '科员', '', mobile(41), withWrongCheck(good), '', ''],
        // Stored as a number by Excel: never trusted, whatever it shows; typed again, it is.
        ['平措', '', '男', '藏族', '昌都市科技局', '', '', mobile(43), Number(typedAsNumber.slice(0, 15)) * 1000, '', ''],
      ]);
      const plain = await s.rosterImport.preview(classId, { buffer: file });
      assert.deepEqual(errorsOf(plain), ['2:id_number.checksum', '3:id_number.stored_as_number']);

      // A correction that is still wrong is still an error, and the commit stores nothing.
      const stillWrong = [{ row: 2, field: 'idNumber' as const, value: withWrongCheck(good) }];
      const wrong = await s.rosterImport.preview(classId, { buffer: file }, { decisions: { corrections: stillWrong } });
      assert.deepEqual(errorsOf(wrong), ['2:id_number.checksum', '3:id_number.stored_as_number']);
      const before = await snapshot(t);
      await rejectsWith(s.rosterImport.commit(null, classId, { buffer: file }, { corrections: stillWrong }), 'roster_import.has_errors');
      assert.deepEqual(await snapshot(t), before);

      const corrections = [
        { row: 2, field: 'idNumber' as const, value: good },
        { row: 3, field: 'idNumber' as const, value: typedAsNumber },
      ];
      const fixed = await s.rosterImport.preview(classId, { buffer: file }, { decisions: { corrections } });
      assert.deepEqual(errorsOf(fixed), []);
      assert.deepEqual(
        fixed.rows.map((r) => [r.corrected, r.values.idNumberMasked]),
        [
          [['idNumber'], `5401**********${good.slice(-4)}`],
          [['idNumber'], `5401**********${typedAsNumber.slice(-4)}`],
        ],
      );
      const result = await s.rosterImport.commit(null, classId, { buffer: file }, { corrections, fileHash: fixed.fileHash });
      assert.equal(result.created, 2);
      const cipher = makePersonalDataCipher(t.config.secretKey);
      for (const [name, id] of [
        ['卓嘎', good],
        ['平措', typedAsNumber],
      ]) {
        const person = await s.roster.findPersonByIdNumber(t.database.db, institutionId, id);
        assert.equal(person?.name, name);
        assert.equal(cipher.decrypt(person!.id_number_enc!), id);
      }
      // The log says which cells were corrected, never their values.
      const audit = (await s.audit.listForClass(classId)).find((a) => a.action === 'roster.import');
      assert.deepEqual((audit?.after as { corrections?: unknown } | undefined)?.corrections, [
        { row: 2, field: 'idNumber' },
        { row: 3, field: 'idNumber' },
      ]);
      assert.ok(!JSON.stringify(audit).includes(good));

      // Corrections must name a row and a column of the file.
      await rejectsWith(
        s.rosterImport.preview(classId, { buffer: file }, { decisions: { corrections: [{ row: 9, field: 'name', value: '甲' }] } }),
        'roster_import.bad_decisions',
        (e) => assert.equal(e.fieldErrors[0].field, 'decisions.corrections.0.row'),
      );
      const noGroup = await workbook([
        ['姓名', '手机'],
        ['甲', mobile(44)],
      ]);
      await rejectsWith(
        s.rosterImport.preview(classId, { buffer: noGroup }, { decisions: { corrections: [{ row: 2, field: 'group', value: '第一组' }] } }),
        'roster_import.bad_decisions',
        (e) => assert.equal(e.fieldErrors[0].code, 'roster_import.correction_no_column'),
      );
    });

    test('a row linked to a person on record shows every differing field; take and keep are stored exactly, field by field', async () => {
      const { classId, institutionId } = await makeClass(s);
      const id = idNumber(51, { gender: 'male' });
      await s.roster.enrolIn(t.database.db, null, classId, {
        role: 'member',
        person: { name: '旺堆', workUnit: '那曲市科技局', position: '科员', rank: '科员级', phone: mobile(51), idNumber: id, ethnicity: '藏族' },
      });
      const next = await sibling(classId, '第二期');
      const file = await workbook([
        HEADERS,
        ['旺堆', '', '男', '藏族', '那曲市科学技术局', '副局长', '', mobile(52), id, '', ''],
        ['白玛', '', '女', '藏族', '那曲市科技局', '', '', '13800', '', '', ''],
      ]);
      const plain = await s.rosterImport.preview(next, { buffer: file });
      const linked = plain.rows[0];
      assert.equal(linked.defaultAction, 'link');
      assert.deepEqual(
        linked.differences.map((d) => [d.field, d.file, d.record, d.choice]),
        [
          ['gender', 'male', null, 'keep'],
          ['workUnit', '那曲市科学技术局', '那曲市科技局', 'keep'],
          ['position', '副局长', '科员', 'keep'],
          ['phone', mobile(52), mobile(51), 'keep'],
        ],
      );
      assert.deepEqual(plain.rows[1].differences, []);

      const links = { '2': { phone: 'take', workUnit: 'keep', position: 'take' } } as const;
      const chosen = await s.rosterImport.preview(next, { buffer: file }, { decisions: { links, actions: { '3': 'skip' } } });
      assert.deepEqual(
        chosen.rows[0].differences.map((d) => `${d.field}:${d.choice}`),
        ['gender:keep', 'workUnit:keep', 'position:take', 'phone:take'],
      );

      // Refused (row 3's phone is wrong and not skipped): the record is not touched.
      const before = await snapshot(t);
      const record = await s.roster.findPersonByIdNumber(t.database.db, institutionId, id);
      await rejectsWith(s.rosterImport.commit(null, next, { buffer: file }, { links }), 'roster_import.has_errors');
      assert.deepEqual(await snapshot(t), before);
      assert.deepEqual(await s.roster.findPersonByIdNumber(t.database.db, institutionId, id), record);

      const result = await s.rosterImport.commit(null, next, { buffer: file }, { links, actions: { '3': 'skip' }, fileHash: chosen.fileHash });
      assert.deepEqual([result.created, result.linked, result.skipped], [0, 1, 1]);
      const after = await s.roster.findPersonByIdNumber(t.database.db, institutionId, id);
      assert.deepEqual(
        [after?.id, after?.phone, after?.position, after?.work_unit, after?.gender, after?.rank],
        [record?.id, mobile(52), '副局长', '那曲市科技局', null, '科员级'],
      );
      // The change is logged in both classes the person belongs to.
      for (const c of [classId, next]) {
        const log = (await s.audit.listForClass(c)).filter((a) => a.action === 'person.update');
        assert.equal(log.length, 1, `class ${c}`);
        assert.deepEqual(log[0].after, { position: '副局长', phone: mobile(52) });
      }
    });

    test('the sheet to read can be chosen; the preview names every sheet, and an unknown one is refused', async () => {
      const { classId } = await makeClass(s);
      const file = await workbook([['填表说明'], ['1. 请在“学员名单”表中填写']], {
        sheetName: '说明',
        extraSheets: [
          {
            name: '学员名单',
            rows: [
              ['姓名', '手机'],
              ['多吉', mobile(61)],
            ],
          },
        ],
      });
      const onData = await s.rosterImport.preview(classId, { buffer: file }, { sheet: '学员名单' });
      assert.deepEqual([onData.sheets, onData.sheet], [['说明', '学员名单'], '学员名单']);
      assert.deepEqual(
        onData.rows.map((r) => r.values.name),
        ['多吉'],
      );
      const viaDecisions = await s.rosterImport.preview(classId, { buffer: file }, { decisions: { sheet: '学员名单' } });
      assert.equal(viaDecisions.rows.length, 1);
      await rejectsWith(s.rosterImport.preview(classId, { buffer: file }, { sheet: '附表' }), 'roster_import.sheet_not_found', (e) =>
        assert.equal(e.params.sheets, '说明、学员名单'),
      );
      const before = await snapshot(t);
      await rejectsWith(s.rosterImport.commit(null, classId, { buffer: file }, { sheet: '附表' }), 'roster_import.sheet_not_found');
      const done = await s.rosterImport.commit(null, classId, { buffer: file }, { sheet: '学员名单' });
      assert.equal(done.created, 1);
      assert.equal((await snapshot(t)).people, before.people + 1);
    });
  });
}
