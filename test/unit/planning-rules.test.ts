import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { classHours, suggestedHours, titleWithGroups } from '../../src/contracts/timetable';
import { instantAt, type PlanInput, type PlanSession, planningWarnings } from '../../src/server/modules/timetable/planning-rules';

// Hand-made timetables of a class in Beijing time with groups 1–4, two sites (SITRI 60 minutes
// from the college, the museum 45) and lecturers 7 and 8.
const at = (day: string, time: string) => new Date(`2026-03-${day}T${time}:00+08:00`).toISOString();
let n = 0;
function s(day: string, from: string, to: string, extra: Partial<PlanSession> = {}): PlanSession {
  n += 1;
  const id = extra.id ?? n;
  return {
    key: `s${id}`,
    id,
    candidate: null,
    classId: 1,
    classTitle: '本班',
    title: `日程${id}`,
    kind: 'lecture',
    startsAt: at(day, from),
    endsAt: at(day, to),
    groupIds: [],
    lecturerIds: [],
    siteId: null,
    venue: null,
    ...extra,
  };
}
function input(own: PlanSession[], extra: Partial<PlanInput> = {}): PlanInput {
  return {
    cls: { id: 1, timeZone: 'Asia/Shanghai', lunchStarts: '11:30', lunchEnds: '13:30', groupIds: [1, 2, 3, 4] },
    own,
    others: [],
    sites: new Map([
      [10, { name: '上海微技术工业研究院', travelMinutes: 60 }],
      [11, { name: '上海科技馆', travelMinutes: 45 }],
      [12, { name: '无路程的教学点', travelMinutes: null }],
    ]),
    lecturers: new Map([
      [7, '周明远'],
      [8, '陈思齐'],
    ]),
    groups: new Map([
      [1, '第一组'],
      [2, '第二组'],
      [3, '第三组'],
      [4, '第四组'],
    ]),
    ...extra,
  };
}
const kinds = (ws: ReturnType<typeof planningWarnings>) => ws.map((w) => w.kind).sort();

describe('planning rules: trainees in two places', () => {
  test('a whole-class session clashes with every group session it overlaps', () => {
    const lecture = s('02', '14:00', '17:00');
    const g1 = s('02', '16:00', '17:30', { groupIds: [1], kind: 'discussion' });
    const g2 = s('02', '16:30', '18:00', { groupIds: [2], kind: 'discussion' });
    const ws = planningWarnings(input([lecture, g1, g2]));
    const trainees = ws.filter((w) => w.kind === 'trainees');
    assert.equal(trainees.length, 2);
    assert.deepEqual(
      trainees.map((w) => [w.session.id, w.other?.id, w.groups.map((g) => g.name)]),
      [
        [lecture.id, g1.id, ['第一组']],
        [lecture.id, g2.id, ['第二组']],
      ],
    );
  });

  test('sessions for different groups run side by side; a shared group clashes', () => {
    const parallel = [1, 2, 3, 4].map((g) => s('03', '14:00', '17:00', { groupIds: [g], kind: 'discussion', venue: `研讨室${g}` }));
    assert.deepEqual(planningWarnings(input(parallel)), []);
    const mixed = s('03', '16:00', '17:30', { groupIds: [2, 3] });
    const ws = planningWarnings(input([...parallel, mixed]));
    assert.deepEqual(
      ws.map((w) => [w.kind, w.session.id, w.other?.id, w.groups.map((g) => g.name).join()]),
      [
        ['trainees', parallel[1].id, mixed.id, '第二组'],
        ['trainees', parallel[2].id, mixed.id, '第三组'],
      ],
    );
  });

  test('touching sessions do not clash; the whole class twice at once does', () => {
    assert.deepEqual(planningWarnings(input([s('04', '09:00', '10:00'), s('04', '10:00', '11:00')])), []);
    const ws = planningWarnings(input([s('04', '09:00', '10:30'), s('04', '10:00', '11:00')]));
    assert.deepEqual(kinds(ws), ['trainees']);
    assert.deepEqual(ws[0].groups, []);
  });

  test('staggered group sessions clash only where a shared facilitator overlaps himself', () => {
    const staggered = [1, 2, 3, 4].map((g, i) => {
      const start = 14 * 60 + i * 45;
      const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
      return s('05', hhmm(start), hhmm(start + 60), { groupIds: [g], lecturerIds: [7], venue: '研讨室' });
    });
    const ws = planningWarnings(input(staggered));
    // 14:00–15:00, 14:45–15:45, 15:30–16:30, 16:15–17:15: each overlaps the next by 15 minutes.
    assert.deepEqual(kinds(ws), ['lecturer', 'lecturer', 'lecturer', 'venue', 'venue', 'venue']);
    assert.ok(ws.filter((w) => w.kind === 'lecturer').every((w) => w.lecturer?.name === '周明远'));
  });
});

