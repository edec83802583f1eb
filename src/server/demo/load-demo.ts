import type { Services } from '../app';
import type { Trx } from '../db/connection';
import { loadAfterClassDemo } from './after-class';
import { loadArrivalsDemo } from './arrivals';
import { loadAttendanceDemo } from './attendance';
import { loadBulletinDemo } from './bulletin';
import { loadCertificateDemo } from './certificates';
import { loadEvaluationDemo } from './evaluations';
import { loadFollowupDemo } from './followup';
import { loadOutsideHoursDemo } from './outside-hours';
import { loadResidenceDemo, PROVIDER_USERS } from './residence';
import {
  CLASS,
  DEMO_PASSWORD,
  demoMobile,
  INSTITUTION,
  LEADER_SPEECH,
  LECTURERS,
  PROGRAMME,
  REPRESENTATIVES,
  SAMPLE_TRAINEES,
  SESSIONS,
  SITES,
  SPEECH_SUMMARIES,
  USERS,
} from './seed-facts';
import { loadTransportDemo } from './transport';

export type DemoResult = {
  classId: number;
  created: boolean;
  logins: Array<{ role: string; username: string; password: string; displayName: string }>;
};

/** Beijing wall-clock time on a day → an ISO instant with its offset. */
const at = (day: string, time: string) => `${day}T${time}:00+08:00`;

/**
 * Loads the seed class through the services (so every rule applies), in one transaction, and
 * only what is missing: running it twice changes nothing the second time.
 */
