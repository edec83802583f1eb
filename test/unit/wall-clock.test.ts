import assert from 'node:assert/strict';
import { test } from 'node:test';
import { suggestCopyTitle } from '../../src/contracts';
import { addDaysTo, daysFrom, instantOf, shiftWallClock, wallClockOf } from '../../src/server/lib/wall-clock';
import { zonedToUtc } from '../../src/server/modules/photos/images';

test('wall-clock time in a zone → the instant, with the offset in force at that instant', () => {
  assert.equal(instantOf('2020-10-20', '13:30', 'Asia/Shanghai'), '2020-10-20T05:30:00.000Z');
  // Berlin switches to summer time at 01:00 UTC on 29 March 2026 (02:00 CET → 03:00 CEST).
  assert.equal(instantOf('2026-03-29', '01:30', 'Europe/Berlin'), '2026-03-29T00:30:00.000Z', 'just before the change: still CET');
  assert.equal(instantOf('2026-03-29', '03:30', 'Europe/Berlin'), '2026-03-29T01:30:00.000Z', 'just after: CEST');
  assert.equal(instantOf('2026-03-29', '02:30', 'Europe/Berlin'), '2026-03-29T01:30:00.000Z', 'a skipped time lands after the gap');
  assert.equal(instantOf('2026-10-26', '09:00:00', 'Europe/Berlin'), '2026-10-26T08:00:00.000Z');
  assert.equal(zonedToUtc('2026-03-29T01:30:00', 'Europe/Berlin').toISOString(), '2026-03-29T00:30:00.000Z', 'photo times use the same rule');
  assert.deepEqual(wallClockOf('2026-03-29T01:30:00.000Z', 'Europe/Berlin'), { date: '2026-03-29', time: '03:30:00' });
});

test('shifting a session keeps its local time across DST: the local date moves, not the instant', () => {
  // 09:00 on Monday 23 March 2026 (CET) → 09:00 on Monday 30 March (CEST): 7 days less one hour later.
  assert.equal(shiftWallClock('2026-03-23T08:00:00.000Z', 7, 'Europe/Berlin'), '2026-03-30T07:00:00.000Z');
  assert.equal(shiftWallClock('2020-10-12T06:00:00.000Z', 364, 'Asia/Shanghai'), '2021-10-11T06:00:00.000Z');
  // A late-evening session stays on its local day even when that day is another one in UTC.
  assert.equal(shiftWallClock('2020-10-12T16:30:00.000Z', 1, 'Asia/Shanghai'), '2020-10-13T16:30:00.000Z');
  assert.equal(addDaysTo('2020-02-28', 2), '2020-03-01');
  assert.equal(daysFrom('2020-10-12', '2021-10-11'), 364);
  assert.equal(daysFrom('2026-03-30', '2026-03-23'), -7);
});

test('the title of a copy gets the new year', () => {
  assert.equal(suggestCopyTitle('2020年“科技兴藏人才培养工程”西藏科技管理干部培训班', 2020, 2021), '2021年“科技兴藏人才培养工程”西藏科技管理干部培训班');
  assert.equal(suggestCopyTitle('第12020期 2020 班', 2020, 2021), '第12020期 2021 班', 'only the year, not digits of a longer number');
  assert.equal(suggestCopyTitle('科技管理干部培训班', 2020, 2021), '科技管理干部培训班（2021）');
  assert.equal(suggestCopyTitle('科技管理干部培训班', 2021, 2021), '科技管理干部培训班');
});
