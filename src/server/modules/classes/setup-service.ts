import type { z } from 'zod';
import { type CopyClassBody, replaceYear, suggestCopyTitle, type UpdateClassBody } from '../../../contracts';
import type { Database, Executor } from '../../db/connection';
import { invalid } from '../../lib/errors';
import type { Actor } from '../../lib/permissions';
import { addDaysTo, daysFrom, shiftWallClock, wallClockOf } from '../../lib/wall-clock';
import type { AuditService } from '../audit/service';
import type { CompletionService } from '../completion/service';
import type { RosterService } from '../roster/service';
import type { TimetableService } from '../timetable/service';
import type { ClassService } from './service';

// Setting a class up where its fields meet its timetable: editing dates (sessions must stay inside
// them, or move along) and copying a past class as the start of next year's. The classes service
// owns the class row; the timetable, the groups and the completion rule are reached through their
// services, each write inside the one transaction started here.

type Session = Awaited<ReturnType<TimetableService['sessionsIn']>>[number];
type AgendaItem = Session['agenda'][number];

/** An agenda item of next year's ceremony: the same slot, without this year's trainee speaker or what was said. */
function plannedAgendaItem(a: AgendaItem, groupOf: (id: number | null) => number | null) {
  const traineeSpeaker = a.enrolmentId !== null || a.kind === 'speech';
  return {
    kind: a.kind,
    title: a.title,
    speakerName: traineeSpeaker ? null : a.speakerName,
    speakerRole: traineeSpeaker ? null : a.speakerRole,
    enrolmentId: null,
    groupId: groupOf(a.groupId),
    summary: null,
  };
}

const yearOf = (date: string) => Number(date.slice(0, 4));

