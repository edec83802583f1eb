// The training office issues certificates for the seed class: eligibility with reasons, a manual
// exception, issuing, a batch zip with its progress bar, a revocation; then an employer checks a
// certificate on the public page (no login), on a phone.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { type E2E, PHONE, startE2E } from '../support/e2e';

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
    assert.deepEqual(e.pageErrors, []);
  });
});
