// A class teacher's day (#14). After the class: a trainee's invitation has expired (30 days after
// the class ended), the trainee's phone says so, the class teacher renews it in the attendance
// tab's invitations view, and the same link opens on the phone again. Before the next class: a
// returning trainee of a completed class is added by ID number and name; the completed class's
// record stays as it was, and the screen says so.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { type E2E, LAPTOP, PHONE, startE2E } from '../support/e2e';

describe('a class teacher: expired invitations, returning trainees', () => {
  let e: E2E;
  let token: string;
  let enrolmentId: number;
  before(async () => {
    e = await startE2E();
    enrolmentId = (await e.services.roster.listRoster(e.enrollingClassId)).find((r) => r.person.name === '卓嘎')!.id;
    ({ token } = await e.services.trainee.issueInvitation(null, enrolmentId));
    await sql`update invitations set expires_at = '2026-01-01T00:00:00.000Z' where enrolment_id = ${enrolmentId}`.execute(e.services.database.db);
  });
  after(() => e.close());

  test('the phone says the link expired; the class teacher renews it; the same link opens', async () => {
    const phone = await e.newPage(PHONE);
    await phone.goto(`${e.url}/t/i/${token}`);
    await phone.getByRole('alert').getByText('此邀请链接已于 2026-01-01 过期，请联系班主任续期').waitFor();
    await e.screenshot(phone, 'invitation-01-expired-phone');

    // Seen on a phone first, then renewed at the laptop.
    for (const [viewport, name] of [
      [PHONE, 'phone'],
      [LAPTOP, 'laptop'],
    ] as const) {
      const page = await e.newPage(viewport);
      await e.login(page);
      await page.goto(`${e.url}/classes/${e.enrollingClassId}/attendance?view=invitations`);
      const row = page.getByRole('row').filter({ hasText: '卓嘎' });
      await row.getByText('已过期').waitFor();
      await e.screenshot(page, `invitation-02-expired-${name}`);
      if (name === 'laptop') {
        // The class ended in October: renewed, the link opens for 30 days from now.
        const until = new Date(Date.now() + 30 * 86_400_000).toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
        await row
          .getByRole('button', { name: '续 期' })
          .or(row.getByRole('button', { name: '续期' }))
          .click();
        await page.getByText(`卓嘎 的邀请已续期至 ${until}，原二维码和链接继续有效`).waitFor();
        await row.getByText('有效', { exact: true }).waitFor();
        await row.getByText(`有效期至 ${until}`, { exact: false }).waitFor();
        await e.screenshot(page, 'invitation-03-renewed-laptop');
      }
      await page.context().close();
    }

    await phone.goto(`${e.url}/t/i/${token}`);
    await phone.waitForURL(`${e.url}/t`);
    await phone.getByText('卓嘎').first().waitFor();
    await e.screenshot(phone, 'invitation-04-opened-phone');
    assert.deepEqual(e.pageErrors, []);
  });

  test('a returning trainee of a completed class is linked; the completed class’s record is left as it was', async () => {
    const cls = await e.services.classes.getClass(null, e.enrollingClassId);
    const earlier = await e.services.classes.createClass(null, cls.programmeId, {
      title: '2024年西藏科技管理干部培训班',
      startsOn: '2024-10-14',
      endsOn: '2024-10-25',
      timeZone: 'Asia/Shanghai',
      leaveLimitRatio: 1 / 7,
      minAttendanceRatio: 6 / 7,
      lateGraceMinutes: 10,
    });
    await e.services.database.transaction((trx) =>
      e.services.roster.enrolIn(trx, null, earlier, {
        role: 'member',
        person: { name: '格桑', idNumber: '540102197807070014', workUnit: '那曲市科学技术局', phone: '13900003333' },
      }),
    );
    await sql`update classes set status = 'completed' where id = ${earlier}`.execute(e.services.database.db);
    const page = await e.newPage();
    await e.login(page);
    await page.goto(`${e.url}/classes/${e.enrollingClassId}/roster`);
    await page.getByRole('button', { name: '添加学员' }).click();
    await page.locator('.enrolment-form').waitFor();
    await page.locator('#person_name').fill('格桑');
    await page.locator('#person_workUnit').fill('西藏自治区科学技术厅');
    await page.locator('#person_idNumber').fill('540102197807070014');
    await page.getByTestId('enrolment-save').click();
    await page.getByText('其档案也属于已锁定名单的“2024年西藏科技管理干部培训班”，表单中的新信息未写入档案', { exact: false }).waitFor();
    await e.screenshot(page, 'roster-returning-locked-laptop');
    const row = (await e.services.roster.listRoster(e.enrollingClassId)).find((r) => r.person.name === '格桑');
    assert.equal(row?.person.workUnit, '那曲市科学技术局', 'the record of the completed class is unchanged');
    assert.deepEqual(e.pageErrors, []);
  });
});
