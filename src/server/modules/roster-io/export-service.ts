import type { ClassExportKey, Enrolment } from '../../../contracts';
import { notFound } from '../../lib/errors';
import type { Actor } from '../../lib/permissions';
import type { ClassService } from '../classes/service';
import type { RosterService } from '../roster/service';
import type { TimetableService } from '../timetable/service';
import {
  contactsPdf,
  contactsXlsx,
  type DocClass,
  type DocGroup,
  type DocSession,
  type DocTrainee,
  groupsPdf,
  groupsXlsx,
  rosterXlsx,
  signInPdf,
  timetablePdf,
  timetableXlsx,
  wallClock,
} from './documents';
import { importTemplateXlsx } from './template';

export type ExportFile = { fileName: string; contentType: string; body: Buffer };

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const PDF = 'application/pdf';

const toTrainee = (e: Enrolment): DocTrainee => ({ ...e.person, groupId: e.groupId, groupName: e.groupName, role: e.role });

export function makeRosterExportService(deps: {
  classes: Pick<ClassService, 'getClass'>;
  roster: Pick<RosterService, 'listRoster' | 'listGroups'>;
  timetable: Pick<TimetableService, 'listSessions' | 'getSession'>;
}) {
  const { classes, roster, timetable } = deps;

  async function classOf(classId: number): Promise<DocClass & { id: number; fileStem: string }> {
    const c = await classes.getClass(null, classId);
    const stem = (c.shortTitle || c.title).replace(/[\\/:*?"<>|\r\n]/g, '_');
    return { id: c.id, title: c.title, timeZone: c.timeZone, startsOn: c.startsOn, endsOn: c.endsOn, place: c.place, fileStem: stem };
  }

  /** Enrolled trainees, group by group in group order, the leader first; ungrouped at the end. */
  async function trainees(classId: number, viewer?: Actor | null) {
    const groups = await roster.listGroups(classId);
    const order = new Map(groups.map((g, i) => [g.id, i]));
    const list = (await roster.listRoster(classId, {}, viewer)).map(toTrainee);
    const rank = (t: DocTrainee) => (t.groupId === null ? groups.length : (order.get(t.groupId) ?? groups.length));
    return {
      groups,
      trainees: list
        .map((t, i) => ({ t, i }))
        .sort((a, b) => rank(a.t) - rank(b.t) || (a.t.role === 'group_leader' ? 0 : 1) - (b.t.role === 'group_leader' ? 0 : 1) || a.i - b.i)
        .map((x) => x.t),
    };
  }

  const service = {
    async template(classId: number): Promise<ExportFile> {
      const cls = await classOf(classId);
      return { fileName: `${cls.fileStem}-学员名单导入模板.xlsx`, contentType: XLSX, body: await importTemplateXlsx(cls.title) };
    },

    /** With a viewer, the documents show what that viewer may see (phones: see the roster service). */
    async classDocument(classId: number, key: ClassExportKey, viewer?: Actor | null): Promise<ExportFile> {
      const cls = await classOf(classId);
      const file = (name: string, contentType: string, body: Buffer) => ({ fileName: `${cls.fileStem}-${name}`, contentType, body });
      switch (key) {
        case 'roster.xlsx':
          return file('学员名单.xlsx', XLSX, await rosterXlsx(cls, (await trainees(classId, viewer)).trainees));
        case 'contacts.xlsx':
          return file('通讯录.xlsx', XLSX, await contactsXlsx(cls, (await trainees(classId, viewer)).trainees));
        case 'contacts.pdf':
          return file('通讯录.pdf', PDF, await contactsPdf(cls, (await trainees(classId, viewer)).trainees));
        case 'groups.xlsx':
        case 'groups.pdf': {
          const { groups, trainees: all } = await trainees(classId, viewer);
          const docGroups: DocGroup[] = groups.map((g) => ({ id: g.id, name: g.name, members: all.filter((t) => t.groupId === g.id) }));
          const ungrouped = all.filter((t) => t.groupId === null);
          if (ungrouped.length) docGroups.push({ id: 0, name: '未分组', members: ungrouped });
          return key === 'groups.pdf'
            ? file('分组名单.pdf', PDF, await groupsPdf(cls, docGroups))
            : file('分组名单.xlsx', XLSX, await groupsXlsx(cls, docGroups));
        }
        case 'timetable.xlsx':
        case 'timetable.pdf': {
          const sessions: DocSession[] = await timetable.listSessions(classId);
          return key === 'timetable.pdf'
            ? file('日程表.pdf', PDF, await timetablePdf(cls, sessions))
            : file('日程表.xlsx', XLSX, await timetableXlsx(cls, sessions));
        }
      }
    },

    /** Sign-in sheets: one session, or every session of a day of the class (one page each). */
    async signInSheets(classId: number, which: { sessionId: number } | { date: string }): Promise<ExportFile> {
      const cls = await classOf(classId);
      let sessions: DocSession[];
      if ('sessionId' in which) {
        const s = await timetable.getSession(which.sessionId);
        if (!s || s.classId !== classId) throw notFound('session', which.sessionId);
        sessions = [s];
      } else {
        sessions = (await timetable.listSessions(classId)).filter((s) => wallClock(s.startsAt, cls.timeZone).date === which.date);
        if (!sessions.length) throw notFound('session', which.date);
      }
      const { trainees: all } = await trainees(classId);
      const pages = sessions.map((session) => {
        const groupIds = new Set(session.groups.map((g) => g.id));
        // A session for some groups expects only their members; one without groups, everybody.
        return { session, trainees: groupIds.size ? all.filter((t) => t.groupId !== null && groupIds.has(t.groupId)) : all };
      });
      const label = 'sessionId' in which ? `签到表-${sessions[0].title}` : `签到表-${which.date}`;
      return { fileName: `${cls.fileStem}-${label.replace(/[\\/:*?"<>|\r\n]/g, '_')}.pdf`, contentType: PDF, body: await signInPdf(cls, pages) };
    },
  };
  return service;
}
export type RosterExportService = ReturnType<typeof makeRosterExportService>;
