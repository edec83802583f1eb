import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CODE_WINDOW_MS, extractCode, makeCheckInCodes } from '../../src/server/modules/attendance/check-in-code';
import { arrivalStatus, sessionWindow } from '../../src/server/modules/attendance/service';
import { effectiveStatus, localDay, summarise, unpackStatuses } from '../../src/server/modules/attendance/summary';

test('a rotating code is valid in its window and the next, not before or after, and only from this secret', () => {
  const codes = makeCheckInCodes(Buffer.alloc(32, 3));
  const t0 = 1_800_000_000_000;
  const { code, changesAt } = codes.codeFor(42, t0);
  assert.match(code, /^42\.\d+\.[A-Za-z0-9_-]{22}$/);
  assert.ok(Date.parse(changesAt) > t0 && Date.parse(changesAt) <= t0 + CODE_WINDOW_MS);
  assert.deepEqual(codes.verify(code, t0), { ok: true, sessionId: 42, window: Math.floor(t0 / CODE_WINDOW_MS) });
  assert.equal(codes.verify(code, t0 + CODE_WINDOW_MS).ok, true, 'the previous window is still accepted');
  assert.deepEqual(codes.verify(code, t0 + 2 * CODE_WINDOW_MS), { ok: false, reason: 'expired' });
  assert.deepEqual(codes.verify(code, t0 - CODE_WINDOW_MS), { ok: false, reason: 'expired' }, 'a code from the future is refused');
  assert.deepEqual(makeCheckInCodes(Buffer.alloc(32, 4)).verify(code, t0), { ok: false, reason: 'invalid' });
  assert.deepEqual(codes.verify(code.replace(/^42\./, '43.'), t0), { ok: false, reason: 'invalid' }, 'the MAC covers the session');
  assert.deepEqual(codes.verify('not a code', t0), { ok: false, reason: 'invalid' });
  assert.equal(extractCode(`https://cohort.example/t/c/${code}?x=1`), code);
  assert.equal(extractCode(` ${code} `), code);
});

test('check-in opens 30 minutes before the start and closes at the end; late after the grace period', () => {
  const s = { starts_at: '2020-10-20T05:30:00.000Z', ends_at: '2020-10-20T08:30:00.000Z' };
  const w = sessionWindow(s);
  assert.equal(new Date(w.opens).toISOString(), '2020-10-20T05:00:00.000Z');
  assert.equal(new Date(w.closes).toISOString(), '2020-10-20T08:30:00.000Z');
  assert.equal(arrivalStatus(s.starts_at, 10, Date.parse('2020-10-20T05:40:00.000Z')), 'present');
  assert.equal(arrivalStatus(s.starts_at, 10, Date.parse('2020-10-20T05:40:00.001Z')), 'late');
  assert.equal(arrivalStatus(s.starts_at, 0, Date.parse('2020-10-20T05:29:00.000Z')), 'present');
});

test('hours: present and late earn, leave and absence count against the limit, group sessions only for their groups', () => {
  const now = Date.parse('2020-10-21T00:00:00Z');
  const sessions = [
    { id: 1, hours: 3, startsAt: '2020-10-19T01:00:00Z', endsAt: '2020-10-19T04:00:00Z', groupIds: [] },
    { id: 2, hours: 3, startsAt: '2020-10-19T06:00:00Z', endsAt: '2020-10-19T09:00:00Z', groupIds: [] },
    { id: 3, hours: 2, startsAt: '2020-10-20T06:00:00Z', endsAt: '2020-10-20T08:00:00Z', groupIds: [7] },
    { id: 4, hours: 2.5, startsAt: '2020-10-20T06:00:00Z', endsAt: '2020-10-20T08:30:00Z', groupIds: [8] },
    { id: 5, hours: 3, startsAt: '2020-10-22T01:00:00Z', endsAt: '2020-10-22T04:00:00Z', groupIds: [] },
  ];
  const records = new Map([
    [1, 'late' as const],
    [3, 'leave' as const],
  ]);
  const h = summarise(sessions, 7, (id) => records.get(id), now, 1 / 7);
  assert.deepEqual(h, { attendedHours: 3, leaveHours: 2, absentHours: 3, pendingHours: 3, totalHours: 11, limitHours: 1.57, overLimit: true });
  assert.equal(effectiveStatus(sessions[3], 7, undefined, now), 'none');
  assert.equal(effectiveStatus(sessions[4], 7, undefined, now), 'pending');
  assert.equal(effectiveStatus(sessions[1], 7, undefined, now), 'absent');
  assert.equal(summarise(sessions, 7, () => 'present', now, 1 / 7).overLimit, false);
  // Exactly at the limit is not past it.
  assert.equal(
    summarise(
      [
        { id: 1, hours: 7, startsAt: '', endsAt: '2020-10-19T00:00:00Z', groupIds: [] },
        { id: 2, hours: 1, startsAt: '', endsAt: '2020-10-19T00:00:00Z', groupIds: [] },
      ],
      null,
      (id) => (id === 1 ? 'present' : undefined),
      now,
      1 / 8,
    ).overLimit,
    false,
  );
});

test('the packed statuses of a class unpack to the right trainee and session', () => {
  const of = unpackStatuses(
    [
      { enrolment_id: 10, packed: '101pr,102la,999ab' },
      { enrolment_id: 11, packed: '102le,101ab' },
    ],
    [101, 102, 103],
  );
  assert.deepEqual([of(10)(101), of(10)(102), of(10)(103), of(10)(999)], ['present', 'late', undefined, undefined]);
  assert.deepEqual([of(11)(101), of(11)(102)], ['absent', 'leave']);
  assert.equal(of(12)(101), undefined);
});

test("days are the class time zone's", () => {
  assert.equal(localDay('2020-10-19T16:30:00.000Z', 'Asia/Shanghai'), '2020-10-20');
  assert.equal(localDay('2020-10-19T16:30:00.000Z', 'UTC'), '2020-10-19');
});

test('hours are earned only once a session has ended: a check-in at the start or a leave approved ahead does not count yet', () => {
  const now = Date.parse('2020-10-20T02:00:00Z');
  const sessions = [
    { id: 1, hours: 3, startsAt: '2020-10-19T01:00:00Z', endsAt: '2020-10-19T04:00:00Z', groupIds: [] },
    { id: 2, hours: 3, startsAt: '2020-10-20T01:00:00Z', endsAt: '2020-10-20T04:00:00Z', groupIds: [] }, // under way
    { id: 3, hours: 2, startsAt: '2020-10-21T01:00:00Z', endsAt: '2020-10-21T03:00:00Z', groupIds: [] }, // tomorrow
  ];
  const records = new Map([
    [1, 'present' as const],
    [2, 'present' as const],
    [3, 'leave' as const],
  ]);
  const h = summarise(sessions, null, (id) => records.get(id), now, 1 / 7);
  assert.equal(h.attendedHours, 3, 'the session under way is not attended yet');
  assert.equal(h.pendingHours, 3);
  assert.equal(h.leaveHours, 2, 'approved leave counts against the limit from the start, but is never attended');
  assert.equal(effectiveStatus(sessions[1], null, 'present', now), 'present', 'the record itself still shows');
  assert.equal(summarise(sessions, null, (id) => records.get(id), Date.parse('2020-10-20T04:00:00Z'), 1 / 7).attendedHours, 6);
});
