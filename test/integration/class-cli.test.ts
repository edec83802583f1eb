// `cohort class create|copy` as an operator runs them: its own process on the test database
// (SQLite file, or the test's PostgreSQL database), with refusals said in Chinese and English.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import type { Services } from '../../src/server/app';
import { wallClockOf } from '../../src/server/lib/wall-clock';
import { DATABASES, freshDatabase, type TestDatabase } from '../support/db';
import { makeClass, servicesFor } from '../support/factories';

for (const kind of DATABASES) {
  describe(`cohort class on ${kind}`, () => {
    let t: TestDatabase;
    let s: Services;
    let programmeId: number;
    let pastClassId: number;
    before(async () => {
      t = await freshDatabase(kind);
      s = servicesFor(t);
      ({ programmeId, classId: pastClassId } = await makeClass(s, { title: '2025年藏区科技骨干培训班', startsOn: '2025-06-09', endsOn: '2025-06-13' }));
      await s.database.transaction(async (trx) => {
        const g = await s.roster.createGroupIn(trx, null, pastClassId, { name: '第一组' });
        await s.roster.enrolIn(trx, null, pastClassId, { role: 'member', groupId: g, person: { name: '格桑' } });
        for (const [day, groupIds] of [
          ['2025-06-09', []],
          ['2025-06-13', [g]],
        ] as const) {
          await s.timetable.createSessionIn(trx, null, pastClassId, {
            kind: groupIds.length ? 'discussion' : 'lecture',
            title: `日程 ${day}`,
            startsAt: `${day}T14:30:00+08:00`,
            endsAt: `${day}T17:00:00+08:00`,
            hours: 3,
            lecturerIds: [],
            groupIds: [...groupIds],
          });
        }
      });
    });
    after(() => t.drop());

    const { DATABASE_URL: _unused, ...env } = process.env;
    const cohort = (...args: string[]) =>
      spawnSync(process.execPath, ['bin/cohort.mjs', 'class', ...args], {
        encoding: 'utf8',
        timeout: 120_000,
        env: {
          ...env,
          DATA_DIR: t.config.dataDir,
          ...(t.config.databaseUrl && { DATABASE_URL: t.config.databaseUrl }),
          COHORT_SECRET_KEY: t.config.secretKey.toString('base64'),
          LOG_LEVEL: 'silent',
        },
      });

    test('create: a class in planning with place and time zone; bad options are named in both languages', { timeout: 180_000 }, async () => {
      const ok = cohort(
        'create',
        '--programme',
        String(programmeId),
        '--title',
        '2026年藏区科技骨干培训班',
        '--starts',
        '2026-06-08',
        '--ends',
        '2026-06-12',
        '--place',
        '拉萨',
        '--time-zone',
        'Asia/Shanghai',
      );
      assert.equal(ok.status, 0, ok.stderr);
      const id = Number(/编号 (\d+)/.exec(ok.stdout)?.[1]);
      const created = await s.classes.getClass(null, id);
      assert.deepEqual(
        [created.title, created.startsOn, created.endsOn, created.place, created.timeZone, created.status],
        ['2026年藏区科技骨干培训班', '2026-06-08', '2026-06-12', '拉萨', 'Asia/Shanghai', 'planning'],
      );

      const badDate = cohort('create', '--programme', String(programmeId), '--title', '另一个班', '--starts', '2026-06-31', '--ends', '2026-07-02');
      assert.equal(badDate.status, 2);
      assert.match(badDate.stderr, /--starts: 日期格式应为 YYYY-MM-DD \/ Dates are written YYYY-MM-DD/);
      const badZone = cohort(
        'create',
        '--programme',
        String(programmeId),
        '--title',
        '另一个班',
        '--starts',
        '2026-07-01',
        '--ends',
        '2026-07-02',
        '--time-zone',
        'Mars/Olympus',
      );
      assert.match(badZone.stderr, /--time-zone: 无效的时区 \/ Unknown time zone/);
      const order = cohort('create', '--programme', String(programmeId), '--title', '另一个班', '--starts', '2026-07-05', '--ends', '2026-07-02');
      assert.equal(order.status, 1);
      assert.match(order.stderr, /--ends: 结束日期不能早于开始日期 \/ The end date is before the start date/);
      const dup = cohort('create', '--programme', String(programmeId), '--title', '2026年藏区科技骨干培训班', '--starts', '2026-07-01', '--ends', '2026-07-02');
      assert.equal(dup.status, 1);
      assert.match(dup.stderr, /--title: 本项目已有名为“2026年藏区科技骨干培训班”的培训班 \/ This programme already has a class named/);
      const noProgramme = cohort('create', '--programme', '999999', '--title', 'x', '--starts', '2026-07-01', '--ends', '2026-07-02');
      assert.equal(noProgramme.status, 1);
      assert.match(noProgramme.stderr, /未找到培养项目 \/ Programme not found/);
      const notAnId = cohort('create', '--programme', 'abc', '--title', 'x', '--starts', '2026-07-01', '--ends', '2026-07-02');
      assert.equal(notAnId.status, 2);
      assert.match(notAnId.stderr, /--programme: 应为正整数编号/);
      assert.equal((await s.classes.getProgramme(null, programmeId)).classes.length, 2, 'refusals wrote nothing');
    });

    test('copy: the timetable moves to the new dates, groups kept by name, no trainees; the default title has the new year', { timeout: 180_000 }, async () => {
      const ok = cohort('copy', '--class', String(pastClassId), '--starts', '2027-06-07');
      assert.equal(ok.status, 0, ok.stderr);
      assert.match(ok.stdout, /已复制为 2027年藏区科技骨干培训班（编号 \d+，2027-06-07 至 2027-06-11，2 场日程，1 个小组，无学员）/);
      const id = Number(/编号 (\d+)/.exec(ok.stdout)?.[1]);
      const sessions = await s.timetable.listSessions(id);
      assert.deepEqual(
        sessions.map((x) => [wallClockOf(x.startsAt, 'Asia/Shanghai').date, wallClockOf(x.startsAt, 'Asia/Shanghai').time, x.groups.map((g) => g.name)]),
        [
          ['2027-06-07', '14:30:00', []],
          ['2027-06-11', '14:30:00', ['第一组']],
        ],
      );
      assert.equal((await s.roster.listRoster(id, { includeWithdrawn: true })).length, 0);
      const again = cohort('copy', '--class', String(pastClassId), '--starts', '2027-06-14');
      assert.equal(again.status, 1);
      assert.match(again.stderr, /--title: 本项目已有名为“2027年藏区科技骨干培训班”的培训班/);
      const named = cohort('copy', '--class', String(pastClassId), '--starts', '2027-06-14', '--title', '2027年藏区科技骨干培训班（二期）');
      assert.equal(named.status, 0, named.stderr);
      const bad = cohort('copy', '--class', String(pastClassId), '--starts', 'next monday');
      assert.equal(bad.status, 2);
      assert.match(bad.stderr, /--starts: 日期格式应为 YYYY-MM-DD/);
      const missing = cohort('copy', '--class', '424242', '--starts', '2027-06-14');
      assert.equal(missing.status, 1);
      assert.match(missing.stderr, /未找到培训班 \/ Class not found/);
    });
  });
}