export const makeClassSetupService = (deps: {
  database: Database;
  audit: Pick<AuditService, 'record'>;
  classes: Pick<ClassService, 'requireClass' | 'createClass' | 'updateClassIn'>;
  roster: Pick<RosterService, 'groupsIn' | 'createGroupIn'>;
  timetable: Pick<TimetableService, 'sessionsIn' | 'createSessionIn' | 'shiftSessionsIn'>;
  completion?: Pick<CompletionService, 'copyRuleIn'>;
}) => {
  const { database, audit, classes, roster, timetable } = deps;

  /** Refuses dates that leave sessions outside the class, naming how many and where. */
  async function assertSessionsInside(trx: Executor, cls: { id: number; starts_on: string; ends_on: string; time_zone: string }) {
    const days = (await timetable.sessionsIn(trx, cls.id)).map((s) => ({
      from: wallClockOf(s.startsAt, cls.time_zone).date,
      to: wallClockOf(s.endsAt, cls.time_zone).date,
    }));
    const outside = days.filter((d) => d.from < cls.starts_on || d.to > cls.ends_on);
    if (!outside.length) return;
    const first = outside.map((d) => d.from).sort()[0];
    const last = outside.map((d) => d.to).sort()[outside.length - 1];
    throw invalid('class.sessions_outside', first < cls.starts_on ? 'startsOn' : 'endsOn', {
      count: outside.length,
      first,
      last,
      startsOn: cls.starts_on,
      endsOn: cls.ends_on,
    });
  }

  return {
    /**
     * Edits the class. With a new start date and `shiftSessions`, the timetable moves by as many
     * days (wall-clock times kept); otherwise dates or a time zone that would leave sessions
     * outside the class are refused, and nothing changes.
     */
    async updateClass(actor: Actor, classId: number, patch: z.infer<typeof UpdateClassBody>) {
      const { shiftSessions, ...fields } = patch;
      await database.transaction(async (trx) => {
        const { before, after } = await classes.updateClassIn(trx, actor, classId, fields);
        const days = shiftSessions && fields.startsOn ? daysFrom(before.starts_on, fields.startsOn) : 0;
        if (days !== 0) await timetable.shiftSessionsIn(trx, actor, classId, days);
        if (days !== 0 || after.starts_on !== before.starts_on || after.ends_on !== before.ends_on || after.time_zone !== before.time_zone)
          await assertSessionsInside(trx, after);
      });
    },

    /**
     * Next year's class from a past one, in one transaction: the same fields and completion rule,
     * the groups by name, the timetable moved to the new dates with each session's wall-clock time
     * kept in the class's time zone (DST included: the local date moves, not the instant), sites,
     * lecturers and per-group sessions kept, ceremony agendas without trainee speakers. No
     * trainees, attendance, certificates or photos. Returns the new class's id.
     */
    async copyClass(actor: Actor | null, sourceClassId: number, input: z.infer<typeof CopyClassBody>) {
      return database.transaction(async (trx) => {
        const src = await classes.requireClass(trx, sourceClassId);
        const days = daysFrom(src.starts_on, input.startsOn);
        const [fromYear, toYear] = [yearOf(src.starts_on), yearOf(input.startsOn)];
        const withYear = (text: string | null) => (text ? replaceYear(text, fromYear, toYear) : null);
        const sameYearCode = src.code && withYear(src.code) === src.code ? null : withYear(src.code);
        const id = await classes.createClass(
          actor,
          src.programme_id,
          {
            title: input.title ?? suggestCopyTitle(src.title, fromYear, toYear),
            shortTitle: input.shortTitle !== undefined ? input.shortTitle : withYear(src.short_title),
            // A code is unique in the institution: carried over only when the year in it changes.
            code: input.code !== undefined ? input.code : sameYearCode,
            startsOn: input.startsOn,
            endsOn: addDaysTo(src.ends_on, days),
            timeZone: src.time_zone,
            place: src.place,
            organizerName: src.organizer_name,
            sponsorName: src.sponsor_name,
            description: src.description,
            leaveLimitRatio: src.leave_limit_ratio,
            minAttendanceRatio: src.min_attendance_ratio,
            lateGraceMinutes: src.late_grace_minutes,
            lunchStarts: src.lunch_starts,
            lunchEnds: src.lunch_ends,
          },
          trx,
        );
        const groupIds = new Map<number, number>();
        for (const g of await roster.groupsIn(trx, sourceClassId)) {
          groupIds.set(g.id, await roster.createGroupIn(trx, actor, id, { name: g.name, sortOrder: g.sort_order }));
        }
        const groupOf = (old: number | null) => (old === null ? null : (groupIds.get(old) ?? null));
        const sessions = await timetable.sessionsIn(trx, sourceClassId);
        for (const s of sessions) {
          await timetable.createSessionIn(trx, actor, id, {
            kind: s.kind,
            title: s.title,
            startsAt: shiftWallClock(s.startsAt, days, src.time_zone),
            endsAt: shiftWallClock(s.endsAt, days, src.time_zone),
            siteId: s.site?.id ?? null,
            venue: s.venue,
            hours: s.hours,
            description: s.description,
            notes: s.notes,
            lecturerIds: s.lecturers.map((l) => l.id),
            groupIds: s.groups.map((g) => groupOf(g.id)).filter((g): g is number => g !== null),
            agenda: s.agenda.length ? s.agenda.map((a) => plannedAgendaItem(a, groupOf)) : undefined,
          });
        }
        await deps.completion?.copyRuleIn(trx, sourceClassId, id);
        const summary = { fromClassId: sourceClassId, toClassId: id, startsOn: input.startsOn, days, sessions: sessions.length, groups: groupIds.size };
        await audit.record(trx, actor, { action: 'class.copy', entity: 'class', entityId: id, classId: id, after: { ...summary, fromTitle: src.title } });
        await audit.record(trx, actor, {
          action: 'class.copied',
          entity: 'class',
          entityId: sourceClassId,
          classId: sourceClassId,
          after: { ...summary, toTitle: (await classes.requireClass(trx, id)).title },
        });
        return id;
      });
    },
  };
};
export type ClassSetupService = ReturnType<typeof makeClassSetupService>;
