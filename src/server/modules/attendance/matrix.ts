import type { z } from 'zod';
import { MATRIX_CELL, type MatrixOfflineMark } from '../../../contracts/attendance';
import type { Executor } from '../../db/connection';
import { writeXlsx, type XlsxColumn } from '../../documents/xlsx';
import { type Lang, translate } from '../../lib/i18n';
import type { AttendanceCore, AttendanceDeps } from './core';
import { type Effective, effectiveStatus, type HoursSummary, localDay, localTime, summarise, summariseAt } from './summary';

type OfflineMark = z.infer<typeof MatrixOfflineMark>;

/** Session columns grow with their header up to this many characters; longer titles wrap. */
const SESSION_MAX_WIDTH = 24;

// The class's trainees × sessions matrix (on screen and as a workbook) and the hours summary
// completion and certificates read.
export const makeMatrix = (deps: AttendanceDeps, core: AttendanceCore) => {
  const { database, store } = deps;
  const db = database.db;
  const { clock, classState, emptyCounts } = core;

  const reports = {
    /** Trainees × sessions, filtered by group and day, with totals per trainee (whole class) and per session. */
    async matrix(classId: number, filter: { groupId?: number; day?: string } = {}) {
      const { info, sessions, enrolments, statusAt, offlineOf } = await classState(db, classId);
      const tz = info.time_zone;
      const now = clock();
      const ratio = Number(info.leave_limit_ratio);
      const withDay = sessions.map((s, index) => ({ ...s, index, day: localDay(s.startsAt, tz) }));
      const days = [...new Set(withDay.map((s) => s.day))];
      const groups = await store.classGroups(db, classId);
      const shownSessions = withDay.filter(
        (s) => (!filter.day || s.day === filter.day) && (filter.groupId === undefined || s.groupIds.length === 0 || s.groupIds.includes(filter.groupId)),
      );
      const shownTrainees = enrolments.filter((e) => e.status === 'enrolled' && (filter.groupId === undefined || e.group_id === filter.groupId));
      const counts = shownSessions.map(() => emptyCounts());
      const reviewCounts = shownSessions.map(() => 0);
      let overLimitCount = 0;
      const trainees = shownTrainees.map((e) => {
        const at = statusAt(e.id);
        const own = offlineOf(e.id);
        const offline: OfflineMark[] = [];
        let cells = '';
        for (let i = 0; i < shownSessions.length; i++) {
          const s = shownSessions[i];
          const recorded = at(s.index);
          // A pending offline check-in (待确认) is pending in the totals, never present.
          const eff: Effective = effectiveStatus(s, e.group_id, recorded, now);
          cells += MATRIX_CELL[recorded === 'review' ? 'review' : eff];
          if (eff !== 'none') {
            counts[i].expected += 1;
            counts[i][eff] += 1;
          }
          if (recorded === 'review') reviewCounts[i] += 1;
          const r = own?.get(s.id);
          if (r) offline.push({ sessionId: s.id, scannedAt: r.checked_in_at, syncedAt: r.synced_at, review: r.review });
        }
        const hours = summariseAt(sessions, e.group_id, at, now, ratio);
        if (hours.overLimit) overLimitCount += 1;
        return { enrolmentId: e.id, name: e.name, nameBo: e.name_bo, groupId: e.group_id, groupName: e.group_name ?? null, cells, offline, hours };
      });
      return {
        classId,
        classTitle: info.title,
        timeZone: tz,
        leaveLimitRatio: ratio,
        days,
        groups,
        sessions: shownSessions.map((s, i) => ({
          id: s.id,
          title: s.title,
          kind: s.kind,
          startsAt: s.startsAt,
          endsAt: s.endsAt,
          day: s.day,
          hours: s.hours,
          counts: counts[i],
          reviewCount: reviewCounts[i],
        })),
        trainees,
        overLimitCount,
      };
    },

    /** The matrix as a workbook: one sheet of trainees × sessions with totals, in the request's language. */
    async matrixXlsx(classId: number, filter: { groupId?: number; day?: string }, lang: Lang) {
      const m = await reports.matrix(classId, filter);
      const label = (k: string) => translate(`attendance.xlsx.${k}`, lang);
      const cellText = Object.fromEntries(
        (Object.entries(MATRIX_CELL) as Array<[keyof typeof MATRIX_CELL, string]>).map(([status, ch]) => [ch, status === 'none' ? '' : label(status)]),
      );
      // Widths follow the text: the longest name, each header line (a session's date and time over
      // its title; a title longer than SESSION_MAX_WIDTH wraps), CJK counted double (xlsx.ts).
      const columns: XlsxColumn[] = [
        { header: label('name'), key: 'name' },
        { header: label('group'), key: 'group' },
        ...m.sessions.map((s, i) => ({
          header: `${s.day.slice(5)} ${localTime(s.startsAt, m.timeZone).slice(6)}\n${s.title}`,
          key: `s${i}`,
          maxWidth: SESSION_MAX_WIDTH,
        })),
        { header: label('attended_hours'), key: 'attended' },
        { header: label('leave_hours'), key: 'leave' },
        { header: label('absent_hours'), key: 'absent' },
        { header: label('total_hours'), key: 'total' },
        { header: label('attendance_rate'), key: 'rate', numFmt: '0.0%' },
        { header: label('leave_share'), key: 'leaveShare', numFmt: '0.0%' },
        { header: label('over_limit'), key: 'over' },
      ];
      const share = (part: number, whole: number) => (whole > 0 ? part / whole : null);
      // A cell whose record came from an offline check-in says so (#15): 出勤（离线）, 待确认, …
      const offlineText: Record<string, string> = {
        [MATRIX_CELL.present]: label('present_offline'),
        [MATRIX_CELL.late]: label('late_offline'),
        [MATRIX_CELL.absent]: label('absent_offline_rejected'),
      };
      const textOf = (t: (typeof m.trainees)[number]) => {
        const marked = new Map(t.offline.map((o) => [o.sessionId, o]));
        return (ch: string, i: number) => {
          const o = marked.get(m.sessions[i].id);
          if (!o || ch === MATRIX_CELL.review || (ch === MATRIX_CELL.absent && o.review !== 'rejected')) return cellText[ch];
          return offlineText[ch] ?? cellText[ch];
        };
      };
      const rows: Array<Record<string, string | number | null>> = m.trainees.map((t) => {
        const text = textOf(t);
        return {
          name: t.nameBo ? `${t.name} ${t.nameBo}` : t.name,
          group: t.groupName,
          ...Object.fromEntries([...t.cells].map((ch, i) => [`s${i}`, text(ch, i)])),
          attended: t.hours.attendedHours,
          leave: t.hours.leaveHours,
          absent: t.hours.absentHours,
          total: t.hours.totalHours,
          // Of the hours held so far; the leave share is of all class hours, as the leave limit is.
          rate: share(t.hours.attendedHours, t.hours.totalHours - t.hours.pendingHours),
          leaveShare: share(t.hours.leaveHours, t.hours.totalHours),
          over: t.hours.overLimit ? label('over_limit_yes') : '',
        };
      });
      rows.push({
        name: label('present_count'),
        ...Object.fromEntries(m.sessions.map((s, i) => [`s${i}`, s.counts.present + s.counts.late])),
      });
      rows.push({
        name: label('review_count'),
        ...Object.fromEntries(m.sessions.map((s, i) => [`s${i}`, s.reviewCount])),
      });
      rows.push({
        name: label('expected_count'),
        ...Object.fromEntries(m.sessions.map((s, i) => [`s${i}`, s.counts.expected])),
      });
      // A4 landscape, as wide as the page, title and header repeated on every page (xlsx.ts).
      return writeXlsx([
        {
          name: label('sheet'),
          title: `${m.classTitle} ${label('sheet')}`,
          columns,
          rows,
          notes: [label('legend_offline')],
          print: { orientation: 'landscape' },
        },
      ]);
    },

    /**
     * For completion and certificates (#7): per enrolment of the class, the attended, leave and
     * absent hours and the class hours they count against. Runs inside the caller's transaction.
     */
    async attendanceSummary(
      trx: Executor,
      classId: number,
    ): Promise<Array<HoursSummary & { enrolmentId: number; personId: number; name: string; groupName: string | null; enrolmentStatus: string }>> {
      const { info, sessions, enrolments, statusOf } = await classState(trx, classId);
      const now = clock();
      return enrolments.map((e) => ({
        enrolmentId: e.id,
        personId: e.person_id,
        name: e.name,
        groupName: e.group_name ?? null,
        enrolmentStatus: e.status,
        ...summarise(sessions, e.group_id, statusOf(e.id), now, Number(info.leave_limit_ratio)),
      }));
    },

    classSummary: (classId: number) => reports.attendanceSummary(db, classId),

    /** One trainee's sessions with their status, for the trainee's timetable. */
    async statusesForEnrolment(trx: Executor, enrolmentId: number) {
      return store.statusesOfEnrolments(trx, [enrolmentId]);
    },
  };
  return reports;
};
