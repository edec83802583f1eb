// The residential class's rooms and meals (#18): the 班主任 assigns rooms by drag (and is refused
// a room of the other gender), assigns the rest by rule after a preview, downloads the rooming list
// (read back: no ID numbers) and the kitchen's count sheet; the hotel's account sees only its lists.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import { PROVIDER_USERS } from '../../src/server/demo/residence';
import { type E2E, ENROLLING_ID_NUMBER, RESULTS_DIR, settle, startE2E } from '../support/e2e';

const cellsOf = async (file: string) => {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const rows: string[][] = [];
  wb.worksheets[0].eachRow((r) => rows.push((r.values as unknown[]).slice(1).map((v) => String(v ?? ''))));
  return rows;
};

describe('rooms and meals of the residential class', () => {
  let e: E2E;
  let classId: number;
  const enrolmentOf = async (name: string) => (await e.services.residence.roomingList(classId)).trainees.find((x) => x.name === name)!;
  before(async () => {
    e = await startE2E();
    classId = e.enrollingClassId;
  });
  after(() => e.close());

  test('the 班主任 assigns rooms by drag, by rule after a preview, and downloads the rooming list', async () => {
    const page = await e.newPage();
    await e.login(page);
    await page.goto(`${e.url}/classes/${classId}/rooms`);
    await page.getByText('未分配学员（5）').waitFor();
    const wang = await enrolmentOf('王建华');
    const cering = await enrolmentOf('次仁央宗');
    await page.getByTestId(`trainee-${wang.enrolmentId}`).dragTo(page.getByTestId('room-A座201'));
    await page.getByTestId('room-A座201').getByTestId(`trainee-${wang.enrolmentId}`).waitFor();
    assert.equal((await enrolmentOf('王建华')).roomId !== null, true);
    // A woman onto a men's room: refused, and the refusal stays on screen.
    await page.getByTestId(`trainee-${cering.enrolmentId}`).dragTo(page.getByTestId('room-A座201'));
    await page
      .getByTestId('room-refusal')
      .getByText(/男生房间，不能安排 次仁央宗/)
      .waitFor();
    assert.equal((await enrolmentOf('次仁央宗')).roomId, null);
    await settle(page);
    await page.screenshot({ path: join(RESULTS_DIR, 'rooms-01-drag.png') });
    // Moving between rooms, then back to the unassigned list.
    await page.getByTestId('room-A座201').getByTestId(`trainee-${wang.enrolmentId}`).dragTo(page.getByTestId('room-A座202'));
    await page.getByTestId('room-A座202').getByTestId(`trainee-${wang.enrolmentId}`).waitFor();
    await page.getByTestId('room-A座202').getByTestId(`trainee-${wang.enrolmentId}`).dragTo(page.getByTestId('unassigned'));
    await page.getByText('未分配学员（5）').waitFor();
    await page.getByTestId(`trainee-${wang.enrolmentId}`).dragTo(page.getByTestId('room-A座203'));
    await page.getByText('未分配学员（4）').waitFor();

    await page.getByRole('button', { name: '按规则自动分房' }).click();
    await page.getByTestId('auto-preview').getByText('次仁央宗').waitFor();
    assert.equal((await e.services.residence.roomingList(classId)).trainees.filter((x) => x.roomId === null).length, 4, 'the preview assigns nobody');
    await settle(page);
    await page.screenshot({ path: join(RESULTS_DIR, 'rooms-02-auto-preview.png') });
    await page.getByRole('button', { name: '确认分配' }).click();
    await page.getByText('已分配 4 人').waitFor();
    await page.getByText('全部学员已分配房间').waitFor();
    const list = await e.services.residence.roomingList(classId);
    assert.ok(list.trainees.every((x) => x.roomId !== null));
    for (const r of list.rooms) assert.ok(new Set(r.occupants.map((id) => list.trainees.find((x) => x.enrolmentId === id)!.gender)).size <= 1);
    await settle(page);
    await page.screenshot({ path: join(RESULTS_DIR, 'rooms-03-assigned.png'), fullPage: true });

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: '住宿名单（Excel）' }).click();
    const file = join(RESULTS_DIR, 'rooming.xlsx');
    await (await download).saveAs(file);
    const rows = await cellsOf(file);
    assert.ok(rows[1].includes('房间') && !rows[1].some((h) => /身份证/.test(h)));
    assert.equal(rows.length - 2, 5);
    assert.ok(!rows.flat().some((c) => c.includes(ENROLLING_ID_NUMBER) || /\d{17}[\dX]/.test(c)), 'no ID number in the rooming list');
    const actions = (await e.services.audit.listForClass(classId)).map((x) => x.action);
    assert.ok(actions.includes('room.assign') && actions.includes('room.move') && actions.includes('room.unassign'));
    await page.close();
  });

  test('the 班主任 plans the meals, marks a 清真 need and downloads the kitchen’s count sheet', async () => {
    const page = await e.newPage();
    await e.login(page);
    await page.goto(`${e.url}/classes/${classId}/meals`);
    await page.getByRole('button', { name: '批量安排用餐' }).click();
    await page.getByText('已安排 36 餐').waitFor();
    await page.getByLabel('旺堆 清真').click();
    await page.getByText('已保存 旺堆 的饮食需求').waitFor();
    await page.getByTestId('meal-counts').getByText('早餐 07:30 学院餐厅').waitFor();
    await settle(page);
    await page.screenshot({ path: join(RESULTS_DIR, 'meals-01-plan.png'), fullPage: true });
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: '就餐统计表（Excel）' }).click();
    const file = join(RESULTS_DIR, 'meal-counts.xlsx');
    await (await download).saveAs(file);
    const rows = await cellsOf(file);
    assert.deepEqual(rows[1].slice(0, 5), ['日期', '餐次', '地点', '就餐人数', '清真']);
    assert.deepEqual(
      rows.slice(2).map((r) => [r[0], r[1], r[3], r[4]]),
      [
        ['2026-10-12', '早餐 07:30', '5', '1'],
        ['2026-10-12', '午餐 12:00', '5', '1'],
        ['2026-10-12', '晚餐 18:00', '5', '1'],
      ],
    );
    await page.close();
  });

  test('the hotel’s account sees only the classes it serves and their lists; nothing else opens', async () => {
    const page = await e.newPage();
    await e.login(page, PROVIDER_USERS.hotel.username);
    await page.getByRole('heading', { name: '服务的培训班' }).waitFor();
    await page.getByTestId(`provider-class-${e.demoClassId}`).getByTestId('provider-rooming').getByText('A座201').first().waitFor();
    assert.equal(await page.getByTestId(/^provider-class-/).count(), 1);
    assert.equal(await page.getByTestId('nav-admin').count(), 0);
    await settle(page);
    await page.screenshot({ path: join(RESULTS_DIR, 'provider-01-hotel.png'), fullPage: true });
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: '住宿名单（PDF）' }).click();
    const pdf = join(RESULTS_DIR, 'provider-rooming.pdf');
    await (await download).saveAs(pdf);
    assert.match(execFileSync('pdftotext', ['-layout', pdf, '-']).toString(), /住宿名单/);
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', pdf, join(RESULTS_DIR, 'provider-rooming')]);

    await page.goto(`${e.url}/classes/${e.demoClassId}/roster`);
    await page.waitForURL(`${e.url}/`);
    const status = (path: string) => page.evaluate((p) => fetch(p).then((r) => r.status), path);
    assert.equal(await status(`/api/v1/classes/${e.demoClassId}`), 403);
    assert.equal(await status(`/api/v1/classes/${classId}/rooming`), 403);
    assert.equal(await status(`/api/v1/classes/${e.demoClassId}/rooming`), 200);
    await page.close();
    assert.deepEqual(e.pageErrors, []);
  });
});
