import type { Services } from '../app';
import type { Trx } from '../db/connection';
import { REPRESENTATIVES, USERS } from './seed-facts';

// The 2020 class's buses to its three site visits (SITRI, 上海科技馆, 国家技术转移东部中心) and its
// class committee (#18). The bulletin names the four group representatives, who lead their groups
// already; it names no 班委, so the committee's other seats are a plausible sample: the first two
// representatives as 班长 and 副班长, members of the groups as the 委员. Loaded only where missing.
const BUSES = [
  { label: '1号车', plate: '沪D20201', seats: 22, company: '上海浦江旅游客运有限公司', driverName: '陈师傅', driverPhone: '13916200001' },
  { label: '2号车', plate: '沪D20202', seats: 22, company: '上海浦江旅游客运有限公司', driverName: '李师傅', driverPhone: '13916200002' },
];

export async function loadTransportDemo(services: Services, trx: Trx, classId: number) {
  const { buses, committee, timetable, auth, roster } = services;
  const teacher = await auth.findUserByUsername(USERS.classTeacher.username, trx);
  for (const s of (await timetable.sessionsIn(trx, classId)).filter((x) => x.kind === 'site_visit')) {
    await buses.importHistoricalTransport(
      trx,
      s.id,
      BUSES.flatMap((b) => [
        { ...b, leg: 'outbound' as const, departsAt: new Date(Date.parse(s.startsAt) - 60 * 60_000).toISOString() },
        { ...b, leg: 'return' as const, departsAt: s.endsAt },
      ]),
      teacher ? [teacher.id] : [],
    );
  }
  const rows = (await roster.rosterIn(trx, classId)).filter((r) => r.status === 'enrolled');
  const byName = (name: string) => rows.find((r) => r.name === name)?.id;
  const members = rows.filter((r) => r.role !== 'group_leader');
  const pick = [byName(REPRESENTATIVES[0].name), byName(REPRESENTATIVES[1].name), members[0]?.id, members[1]?.id, members[2]?.id, members[3]?.id];
  const roles = (['monitor', 'deputy_monitor', 'study', 'life', 'organization', 'culture_sports'] as const)
    .map((role, i) => ({ role, enrolmentId: pick[i] }))
    .filter((r): r is { role: (typeof r)['role']; enrolmentId: number } => r.enrolmentId !== undefined);
  await committee.importHistoricalCommittee(trx, classId, roles);
}