export async function loadDemo(services: Services): Promise<DemoResult> {
  const { database, auth, classes, roster, timetable } = services;
  const result = await database.transaction(async (trx) => {
    // The college's own staff belong to it (its 教务 office manages their accounts); the admin and the sponsor do not.
    const ensureUser = async (u: { username: string; displayName: string }, opts: { isAdmin?: boolean; institutionId?: number } = {}) =>
      (await auth.findUserByUsername(u.username, trx))?.id ??
      auth.createUser(null, { ...u, password: DEMO_PASSWORD, isAdmin: !!opts.isAdmin, institutionId: opts.institutionId ?? null }, trx);

    const institutionId = (await classes.findInstitutionByCode(INSTITUTION.code, trx))?.id ?? (await classes.createInstitution(null, INSTITUTION, trx));
    const programmeId =
      (await classes.findProgrammeByName(institutionId, PROGRAMME.name, trx))?.id ??
      (await classes.createProgramme(null, { ...PROGRAMME, institutionId }, trx));

    const adminId = await ensureUser(USERS.admin, { isAdmin: true });
    const organizerId = await ensureUser(USERS.organizer, { institutionId });
    const teacherId = await ensureUser(USERS.classTeacher, { institutionId });
    const lecturerUserId = await ensureUser(USERS.lecturer, { institutionId });
    const sponsorId = await ensureUser(USERS.sponsor);
    await auth.grant(null, organizerId, { role: 'organizer', scopeType: 'institution', scopeId: institutionId }, trx);
    await auth.grant(null, sponsorId, { role: 'sponsor', scopeType: 'programme', scopeId: programmeId }, trx);

    const existing = await classes.findClassByTitle(programmeId, CLASS.title, trx);
    const classId = existing?.id ?? (await buildClass(trx));
    await auth.grant(null, lecturerUserId, { role: 'lecturer', scopeType: 'class', scopeId: classId }, trx);
    await loadEvaluationDemo(services, trx, classId, lecturerUserId);
    await loadAttendanceDemo(services, trx, classId);
    // Buses to the site visits and the class committee (#18).
    await loadTransportDemo(services, trx, classId);
    // Rooms at the college's hotel, dietary needs, the meal plan, the hotel's and bus company's accounts (#18).
    await loadResidenceDemo(services, trx, classId);
    // Arrivals on the flights of 10-11 and 10-12 from Lhasa, departures, pickup plans (#18).
    await loadArrivalsDemo(services, trx, classId);

    const logins = [
      { role: '系统管理员 admin', username: USERS.admin.username, displayName: USERS.admin.displayName },
      { role: '教务（项目负责人） organizer', username: USERS.organizer.username, displayName: USERS.organizer.displayName },
      { role: '班主任 class teacher', username: USERS.classTeacher.username, displayName: USERS.classTeacher.displayName },
      { role: '授课教师 lecturer', username: USERS.lecturer.username, displayName: USERS.lecturer.displayName },
      { role: '委托单位 sponsor', username: USERS.sponsor.username, displayName: USERS.sponsor.displayName },
      { role: '酒店 hotel', username: PROVIDER_USERS.hotel.username, displayName: PROVIDER_USERS.hotel.displayName },
      { role: '车队 transport', username: PROVIDER_USERS.transport.username, displayName: PROVIDER_USERS.transport.displayName },
    ].map((l) => ({ ...l, password: DEMO_PASSWORD }));
    void adminId;
    return { classId, created: !existing, logins };

    async function buildClass(t: Trx) {
      const id = await classes.createClass(null, programmeId, { ...CLASS, leaveLimitRatio: 1 / 7, minAttendanceRatio: 6 / 7, lateGraceMinutes: 10 }, t);
      await classes.addStaff(null, id, { userId: organizerId, role: 'project_lead' }, t);
      await classes.addStaff(null, id, { userId: teacherId, role: 'class_teacher' }, t);

      const groupIds: number[] = [];
      for (const [n, rep] of REPRESENTATIVES.entries()) {
        groupIds.push(await roster.createGroupIn(t, null, id, { name: rep.group, sortOrder: n + 1 }));
      }
      const enrolmentOf = new Map<string, number>();
      for (const [n, rep] of REPRESENTATIVES.entries()) {
        const e = await roster.enrolIn(t, null, id, {
          groupId: groupIds[n],
          role: 'group_leader',
          person: {
            name: rep.name,
            nameBo: rep.nameBo,
            gender: rep.gender,
            ethnicity: rep.ethnicity,
            workUnit: rep.workUnit,
            position: rep.position,
            phone: demoMobile(n),
          },
        });
        enrolmentOf.set(rep.name, e);
      }
      for (const [n, p] of SAMPLE_TRAINEES.entries()) {
        await roster.enrolIn(t, null, id, {
          groupId: groupIds[n % groupIds.length],
          role: 'member',
          person: { ...p, phone: demoMobile(REPRESENTATIVES.length + n), notes: '示例人员（简报未载）', isSample: true },
        });
      }

      const siteIds: Record<string, number> = {};
      for (const [key, site] of Object.entries(SITES)) {
        siteIds[key] = (await timetable.findSiteByName(institutionId, site.name, t))?.id ?? (await timetable.createSite(null, institutionId, site, t)).id;
      }
      const lecturerIds: Record<string, number> = {};
      for (const l of [LECTURERS.zhangChunyu, LECTURERS.zhangQingjie, ...LECTURERS.samples]) {
        lecturerIds[l.name] = (await timetable.findLecturerByName(institutionId, l.name, t))?.id ?? (await timetable.createLecturer(null, institutionId, l, t));
      }

      for (const s of SESSIONS) {
        const base = {
          kind: s.kind,
          startsAt: at(s.day, s.from),
          endsAt: at(s.day, s.to),
          siteId: s.site ? siteIds[s.site] : null,
          venue: s.venue ?? null,
          hours: s.hours,
          description: s.site ? SITES[s.site].description : (s.description ?? null),
          notes: s.notes ?? null,
          lecturerIds: (s.lecturers ?? []).map((name) => lecturerIds[name]),
        };
        if (s.perGroup) {
          for (const [n, groupId] of groupIds.entries()) {
            await timetable.createSessionIn(t, null, id, {
              ...base,
              title: `${s.title}（${REPRESENTATIVES[n].group}）`,
              venue: `研讨室${n + 1}`,
              groupIds: [groupId],
            });
          }
          continue;
        }
        const agenda =
          s.kind === 'ceremony'
            ? [
                { kind: 'other' as const, title: '主持', speakerName: '于长宏', speakerRole: '项目负责人，上海科技管理干部学院教务处' },
                { kind: 'attendance' as const, title: '出席', speakerName: '肖建新', speakerRole: '西藏自治区科学技术厅政策法规处处长' },
                ...REPRESENTATIVES.map((rep, n) => ({
                  kind: 'speech' as const,
                  title: '学员代表交流发言',
                  speakerName: rep.name,
                  speakerRole: [rep.workUnit, rep.position].filter(Boolean).join(''),
                  enrolmentId: enrolmentOf.get(rep.name),
                  groupId: groupIds[n],
                  summary: SPEECH_SUMMARIES[rep.name],
                })),
                { kind: 'certificates' as const, title: '颁发结业证书' },
                { kind: 'leader_speech' as const, title: '领导讲话', ...LEADER_SPEECH },
              ]
            : undefined;
        await timetable.createSessionIn(t, null, id, { ...base, title: s.title, groupIds: [], agenda });
      }

      await classes.transition(null, id, 'enrolling', t);
      await classes.transition(null, id, 'running', t);
      await classes.transition(null, id, 'completed', t);
      return id;
    }
  });
  // Steps that write files as well as rows run after the transaction, each idempotent on its own.
  await loadBulletinDemo(services, result.classId);
  // After the class (#19): reflections and 结业鉴定 forms.
  await loadAfterClassDemo(services, result.classId);
  // Action plans and the follow-up of January 2021 (#19).
  await loadFollowupDemo(services, result.classId);
  // Outside hours (培训经历认定, #19) of a few trainees, recognised on the 学时 report.
  await loadOutsideHoursDemo(services, result.classId);
  // Certificates come last: eligibility reads the attendance record of the class.
  await services.database.transaction((trx) => loadCertificateDemo(services, trx, result.classId));
  return result;
}
