import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Services } from '../../src/server/app';
import type { AppError } from '../../src/server/lib/errors';
import type { Actor } from '../../src/server/lib/permissions';
import { craftedClass } from '../support/certificate-class';
import { DATABASES, freshDatabase, type TestDatabase } from '../support/db';
import { makeActor, servicesFor } from '../support/factories';

// 结业鉴定 (#19): the self-appraisal from the phone, the group's and the class teacher's, hours from
// the ledger, the lock once signed off and the organizer's unlock, and the work unit's batch PDF.
const code = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    const err = e as AppError;
    return err.fieldErrors?.[0]?.code ?? err.code;
  }
  assert.fail('expected a refusal');
};
const pdfText = (data: Buffer) => {
  const dir = mkdtempSync(join(tmpdir(), 'appraisal-'));
  writeFileSync(join(dir, 'a.pdf'), data);
  return execFileSync('pdftotext', ['-layout', join(dir, 'a.pdf'), '-'], { encoding: 'utf8' });
};

for (const kind of DATABASES) {
  describe(`appraisals (${kind})`, () => {
    let t: TestDatabase;
    let services: Services;
    let classId: number;
    let enrolments: Map<string, number>;
    let teacher: Actor;
    let organizer: Actor;
    let trainee: Actor;

    before(async () => {
      t = await freshDatabase(kind);
      services = servicesFor(t);
      ({ classId, enrolments } = await craftedClass(services, [
        { name: '徐爱国', leave: 1 },
        { name: '扎西旺拉', nameBo: 'བཀྲ་ཤིས་དབང་ལྷ', absent: 1 },
        { name: '黄海明' },
      ]));
      const cls = await services.classes.getClass(null, classId);
      organizer = await makeActor(services, { role: 'organizer', scopeType: 'institution', scopeId: cls.institutionId });
      teacher = await makeActor(services, { role: 'class_teacher', scopeType: 'class', scopeId: classId });
      for (const [name, unit] of [
        ['徐爱国', '西藏自治区科学技术厅'],
        ['扎西旺拉', '西藏自治区科学技术厅'],
        ['黄海明', '拉萨市科学技术局'],
      ]) {
        const e = (await services.roster.findEnrolmentRow(t.database.db, enrolments.get(name)!))!;
        // The crafted class is completed (its roster frozen): the person's details are set in the table.
        await t.database.db
          .updateTable('people')
          .set({ work_unit: unit, position: '科长', gender: 'male', ethnicity: '藏族' })
          .where('id', '=', e.person_id)
          .execute();
      }
      const { token } = await services.trainee.issueInvitation(null, enrolments.get('扎西旺拉')!);
      trainee = (await services.auth.actorFromToken((await services.trainee.openInvitation(token, { userAgent: 'phone' })).token))!;
    });
    after(async () => t.drop());

    test('hours come from the ledger; the trainee writes the self-appraisal, staff the rest', async () => {
      const id = enrolments.get('扎西旺拉')!;
      const mine = await services.appraisals.saveSelf(trainee, id, { selfText: '通过学习，开阔了视野。' });
      assert.equal(mine.selfText, '通过学习，开阔了视野。');
      assert.deepEqual(mine.hours, { attendedHours: 18, leaveHours: 0, absentHours: 3, totalHours: 21 });
      assert.equal(await code(services.appraisals.saveSelf(trainee, enrolments.get('徐爱国')!, { selfText: 'x' })), 'not_found');
      await services.appraisals.saveStaff(teacher, classId, id, { groupText: '学习认真，积极发言。', groupBy: '第一组' });
      assert.equal(await code(services.appraisals.signOff(teacher, classId, id)), 'appraisal.teacher_text_required');
      const form = await services.appraisals.saveStaff(teacher, classId, id, { teacherText: '该同志学习态度端正。' });
      assert.equal(form.groupText, '学习认真，积极发言。');
      assert.equal((await services.appraisals.get(classId, enrolments.get('徐爱国')!)).hours.leaveHours, 3);
    });

    test('signed off, every edit is refused with a clear error; an organizer unlocks with a reason, audited', async () => {
      const id = enrolments.get('扎西旺拉')!;
      const signed = await services.appraisals.signOff(teacher, classId, id);
      assert.ok(signed.signedOffAt);
      assert.equal(await code(services.appraisals.saveSelf(trainee, id, { selfText: '改' })), 'appraisal.locked');
      assert.equal(await code(services.appraisals.saveStaff(teacher, classId, id, { teacherText: '改' })), 'appraisal.locked');
      assert.equal((await services.appraisals.get(classId, id)).teacherText, '该同志学习态度端正。');
      const open = await services.appraisals.unlock(organizer, classId, id, '单位要求补充鉴定意见');
      assert.equal(open.signedOffAt, null);
      assert.equal(open.unlockReason, '单位要求补充鉴定意见');
      await services.appraisals.saveStaff(teacher, classId, id, { teacherText: '该同志学习态度端正，成绩优秀。' });
      await services.appraisals.signOff(teacher, classId, id);
      const trail = await t.database.db
        .selectFrom('audit_log')
        .select(['action', 'after_json'])
        .where('class_id', '=', classId)
        .where('action', 'like', 'appraisal.%')
        .orderBy('id')
        .execute();
      assert.deepEqual(
        trail.map((a) => a.action),
        ['appraisal.self', 'appraisal.update', 'appraisal.update', 'appraisal.sign_off', 'appraisal.unlock', 'appraisal.update', 'appraisal.sign_off'],
      );
      assert.match(String(trail[4].after_json), /单位要求补充鉴定意见/);
    });

    test("a work unit's batch: cover letter and its trainees' forms with names and hours, no one else", async () => {
      const list = await services.appraisals.list(classId);
      assert.deepEqual(
        list.workUnits,
        ['拉萨市科学技术局', '西藏自治区科学技术厅'].sort((a, b) => a.localeCompare(b, 'zh-CN')),
      );
      const batch = await services.appraisals.batch(classId, '西藏自治区科学技术厅');
      const text = pdfText(batch.data);
      assert.match(text, /致 西藏自治区科学技术厅/);
      assert.match(text, /徐爱国/);
      assert.match(text, /扎西旺拉/);
      assert.doesNotMatch(text, /黄海明/);
      assert.match(text, /应修 21 学时，实修 18 学时，请假 0 学时，缺勤 3 学时/);
      assert.match(text, /应修 21 学时，实修 18 学时，请假 3 学时/);
      assert.match(text, /成绩优秀/);
      assert.match(text, /学员结业鉴定表/);
      const pages = execFileSync('pdfinfo', ['-'], { input: batch.data, encoding: 'utf8' }).match(/Pages:\s+(\d+)/)?.[1];
      assert.equal(pages, '3', 'the cover letter and one page per trainee');
      assert.equal(await code(services.appraisals.batch(classId, '不存在的单位')), 'appraisal.no_trainees_of_unit');
    });
  });
}