describe('planning rules: lecturers and places across the institution', () => {
  test('a lecturer teaching in another class at the same time is named with that class', () => {
    const mine = s('06', '09:00', '12:00', { lecturerIds: [7, 8] });
    const theirs = s('06', '11:00', '12:30', { classId: 2, classTitle: '2026年青年干部班', lecturerIds: [8] });
    const ws = planningWarnings(input([mine], { others: [theirs] }));
    assert.equal(ws.length, 1);
    assert.equal(ws[0].kind, 'lecturer');
    assert.equal(ws[0].lecturer?.name, '陈思齐');
    assert.equal(ws[0].other?.otherClassTitle, '2026年青年干部班');
    assert.equal(ws[0].session.otherClassTitle, null);
  });

  test('the same room at the college, or the same site, is double-booked; two rooms of one site are not', () => {
    const a = s('09', '09:00', '11:00', { venue: '学院报告厅' });
    const b = s('09', '10:00', '12:00', { classId: 2, classTitle: '别班', venue: ' 学院 报告厅 ' });
    const ws = planningWarnings(input([a], { others: [b] }));
    assert.deepEqual(
      ws.map((w) => [w.kind, w.place]),
      [['venue', '学院报告厅']],
    );
    const visit = s('10', '13:30', '16:30', { siteId: 11, kind: 'site_visit' });
    const other = s('10', '14:00', '15:00', { classId: 3, classTitle: '第三班', siteId: 11, kind: 'site_visit' });
    assert.deepEqual(
      planningWarnings(input([visit], { others: [other] })).map((w) => [w.kind, w.place]),
      [['site', '上海科技馆']],
    );
    const roomA = s('10', '13:30', '16:30', { siteId: 11, venue: 'A厅', groupIds: [1] });
    const roomB = s('10', '13:30', '16:30', { siteId: 11, venue: 'B厅', groupIds: [2] });
    assert.deepEqual(planningWarnings(input([roomA, roomB])), []);
  });

  test('other classes clashing among themselves are not this class’s warnings', () => {
    const x = s('11', '09:00', '10:00', { classId: 2, classTitle: '别班', lecturerIds: [7] });
    const y = s('11', '09:00', '10:00', { classId: 3, classTitle: '第三班', lecturerIds: [7] });
    assert.deepEqual(planningWarnings(input([s('11', '14:00', '15:00')], { others: [x, y] })), []);
  });
});

describe('planning rules: travel', () => {
  test('a site visit needs the travel time after the session at the college, and the lecture after it the way back', () => {
    const morning = s('12', '09:00', '12:30');
    const visit = s('12', '13:00', '15:00', { siteId: 10, kind: 'site_visit' });
    const back = s('12', '15:30', '17:00');
    const ws = planningWarnings(input([morning, visit, back]));
    const travel = ws.filter((w) => w.kind === 'travel');
    assert.deepEqual(
      travel.map((w) => [w.other?.id, w.session.id, w.travelMinutes, w.gapMinutes]),
      [
        [morning.id, visit.id, 60, 30],
        [visit.id, back.id, 60, 30],
      ],
    );
    // Enough time either way: nothing.
    const later = s('12', '14:00', '15:00', { id: visit.id, siteId: 10, kind: 'site_visit' });
    const lateBack = s('12', '16:00', '17:00', { id: back.id });
    assert.deepEqual(
      planningWarnings(input([morning, later, lateBack])).filter((w) => w.kind === 'travel'),
      [],
    );
  });

  test('from one site to another takes the destination’s time; a site without a travel time is not checked', () => {
    const a = s('13', '09:00', '11:00', { siteId: 10 });
    const b = s('13', '11:30', '12:00', { siteId: 11 });
    const c = s('13', '14:00', '15:00', { siteId: 12 });
    const ws = planningWarnings(input([a, b, c])).filter((w) => w.kind === 'travel');
    assert.deepEqual(
      ws.map((w) => [w.other?.id, w.session.id, w.travelMinutes]),
      [[a.id, b.id, 45]],
    );
  });

  test('each group’s own previous session counts: a group session at the college just before a site visit', () => {
    const g1 = s('16', '11:00', '13:00', { groupIds: [1] });
    const visit = s('16', '13:30', '17:00', { siteId: 11 });
    const ws = planningWarnings(input([g1, visit])).filter((w) => w.kind === 'travel');
    assert.deepEqual(
      ws.map((w) => [w.other?.id, w.session.id, w.gapMinutes]),
      [[g1.id, visit.id, 30]],
    );
  });
});

