import { DEFAULT_HANDBOOK_RULES, type HandbookSettings } from '../../../contracts/handbook';
import { SESSION_KIND_LABELS_ZH } from '../../../contracts/roster-io';
import { type Database, type Executor, nowIso } from '../../db/connection';
import type { BookletLayout } from '../../documents/booklet';
import { notFound } from '../../lib/errors';
import type { Actor } from '../../lib/permissions';
import type { AttendanceService } from '../attendance/service';
import type { AuditService } from '../audit/service';
import type { BusService } from '../buses/service';
import type { InstitutionService } from '../classes/institution-service';
import type { ClassService } from '../classes/service';
import type { CommitteeService } from '../committee/service';
import type { ResidenceService } from '../residence/service';
import type { RosterService } from '../roster/service';
import type { TimetableService } from '../timetable/service';
import { type HandbookDocument, renderHandbook } from './render';
import type { HandbookStore } from './store';

const ROLE_ZH: Record<string, string> = {
  monitor: '班长',
  deputy_monitor: '副班长',
  study: '学习委员',
  life: '生活委员',
  organization: '组织委员',
  culture_sports: '文体委员',
};
const STAFF_ZH: Record<string, string> = { project_lead: '项目负责人', class_teacher: '班主任' };
const MEAL_ZH: Record<string, string> = { breakfast: '早餐', lunch: '午餐', dinner: '晚餐' };
const WEEKDAY = ['日', '一', '二', '三', '四', '五', '六'];

const parsePhones = (json: string | null | undefined): Array<{ userId: number; phone: string | null }> => {
  try {
    return json ? JSON.parse(json) : [];
  } catch {
    return [];
  }
};
/** The address, with the district before it unless the address already names it. */
const addressOf = (s: { address: string | null; district: string | null }) =>
  s.address ? (s.district && !s.address.includes(s.district) ? `${s.district} ${s.address}` : s.address) : s.district;
const nameOf = (m: { name: string; nameBo?: string | null }) => (m.nameBo ? `${m.name}（${m.nameBo}）` : m.name);

export type HandbookFile = { fileName: string; data: Buffer };

