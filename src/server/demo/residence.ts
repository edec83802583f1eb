import type { Services } from '../app';
import type { Trx } from '../db/connection';
import { addDaysTo } from '../lib/wall-clock';
import { CLASS, DEMO_PASSWORD } from './seed-facts';

// The 2020 class's stay at the college's own hotel (#18): a plausible sample, since the bulletin
// says nothing of rooms or meals. Twin rooms: A座 for men, B座 for women; trainees two to a room
// by group; a few 清真 and other needs; three meals a day for the 15 days, lunch at the site on
// the three site-visit days, a welcome dinner and a farewell dinner. Loaded only where missing.
export const HOTEL = '学院专家公寓';
const ROOMS = [
  ...Array.from({ length: 16 }, (_, i) => ({ building: 'A座', number: String(201 + i), gender: 'male' as const })),
  ...Array.from({ length: 10 }, (_, i) => ({ building: 'B座', number: String(301 + i), gender: 'female' as const })),
].map((r) => ({ ...r, hotel: HOTEL, beds: 2 }));

const NEEDS: Record<string, { halal?: boolean; vegetarian?: boolean; noPork?: boolean; noBeefMutton?: boolean; allergies?: string; notes?: string }> = {
  央金卓玛: { halal: true },
  贡觉次仁: { halal: true },
  王志强: { halal: true },
  洛桑群培: { vegetarian: true },
  周丽: { noBeefMutton: true },
  陈敏: { allergies: '海鲜' },
  次仁多吉: { notes: '少辣' },
};
const SITE_VISIT_DAYS = new Set(['2020-10-14', '2020-10-16', '2020-10-20']);

/** The provider accounts of the demo: the hotel's front desk and the bus company's dispatcher. */
export const PROVIDER_USERS = {
  hotel: { username: 'jiudian', displayName: '学院专家公寓前台（示例）' },
  transport: { username: 'chedui', displayName: '浦江客运调度（示例）' },
};

export async function loadResidenceDemo(services: Services, trx: Trx, classId: number) {
  const { residence, roster, auth } = services;
  const trainees = (await roster.rosterIn(trx, classId)).filter((r) => r.status === 'enrolled');
  const byGroup = (a: (typeof trainees)[number], b: (typeof trainees)[number]) => (a.group_sort ?? 0) - (b.group_sort ?? 0) || a.id - b.id;
  const assignments = (['male', 'female'] as const).flatMap((gender) => {
    const rooms = ROOMS.filter((r) => r.gender === gender);
    return trainees
      .filter((x) => x.gender === gender)
      .sort(byGroup)
      .flatMap((x, i) => (rooms[Math.floor(i / 2)] ? [{ enrolmentId: x.id, ...rooms[Math.floor(i / 2)] }] : []));
  });
  await residence.importHistoricalRooms(trx, classId, ROOMS, assignments);

  const dietary = trainees
    .filter((x) => NEEDS[x.name])
    .map((x) => {
      const n = NEEDS[x.name];
      return {
        enrolmentId: x.id,
        needs: {
          halal: !!n.halal,
          vegetarian: !!n.vegetarian,
          noPork: !!n.noPork || !!n.halal,
          noBeefMutton: !!n.noBeefMutton,
          allergies: n.allergies ?? null,
          notes: n.notes ?? null,
        },
      };
    });
  const meals = [];
  for (let day = CLASS.startsOn; day <= CLASS.endsOn; day = addDaysTo(day, 1)) {
    meals.push({ day, meal: 'breakfast' as const, place: '学院餐厅' });
    meals.push({ day, meal: 'lunch' as const, place: SITE_VISIT_DAYS.has(day) ? '现场教学点工作餐' : '学院餐厅' });
    if (day === CLASS.startsOn) meals.push({ day, meal: 'dinner' as const, place: '学院宴会厅', banquet: true, notes: '开班欢迎晚宴' });
    else if (day === addDaysTo(CLASS.endsOn, -1)) meals.push({ day, meal: 'dinner' as const, place: '学院宴会厅', banquet: true, notes: '结业晚宴' });
    else if (day !== CLASS.endsOn) meals.push({ day, meal: 'dinner' as const, place: '学院餐厅' });
  }
  await residence.importHistoricalMeals(trx, classId, dietary, meals);

  for (const [role, u] of Object.entries(PROVIDER_USERS) as Array<['hotel' | 'transport', { username: string; displayName: string }]>) {
    const id = (await auth.findUserByUsername(u.username, trx))?.id ?? (await auth.createUser(null, { ...u, password: DEMO_PASSWORD }, trx));
    await auth.grant(null, id, { role, scopeType: 'class', scopeId: classId }, trx);
  }
}
