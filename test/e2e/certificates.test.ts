// The training office issues certificates for the seed class: eligibility with reasons, a manual
// exception, issuing, a batch zip with its progress bar, a revocation; then an employer checks a
// certificate on the public page (no login), on a phone. Then (#10) the office sets the wording of
// its certificates with a preview; and on the last day of a class that is still running, the office
// allows early issuing for the closing ceremony, the class teacher issues, corrects an attendance
// record afterwards and, seeing the certificate flagged 需复核, decides to keep it.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { craftedClass, dayFromToday } from '../support/certificate-class';
import { type E2E, LAPTOP, PHONE, startE2E } from '../support/e2e';

describe('certificates: office screens and the public verification page', () => {
  let e: E2E;
  before(async () => {
    e = await startE2E();
    // The class's attendance record: everyone present except three who were on leave for days.
    const { services, demoClassId } = e;
    const sessions = (
      await sql<{ id: number; ends_at: string }>`select id, ends_at from sessions where class_id = ${demoClassId} order by starts_at`.execute(
        services.database.db,
      )
    ).rows;
    const roster = await services.roster.listRoster(demoClassId);
    const away = new Set(roster.slice(-3).map((r) => r.id));
    const groupsOf = new Map<number, number[]>();
    for (const g of (await sql<{ session_id: number; group_id: number }>`select session_id, group_id from session_groups`.execute(services.database.db)).rows) {
      groupsOf.set(g.session_id, [...(groupsOf.get(g.session_id) ?? []), g.group_id]);
    }
    const records = roster.flatMap((r) =>
      sessions
        .filter((s) => !groupsOf.has(s.id) || groupsOf.get(s.id)!.includes(r.groupId ?? -1))
        .map((s, i) => ({
          sessionId: s.id,
          enrolmentId: r.id,
          status: away.has(r.id) && i < 6 ? ('leave' as const) : ('present' as const),
          checkedInAt: null,
          reason: '公务',
        })),
    );
    // `cohort demo` already records the class's attendance and issues its certificates; this test
    // needs three trainees who fall short and nothing issued yet (serials from 001), so it clears
    // those rows first, as if the demo had stopped before its certificate step.
    await services.database.transaction(async (trx) => {
      await sql`delete from certificates where class_id = ${demoClassId}`.execute(trx);
      await sql`delete from serial_counters`.execute(trx);
      await sql`delete from attendance where enrolment_id in (${sql.join([...away])})`.execute(trx);
      await services.attendance.importHistoricalRecord(trx, demoClassId, records);
    });
  });
  after(() => e.close());

  test('the organizer sees who completes and why not, makes an exception, issues, and builds the zip', async () => {
    const page = await e.newPage();
    await e.login(page, 'yuchanghong');
    await page.goto(`${e.url}/classes/${e.demoClassId}/certificates`);
    await page.getByText('结业条件', { exact: true }).waitFor();
    await page.getByText('出勤不少于 85.7%').waitFor();
    const rows = page.locator('.ant-table-tbody tr.ant-table-row');
    await rows.first().waitFor();
    assert.equal(await rows.count(), 32);
    await page
      .getByRole('cell', { name: /扎西旺拉/ })
      .first()
      .waitFor();
    assert.ok((await page.locator('.reason-list li').count()) >= 1, 'reasons are listed for those who do not complete');
    await e.screenshot(page, 'certificates-01-eligibility');

    // A manual exception for the first trainee who does not complete.
    await page.locator('.ant-segmented-item', { hasText: '不可结业' }).click();
    const failing = page.locator('.ant-table-tbody tr.ant-table-row').first();
    await failing.getByRole('button', { name: '人工认定' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('radio', { name: '准予结业' }).check();
    await dialog.getByLabel('理由（将记入审计日志）').fill('因公务请假，经教务处批准');
    await dialog.getByRole('button', { name: /确\s*定|OK/ }).click();
    await page.getByText('认定已保存').waitFor();
    await page.locator('.ant-segmented-item', { hasText: '全部' }).click();
    await page.getByText('特批结业').first().waitFor();

    const issue = page.getByRole('button', { name: /颁发证书（\d+ 人）/ });
    await issue.click();
    await page
      .getByRole('dialog')
      .getByRole('button', { name: /确\s*定|OK/ })
      .click();
    await page.getByText(/已颁发 \d+ 份证书/).waitFor();
    await page.getByText('SKGY-2020-XZ-001').waitFor();

    await page.getByRole('button', { name: '全部证书（ZIP）' }).click();
    await page.getByTestId('certificate-job').waitFor();
    await page.getByRole('link', { name: /下\s*载/ }).waitFor({ timeout: 120_000 });
    const href = await page.getByRole('link', { name: /下\s*载/ }).getAttribute('href');
    const zip = await page.request.get(`${e.url}${href}`);
    assert.equal(zip.status(), 200);
    assert.equal(zip.headers()['content-type'], 'application/zip');
    await e.screenshot(page, 'certificates-02-issued');

    // One batch per class at a time: while a job is at work (as if another office user had started it),
    // a second one is refused with the reason, and the tab follows the running job's progress.
    const jobId = Number(/certificate-jobs\/(\d+)/.exec(href ?? '')?.[1]);
    const busy = (status: string) =>
      sql`update certificate_jobs set status = ${status}, heartbeat_at = ${new Date().toISOString()} where id = ${jobId}`.execute(e.services.database.db);
    await busy('running');
    await page.getByRole('button', { name: '全部证书（合并 PDF）' }).click();
    await page.getByText('本班已有一个证书批量任务在排队或生成中，请等它完成后再开始新的任务').waitFor();
    await page
      .getByTestId('certificate-job')
      .getByRole('link', { name: /下\s*载/ })
      .waitFor({ state: 'detached' });
    await e.screenshot(page, 'certificates-02b-job-running');
    await busy('done');

    // Revoke one certificate.
    const row = page.locator('.ant-table-tbody tr.ant-table-row', { hasText: 'SKGY-2020-XZ-002' });
    await row.getByRole('button', { name: /撤\s*销/ }).click();
    await page.getByRole('dialog').getByLabel('原因').fill('学员信息有误');
    await page
      .getByRole('dialog')
      .getByRole('button', { name: /确\s*定|OK/ })
      .click();
    await page.getByText('证书已撤销').waitFor();
    await row.getByText('已撤销').waitFor();

    // The same screen in English.
    await page.locator('.ant-segmented-item', { hasText: 'EN' }).click();
    await page.getByText('Completion rule', { exact: true }).waitFor();
    await page.getByText('Attendance at least 85.7%').waitFor();
    await row.getByText('Revoked').waitFor();
    await e.screenshot(page, 'certificates-06-english');
    await page.locator('.ant-segmented-item', { hasText: '中文' }).click();
    assert.deepEqual(e.pageErrors, []);
  });

  test('a trainee finds their certificate on their phone and downloads it', async () => {
    const certificates = await e.services.certificates.list(e.demoClassId);
    const mine = certificates.find((c) => c.nameBo && c.status === 'valid')!;
    const { token } = await e.services.trainee.issueInvitation(null, mine.enrolmentId);
    const page = await e.newPage(PHONE);
    // Opening the invitation makes a device session (what the invitation link's page does).
    const session = await page.request.post(`${e.url}/api/v1/trainee/session`, { data: { token } });
    assert.equal(session.status(), 200);
    await page.goto(`${e.url}/t/certificates`);
    const card = page.getByTestId('my-certificate');
    await card.waitFor();
    assert.equal(await card.count(), 1);
    await card.getByText(mine.serial, { exact: false }).waitFor();
    await card.getByText('有效').waitFor();
    const pdf = await page.request.get(`${e.url}${await card.getByRole('link', { name: '下载 PDF' }).getAttribute('href')}`);
    assert.equal(pdf.status(), 200);
    assert.equal(pdf.headers()['content-type'], 'application/pdf');
    await e.screenshot(page, 'certificates-07-trainee-phone');
    assert.deepEqual(e.pageErrors, []);
  });

  test('an employer verifies a certificate on a phone, without signing in; a revoked one says so', async () => {
    const certificates = await e.services.certificates.list(e.demoClassId);
    const tibetan = certificates.find((c) => c.nameBo && c.status === 'valid')!;
    const revoked = certificates.find((c) => c.status === 'revoked')!;
    const page = await e.newPage(PHONE);
    await page.goto(tibetan.verifyUrl.replace(/^https?:\/\/[^/]+/, e.url));
    await page.getByText('有效证书').waitFor();
    await page.getByText(tibetan.nameBo!).waitFor();
    await e.screenshot(page, 'certificates-03-verify-valid-phone');
    await page.goto(revoked.verifyUrl.replace(/^https?:\/\/[^/]+/, e.url));
    await page.getByText('证书已撤销').waitFor();
    await e.screenshot(page, 'certificates-04-verify-revoked-phone');
    // By number and name, from the form.
    await page.getByLabel('证书编号').fill(tibetan.serial);
    await page.getByLabel('姓名').fill(tibetan.name);
    await page.getByRole('button', { name: '查询' }).click();
    await page.getByText('有效证书').waitFor();
    // The digital credential file, chosen with the file picker: read by the page's script, posted as text.
    const { jwt } = await e.services.certificates.credential(e.demoClassId, tibetan.id);
    await page.locator('#file').setInputFiles({ name: `${tibetan.serial}.jwt`, mimeType: 'application/jwt', buffer: Buffer.from(jwt) });
    await page.waitForFunction(() => (document.getElementById('credential') as HTMLTextAreaElement).value.length > 100);
    await page.getByRole('button', { name: '验证签名与状态' }).click();
    await page.getByText('电子签名有效').waitFor();
    await page.getByText('有效证书').waitFor();
    await e.screenshot(page, 'certificates-05-credential-checked-phone');
    // The achievement the credential names: a page for a person who opens it (JSON-LD for programs).
    const achievementUrl: string = JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString()).credentialSubject.achievement.id;
    await page.goto(achievementUrl.replace(/^https?:\/\/[^/]+/, e.url));
    await page.getByText(/出勤不少于本人应修学时的 85\.7%/).waitFor();
    await e.screenshot(page, 'certificates-13-achievement-phone');
    assert.deepEqual(e.pageErrors, []);
  });

  test('the training office sets the certificate wording and sees it as it will print, on a laptop and a phone', async () => {
    for (const viewport of [LAPTOP, PHONE]) {
      const page = await e.newPage(viewport);
      await e.login(page, 'yuchanghong');
      await page.goto(`${e.url}/classes/${e.demoClassId}/certificates`);
      await page.getByTestId('open-template').click();
      const preview = page.getByTestId('certificate-preview');
      await preview.waitFor();
      // The preview is of a trainee who attended fewer hours than the class's, so both figures show
      // (in the wording saved by the time the phone opens it).
      await preview.getByText(viewport === LAPTOP ? /共计\d+学时，实修\d+学时/ : /共计\d+学时，其中本人实修\d+学时/).waitFor();
      if (viewport === LAPTOP) {
        const partial = page.getByLabel('学时写法：实修少于培训班学时');
        await partial.fill('共计{total}学时，其中本人实修{attended}学时');
        await preview.getByText(/其中本人实修\d+学时/).waitFor();
        // An unknown placeholder is refused by the server, naming the field.
        await partial.fill('共计{total}学时（{serial}）');
        await page.getByTestId('template-save').click();
        await page.getByText('模板中有不认识的占位符，请只使用下方列出的占位符').waitFor();
        await partial.fill('共计{total}学时，其中本人实修{attended}学时');
        await page.getByLabel('藏文行（双语证书）').fill('{nameBo} སློབ་སྦྱོང་མཐར་ཕྱིན། {attended}/{total}');
        await page.getByTestId('template-save').click();
        await page.getByText(/证书模板已保存/).waitFor();
        await page.getByTestId('open-template').click();
        await page.getByRole('switch', { name: '本班证书加印藏文行' }).click();
        await preview
          .locator('[lang="bo"]')
          .getByText(/སློབ་སྦྱོང་མཐར་ཕྱིན། [༠-༩]+\/[༠-༩]+/)
          .waitFor();
        await e.screenshot(page, 'certificates-08-wording-laptop');
      } else {
        await preview.locator('[lang="bo"]').waitFor();
        await preview.scrollIntoViewIfNeeded();
        await e.screenshot(page, 'certificates-09-wording-phone');
      }
      await page.context().close();
    }
    // Certificates issued from now on carry the new wording and the Tibetan line; issued ones keep theirs.
    const settings = await e.services.certificates.settingsFor(e.demoClassId, true);
    assert.equal(settings.hoursPartialTemplate, '共计{total}学时，其中本人实修{attended}学时');
    assert.equal((await e.services.certificates.eligibility(e.demoClassId, 'zh-CN')).bilingual, true);
    assert.deepEqual(e.pageErrors, []);
  });

  test('on the last day of a class still running: early issue, a correction afterwards, 需复核, and the class teacher keeps it', async () => {
    const { services } = e;
    const demo = await services.classes.getClass(null, e.demoClassId);
    // A class of the same institution whose sessions have all ended today; the demo's class teacher runs it.
    // Eight two-hour sessions over four days (16 hours); 旺堆 missed one (14 of 16).
    const made = await craftedClass(
      services,
      [{ name: '次仁央宗', nameBo: 'ཚེ་རིང་དབྱངས་འཛོམས' }, { name: '王建华' }, { name: '旺堆', nameBo: 'དབང་འདུས', missing: [5] }],
      {
        institution: { institutionId: demo.institutionId, programmeId: demo.programmeId },
        title: '2026年西藏科技特派员能力提升培训班',
        schedule: {
          startsOn: dayFromToday(-4),
          endsOn: dayFromToday(0),
          sessions: [-4, -3, -2, -1].flatMap((d) =>
            ['09', '14'].map((h) => ({
              startsAt: `${dayFromToday(d)}T${h}:00:00+08:00`,
              endsAt: `${dayFromToday(d)}T${h === '09' ? '11' : '16'}:00:00+08:00`,
              hours: 2,
            })),
          ),
        },
        status: 'running',
      },
    );
    const teacherUser = await services.auth.findUserByUsername('banzhuren');
    await services.classes.addStaff(null, made.classId, { userId: teacherUser!.id, role: 'class_teacher' });
    const tab = `${e.url}/classes/${made.classId}/certificates`;

    // The training office allows issuing at the closing ceremony, naming the reason.
    const office = await e.newPage();
    await e.login(office, 'yuchanghong');
    await office.goto(tab);
    await office
      .getByTestId('issue-gate')
      .getByText(/须由教务处批准提前颁发/)
      .waitFor();
    await e.screenshot(office, 'certificates-10-early-issue-needed');
    await office.getByRole('button', { name: '批准提前颁发' }).click();
    await office.getByRole('dialog').getByLabel('理由（将记入审计日志）').fill('结业式于最后一次课后举行，当场颁发结业证书');
    // The toast saying so fades after 3 s: watched for from before the click. The lasting outcome
    // is the notice of the approval; if the server refused, its message is what the office sees
    // instead, and the test says which.
    const toast = office
      .getByText('已批准提前颁发')
      .waitFor()
      .then(
        () => true,
        () => false,
      );
    await office
      .getByRole('dialog')
      .getByRole('button', { name: /确\s*定|OK/ })
      .click();
    const refused = office.locator('.ant-form-item-explain-error, .ant-message-notice-error');
    await office.getByTestId('early-issue').or(refused).first().waitFor();
    assert.equal(await refused.count(), 0, `approval refused: ${await refused.allInnerTexts()}`);
    assert.ok(await toast, 'the office is told the approval is recorded');
    await office
      .getByTestId('early-issue')
      .getByText(/结业式于最后一次课后举行/)
      .waitFor();
    await office.context().close();

    // The class teacher issues at the ceremony.
    const page = await e.newPage();
    await e.login(page);
    await page.goto(tab);
    await page.getByTestId('early-issue').waitFor();
    await page.getByRole('button', { name: /颁发证书（3 人）/ }).click();
    await page
      .getByRole('dialog')
      .getByRole('button', { name: /确\s*定|OK/ })
      .click();
    await page.getByText('已颁发 3 份证书').waitFor();
    await page.getByRole('cell', { name: /旺堆/ }).first().waitFor();
    assert.equal(await page.getByTestId('review-flag').count(), 0);

    // Afterwards the class teacher corrects a record: 王建华 was not at the third session.
    await page.goto(`${e.url}/classes/${made.classId}/attendance?view=session&session=${made.sessionIds[2]}`);
    const row = page.locator('.ant-table-tbody tr.ant-table-row', { hasText: '王建华' });
    await row.getByLabel('标记').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '缺勤' }).click();
    await row.getByPlaceholder('原因').fill('补录：当日未到');
    await row.getByRole('button', { name: /^标\s*记$/ }).click();
    await page.getByText('已标记 王建华：缺勤').waitFor();

    // Back on the certificates tab: flagged, with what changed; the class teacher keeps it.
    await page.goto(tab);
    await page.getByTestId('review-banner').getByRole('button', { name: '需复核' }).click();
    const flagged = page.locator('.ant-table-tbody tr.ant-table-row', { hasText: '王建华' });
    await flagged.getByTestId('review-flag').getByText('实修学时 16 → 14').waitFor();
    assert.equal(await page.locator('.ant-table-tbody tr.ant-table-row').count(), 1, 'the filter shows the flagged certificate only');
    await flagged.scrollIntoViewIfNeeded();
    await e.screenshot(page, 'certificates-11-review-laptop');
    await flagged.getByRole('button', { name: /^保\s*留$/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText(/记录在颁发后有变动：实修学时 16 → 14/).waitFor();
    await dialog.getByLabel('原因').fill('14 学时仍达到结业要求，证书保留');
    await dialog.getByRole('button', { name: /确\s*定|OK/ }).click();
    await page.getByText('已保留，复核提示已清除').waitFor();
    await page.getByTestId('review-banner').waitFor({ state: 'detached' });
    // Everyone is listed again, none flagged.
    await page.locator('.ant-table-tbody tr.ant-table-row', { hasText: '次仁央宗' }).waitFor();
    assert.equal(await page.getByTestId('review-flag').count(), 0);
    const kept = (await services.audit.listForClass(made.classId)).find((a) => a.action === 'certificate.keep');
    assert.equal((kept?.after as { reason: string } | undefined)?.reason, '14 学时仍达到结业要求，证书保留');

    // The same screen on a phone, after a second correction flags it again.
    await services.attendance.markAttendance(
      (await services.auth.actorFromToken((await services.auth.login({ username: 'banzhuren', password: 'cohort-demo-2020', ip: '127.0.0.1' })).token))!,
      made.sessionIds[1],
      made.enrolments.get('王建华')!,
      { status: 'absent', reason: '补录：当日未到' },
    );
    const phone = await e.newPage(PHONE);
    await e.login(phone);
    await phone.goto(tab);
    await phone.getByTestId('review-banner').getByRole('button', { name: '需复核' }).click();
    const card = phone.getByTestId('certificate-card').filter({ hasText: '王建华' });
    await card.getByTestId('review-flag').getByText('结业认定 可结业 → 不可结业').waitFor();
    await card.getByRole('button', { name: /^保\s*留$/ }).waitFor();
    await card.scrollIntoViewIfNeeded();
    await e.screenshot(phone, 'certificates-12-review-phone');
    assert.deepEqual(e.pageErrors, []);
  });
});