// The 学员手册 (#19): made from the record whenever it is downloaded, so it is never stale. The
// class edition (for printing) tells trainees where their badge is; a trainee's own edition (on the
// phone, or for one trainee on screen) carries their badge QR on the check-in page. Rooms, meals
// and buses appear only where the residence and buses modules have them.
export const makeHandbookService = (deps: {
  database: Database;
  store: HandbookStore;
  audit: Pick<AuditService, 'record'>;
  classes: Pick<ClassService, 'requireClass' | 'getClass' | 'listStaff'>;
  institutions: Pick<InstitutionService, 'findById'>;
  roster: Pick<RosterService, 'rosterIn' | 'groupsIn' | 'findEnrolmentRow'>;
  timetable: Pick<TimetableService, 'sessionsIn'>;
  committee: Pick<CommitteeService, 'committee'>;
  residence: Pick<ResidenceService, 'roomingList' | 'listMeals'>;
  buses: Pick<BusService, 'sessionTransport'>;
  attendance: Pick<AttendanceService, 'badgeOf'>;
  publicUrl: string;
}) => {
  const { database, store, audit } = deps;
  const db = database.db;

  // The class's institution, read before any transaction (the class summary reads outside it).
  const institutionOf = async (classId: number) => (await deps.classes.getClass(null, classId)).institutionId;

  async function texts(trx: Executor, classId: number, institutionId: number) {
    const cls = await deps.classes.requireClass(trx, classId);
    const [own, inst, institution, staff] = await Promise.all([
      store.texts(trx, 'class', classId),
      store.texts(trx, 'institution', institutionId),
      deps.institutions.findById(institutionId, trx),
      deps.classes.listStaff(classId, trx),
    ]);
    const institutionName = institution?.name ?? '';
    const defaultWelcome = [
      `欢迎各位学员参加${cls.organizer_name ?? institutionName}举办的“${cls.title}”。`,
      cls.description?.trim() ?? '',
      '本手册汇集了培训期间的日程、地点、分组、联系方式和有关要求，请随身携带、认真阅读。祝大家学习顺利、收获满满！',
    ]
      .filter(Boolean)
      .join('\n');
    const phones = new Map(parsePhones(own?.staff_phones).map((p) => [p.userId, p.phone]));
    const settings: HandbookSettings = {
      classId,
      welcome: own?.welcome ?? null,
      rules: own?.rules ?? null,
      inheritedRules: inst?.rules ?? DEFAULT_HANDBOOK_RULES,
      defaultWelcome,
      staff: staff.map((s) => ({ userId: s.userId, displayName: s.displayName, role: s.role, phone: phones.get(s.userId) ?? null })),
    };
    return { cls, institutionName, settings };
  }

  async function documentOf(classId: number, enrolmentId: number | undefined): Promise<HandbookDocument> {
    const { cls, institutionName, settings } = await texts(db, classId, await institutionOf(classId));
    const tz = cls.time_zone;
    const trainee = enrolmentId !== undefined ? await deps.roster.findEnrolmentRow(db, enrolmentId) : undefined;
    if (enrolmentId !== undefined && (!trainee || trainee.class_id !== classId)) throw notFound('enrolment', enrolmentId);
    const [sessions, rows, groups, committee, rooming, meals] = await Promise.all([
      deps.timetable.sessionsIn(db, classId),
      deps.roster.rosterIn(db, classId),
      deps.roster.groupsIn(db, classId),
      deps.committee.committee(classId),
      deps.residence.roomingList(classId),
      deps.residence.listMeals(classId),
    ]);
    const enrolled = rows.filter((r) => r.status === 'enrolled');
    // A trainee's edition shows the sessions of the whole class and of their own group.
    const mine = sessions.filter((s) => !trainee || !s.groups.length || s.groups.some((g) => g.id === trainee.group_id));
    const dayOf = new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' });
    const hm = new Intl.DateTimeFormat('en-GB', { timeZone: tz, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    const days = new Map<string, HandbookDocument['days'][number]>();
    for (const s of mine) {
      const day = dayOf.format(new Date(s.startsAt));
      const [y, m, dd] = day.split('-').map(Number);
      const wd = WEEKDAY[new Date(Date.UTC(y, m - 1, dd)).getUTCDay()];
      const entry = days.get(day) ?? { day: `${m}月${dd}日（星期${wd}）`, sessions: [] };
      entry.sessions.push({
        time: `${hm.format(new Date(s.startsAt))}–${hm.format(new Date(s.endsAt))}`,
        title: s.title,
        kind: SESSION_KIND_LABELS_ZH[s.kind as keyof typeof SESSION_KIND_LABELS_ZH] ?? '',
        where: s.site ? `${s.site.name}${s.venue ? `（${s.venue}）` : ''}` : s.venue,
        address: s.site ? addressOf(s.site) : null,
        lecturers: s.lecturers.map((l) => (l.title ? `${l.name}（${l.title}）` : l.name)).join('、'),
        groups: s.groups.map((g) => g.name).join('、'),
      });
      days.set(day, entry);
    }
    const sites = new Map<number, HandbookDocument['sites'][number]>();
    for (const s of sessions)
      if (s.site)
        sites.set(s.site.id, {
          name: s.site.name,
          address: addressOf(s.site),
          contact: [s.site.contactName, s.site.contactPhone].filter(Boolean).join(' ') || null,
        });
    const myRoom = trainee ? rooming.trainees.find((t) => t.enrolmentId === trainee.id) : undefined;
    const room = myRoom?.roomId ? rooming.rooms.find((r) => r.id === myRoom.roomId) : undefined;
    const buses: HandbookDocument['buses'] = [];
    for (const s of mine.filter((x) => x.kind === 'site_visit')) {
      const t = await deps.buses.sessionTransport(s.id);
      const own = (trainee ? t.vehicles.filter((v) => v.passengers.some((p) => p.enrolmentId === trainee.id)) : t.vehicles).sort((a, b) =>
        a.leg === b.leg ? a.label.localeCompare(b.label) : a.leg === 'outbound' ? -1 : 1,
      );
      if (!own.length) continue;
      const legZh = { outbound: '去程', return: '返程' } as Record<string, string>;
      buses.push({
        session: `${dayOf.format(new Date(s.startsAt)).slice(5)} ${s.site?.name ?? s.title}`,
        vehicles: own.map(
          (v) =>
            `${legZh[v.leg] ?? v.leg}：${v.label}${v.plate ? `（${v.plate}）` : ''}${v.departsAt ? ` ${hm.format(new Date(v.departsAt))} 发车` : ''}${v.driverPhone ? ` 司机 ${v.driverPhone}` : ''}`,
        ),
      });
    }
    return {
      institutionName,
      classTitle: cls.title,
      startsOn: cls.starts_on,
      endsOn: cls.ends_on,
      place: cls.place,
      timeZone: tz,
      welcome: settings.welcome ?? settings.defaultWelcome,
      rules: settings.rules ?? settings.inheritedRules,
      days: [...days.entries()].sort((a, b) => a[0].localeCompare(b[0])).map(([, v]) => v),
      sites: [...sites.values()],
      committee: committee.roles.filter((r) => r.member).map((r) => ({ role: ROLE_ZH[r.role] ?? r.role, name: nameOf(r.member!) })),
      groups: groups.map((g) => ({
        name: g.name,
        leader: committee.groupLeaders.find((l) => l.groupId === g.id)?.leader?.name ?? null,
        members: enrolled.filter((r) => r.group_id === g.id).map((r) => nameOf({ name: r.name, nameBo: r.name_bo })),
      })),
      staff: settings.staff.map((s) => ({ role: STAFF_ZH[s.role] ?? s.role, name: s.displayName, phone: s.phone })),
      room: room ? `${room.hotel} ${room.building} ${room.number}${myRoom?.bed ? ` ${myRoom.bed}床` : ''}` : null,
      meals: meals.map((m) => ({ day: m.day.slice(5), meal: MEAL_ZH[m.meal] ?? m.meal, time: m.servedAt, place: m.place })),
      buses,
      checkInUrl: `${deps.publicUrl}/t/`,
      trainee: trainee
        ? {
            name: nameOf({ name: trainee.name, nameBo: trainee.name_bo }),
            groupName: trainee.group_name ?? null,
            badge: await deps.attendance.badgeOf(trainee.id),
          }
        : null,
    };
  }

  async function file(classId: number, layout: BookletLayout, enrolmentId?: number): Promise<HandbookFile> {
    const d = await documentOf(classId, enrolmentId);
    const who = d.trainee ? `-${d.trainee.name}` : '';
    return { fileName: `${d.classTitle}-学员手册${who}${layout === 'booklet' ? '-印刷版' : ''}.pdf`, data: await renderHandbook(d, layout) };
  }

  return {
    settings: async (classId: number) => (await texts(db, classId, await institutionOf(classId))).settings,
    async saveSettings(
      actor: Actor,
      classId: number,
      input: { welcome?: string | null; rules?: string | null; staffPhones: Array<{ userId: number; phone?: string | null }> },
    ) {
      const institutionId = await institutionOf(classId);
      return database.transaction(async (trx) => {
        const before = await texts(trx, classId, institutionId);
        const known = new Set(before.settings.staff.map((s) => s.userId));
        const phones = input.staffPhones.filter((p) => known.has(p.userId) && p.phone).map((p) => ({ userId: p.userId, phone: p.phone ?? null }));
        await store.save(trx, {
          scope_type: 'class',
          scope_id: classId,
          welcome: input.welcome ?? null,
          rules: input.rules ?? null,
          staff_phones: JSON.stringify(phones),
          updated_at: nowIso(),
          updated_by: actor.userId,
        });
        await audit.record(trx, actor, {
          action: 'handbook.texts',
          entity: 'class',
          entityId: classId,
          classId,
          before: { welcome: before.settings.welcome, rules: before.settings.rules },
          after: { welcome: input.welcome ?? null, rules: input.rules ?? null, staffPhones: phones.length },
        });
        return (await texts(trx, classId, institutionId)).settings;
      });
    },
    saveInstitutionRules: (actor: Actor, institutionId: number, rules: string | null) =>
      database.transaction(async (trx) => {
        const before = await store.texts(trx, 'institution', institutionId);
        await store.save(trx, {
          scope_type: 'institution',
          scope_id: institutionId,
          welcome: null,
          rules,
          staff_phones: null,
          updated_at: nowIso(),
          updated_by: actor.userId,
        });
        await audit.record(trx, actor, {
          action: 'handbook.institution_rules',
          entity: 'institution',
          entityId: institutionId,
          before: { rules: before?.rules ?? null },
          after: { rules },
        });
        return { rules: rules ?? DEFAULT_HANDBOOK_RULES };
      }),
    institutionRules: async (institutionId: number) => ({ rules: (await store.texts(db, 'institution', institutionId))?.rules ?? DEFAULT_HANDBOOK_RULES }),
    /** The class edition, or one trainee's (their badge on the check-in page). */
    classFile: (classId: number, layout: BookletLayout, enrolmentId?: number) => file(classId, layout, enrolmentId),
    /** The trainee's own edition, on the phone. */
    async myFile(actor: Actor, enrolmentId: number, layout: BookletLayout) {
      const e = await deps.roster.findEnrolmentRow(db, enrolmentId);
      if (!e || e.person_id !== actor.personId) throw notFound('enrolment', enrolmentId);
      return file(e.class_id, layout, enrolmentId);
    },
  };
};
export type HandbookService = ReturnType<typeof makeHandbookService>;