describe('planning rules: lunch', () => {
  test('no gap of half an hour in the lunch window is warned about once, naming both sessions', () => {
    const morning = s('17', '09:00', '12:00');
    const afternoon = s('17', '12:20', '15:00');
    const ws = planningWarnings(input([morning, afternoon])).filter((w) => w.kind === 'lunch');
    assert.equal(ws.length, 1);
    assert.equal(ws[0].session.id, afternoon.id);
    assert.equal(ws[0].other?.id, morning.id);
    assert.deepEqual(ws[0].lunch, { date: '2026-03-17', starts: '11:30', ends: '13:30', freeMinutes: 20 });
    assert.deepEqual(planningWarnings(input([s('17', '09:00', '12:00'), s('17', '12:30', '15:00')])), []);
  });

  test('one session across the whole window; a group whose own session fills its lunch', () => {
    const long = s('18', '10:00', '14:00');
    assert.deepEqual(
      planningWarnings(input([long])).map((w) => [w.kind, w.session.id, w.other]),
      [['lunch', long.id, null]],
    );
    const lecture = s('19', '09:00', '12:00');
    const g2 = s('19', '12:10', '13:20', { groupIds: [2] });
    const ws = planningWarnings(input([lecture, g2]));
    assert.deepEqual(
      ws.map((w) => [w.kind, w.session.id, w.other?.id]),
      [['lunch', g2.id, lecture.id]],
    );
  });

  test('the class’s own window, in its own time zone', () => {
    const own = [s('20', '09:00', '12:00'), s('20', '12:30', '15:00')];
    const window = (timeZone: string, lunchStarts: string, lunchEnds: string) =>
      planningWarnings(input(own, { cls: { id: 1, timeZone, lunchStarts, lunchEnds, groupIds: [] } })).map((w) => w.lunch?.freeMinutes);
    assert.deepEqual(window('Asia/Shanghai', '12:10', '13:00'), [20]);
    // In Kolkata (2½ hours behind Beijing) the sessions run 06:30–09:30 and 10:00–12:30.
    assert.deepEqual(window('Asia/Kolkata', '11:30', '13:30'), []);
    assert.deepEqual(window('Asia/Kolkata', '09:40', '10:30'), [20]);
  });
});

describe('planning rules: the form asks about its own sessions only', () => {
  test('focus keeps warnings that name a candidate, with the candidate first', () => {
    const saved = s('23', '09:00', '12:00', { lecturerIds: [7] });
    const unrelated = [s('24', '09:00', '10:00'), s('24', '09:30', '11:00')];
    const candidate: PlanSession = { ...s('23', '10:00', '11:00', { lecturerIds: [7] }), key: 'c0', id: null, candidate: 0 };
    const ws = planningWarnings(input([saved, ...unrelated, candidate], { focus: new Set(['c0']) }));
    assert.deepEqual(kinds(ws), ['lecturer', 'trainees']);
    assert.ok(ws.every((w) => w.session.candidate === 0 && w.other?.id === saved.id));
  });
});

describe('hours', () => {
  test('the class total counts parallel group sessions once per trainee', () => {
    const whole = { hours: 3, groups: [] };
    const perGroup = [1, 2, 3, 4].map((id) => ({ hours: 3, groups: [{ id }] }));
    assert.equal(classHours([whole, ...perGroup]), 6);
    // The largest group's own hours: groups 1 and 2 share 1.5 more, group 3 has 2 more of its own.
    assert.equal(classHours([whole, ...perGroup, { hours: 1.5, groups: [{ id: 1 }, { id: 2 }] }, { hours: 2, groups: [{ id: 3 }] }]), 8);
    assert.equal(classHours([]), 0);
  });

  test('suggested hours are the length to the half hour', () => {
    assert.equal(suggestedHours(at('02', '09:00'), at('02', '11:45')), 3);
    assert.equal(suggestedHours(at('02', '09:00'), at('02', '11:40')), 2.5);
    assert.equal(suggestedHours(at('02', '09:00'), at('02', '09:00')), null);
  });

  test('group labels are not doubled', () => {
    assert.equal(titleWithGroups('结构化研讨：学习成果与行动计划（第一组）', [{ name: '第一组' }]), '结构化研讨：学习成果与行动计划（第一组）');
    assert.equal(titleWithGroups('结构化研讨', [{ name: '第一组' }, { name: '第二组' }]), '结构化研讨（第一组、第二组）');
    assert.equal(titleWithGroups('专题讲座', []), '专题讲座');
  });

  test('instantAt finds the wall-clock time in a zone, across a DST change too', () => {
    assert.equal(instantAt('2020-10-20', 13 * 60 + 30, 'Asia/Shanghai'), '2020-10-20T05:30:00.000Z');
    assert.equal(instantAt('2026-03-29', 9 * 60, 'Europe/Berlin'), '2026-03-29T07:00:00.000Z');
    assert.equal(instantAt('2026-03-28', 9 * 60, 'Europe/Berlin'), '2026-03-28T08:00:00.000Z');
  });
});
