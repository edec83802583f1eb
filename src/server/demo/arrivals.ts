import type { Services } from '../app';
import type { Trx } from '../db/connection';
import { USERS } from './seed-facts';

// The 2020 class's arrivals and departures (接送站, #18): the cadres fly in from 拉萨贡嘎 (LXA) on
// 2020-10-11 and the morning of 10-12, before 报到 at 14:00 on the 12th; a few come by the Z164
// train from Lhasa; all leave on 10-27 after the class ends. The bulletin names no flights: the
// flight numbers, times, vehicles and the reception staff are plausible sample data. Loaded only
// where missing (the travel module keeps each trainee's existing legs and the class's plans).

const PVG = '上海浦东国际机场';
const SHA = '上海虹桥国际机场';
const STATION = '上海站';
type Trip = { mode: 'flight' | 'train'; number: string; place: string; at: string; share: number };

/** How the class came, and in what shares (of 32). Times are Beijing time. */
const ARRIVALS: Trip[] = [
  { mode: 'flight', number: 'FM9384', place: PVG, at: '2020-10-11T14:35:00+08:00', share: 9 },
  { mode: 'flight', number: 'TV9881', place: PVG, at: '2020-10-11T15:20:00+08:00', share: 6 },
  { mode: 'flight', number: '3U8695', place: SHA, at: '2020-10-11T20:10:00+08:00', share: 5 },
  { mode: 'train', number: 'Z164', place: STATION, at: '2020-10-11T18:42:00+08:00', share: 3 },
  { mode: 'flight', number: 'TV9871', place: SHA, at: '2020-10-12T11:05:00+08:00', share: 6 },
  { mode: 'flight', number: 'FM9384', place: PVG, at: '2020-10-12T14:35:00+08:00', share: 3 },
];
const DEPARTURES: Trip[] = [
  { mode: 'flight', number: 'FM9383', place: PVG, at: '2020-10-27T07:40:00+08:00', share: 18 },
  { mode: 'flight', number: 'TV9872', place: SHA, at: '2020-10-27T09:25:00+08:00', share: 11 },
  { mode: 'train', number: 'Z163', place: STATION, at: '2020-10-26T19:58:00+08:00', share: 3 },
];
const VAN = '学院考斯特 沪A·K2020（19座）';
const CAR = '学院商务车 沪A·K2021（7座）';
const RECEPTION = { staffName: '王磊（学院接待，示例）', staffPhone: '13801762020' };
const TEACHER_PHONE = '13916282020';

const plan = (
  direction: 'arrival' | 'departure',
  place: string,
  from: string,
  to: string,
  vehicle: string,
  staff: { staffName: string; staffPhone: string },
) => ({
  direction,
  place,
  windowStartsAt: new Date(from).toISOString(),
  windowEndsAt: new Date(to).toISOString(),
  vehicle,
  ...staff,
});

export async function loadArrivalsDemo(services: Services, trx: Trx, classId: number) {
  const { roster, residence } = services;
  const teacher = { staffName: USERS.classTeacher.displayName.replace('（示例班主任）', ''), staffPhone: TEACHER_PHONE };
  const trainees = (await roster.rosterIn(trx, classId)).filter((r) => r.status === 'enrolled').sort((a, b) => a.id - b.id);
  const spread = (trips: Trip[]) => trips.flatMap((trip) => Array.from({ length: trip.share }, () => trip));
  const inbound = spread(ARRIVALS);
  const outbound = spread(DEPARTURES);
  const legs = trainees.flatMap((t, i) => {
    const a = inbound[i % inbound.length];
    const d = outbound[i % outbound.length];
    // Travelling with colleagues of the same flight from the same prefecture: the first of each flight names the next.
    const companion = inbound[i + 1] === a && i + 1 < trainees.length && inbound[i - 1] !== a ? `与${trainees[i + 1].name}同行` : null;
    return [
      {
        enrolmentId: t.id,
        direction: 'arrival' as const,
        mode: a.mode,
        number: a.number,
        place: a.place,
        at: a.at,
        companions: companion,
        confirmedAt: '2020-10-08T12:00:00.000Z',
      },
      {
        enrolmentId: t.id,
        direction: 'departure' as const,
        mode: d.mode,
        number: d.number,
        place: d.place,
        at: d.at,
        companions: null,
        confirmedAt: '2020-10-20T12:00:00.000Z',
      },
    ];
  });
  await residence.importHistoricalTravel(trx, classId, {
    deadlineOn: '2020-10-08',
    legs,
    plans: [
      plan('arrival', PVG, '2020-10-11T14:35:00+08:00', '2020-10-11T15:20:00+08:00', VAN, teacher),
      plan('arrival', STATION, '2020-10-11T18:42:00+08:00', '2020-10-11T18:42:00+08:00', CAR, RECEPTION),
      plan('arrival', SHA, '2020-10-11T20:10:00+08:00', '2020-10-11T20:10:00+08:00', CAR, RECEPTION),
      plan('arrival', SHA, '2020-10-12T11:05:00+08:00', '2020-10-12T11:05:00+08:00', CAR, RECEPTION),
      plan('arrival', PVG, '2020-10-12T14:35:00+08:00', '2020-10-12T14:35:00+08:00', CAR, teacher),
      plan('departure', STATION, '2020-10-26T19:58:00+08:00', '2020-10-26T19:58:00+08:00', CAR, RECEPTION),
      plan('departure', PVG, '2020-10-27T07:40:00+08:00', '2020-10-27T07:40:00+08:00', VAN, teacher),
      plan('departure', SHA, '2020-10-27T09:25:00+08:00', '2020-10-27T09:25:00+08:00', VAN, RECEPTION),
    ],
  });
}
