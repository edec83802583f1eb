import type { z } from 'zod';
import type { CreateSessionBody, PerGroupSessionsBody, Session } from '../../../contracts';
import type { Database, Executor } from '../../db/connection';
import { AppError } from '../../lib/errors';
import type { Actor } from '../../lib/permissions';
import type { ClassService } from '../classes/service';
import { instantAt, localClock } from './planning-rules';

// Sessions made from others (#9): one per group at once (the same discussion for every group,
// side by side or staggered, each with its own room and facilitator), and a copy of a session on
// another day at the same wall-clock time in the class's zone. Each is one transaction through
// createSessionIn, so every rule of a single session applies to each copy.
export const makeSessionCopies = (deps: {
  database: Database;
  classes: Pick<ClassService, 'requireClass'>;
  createSessionIn: (trx: Executor, actor: Actor | null, classId: number, input: z.infer<typeof CreateSessionBody>) => Promise<number>;
  getSession: (sessionId: number, trx?: Executor) => Promise<Session>;
}) => ({
  async createForGroups(actor: Actor, classId: number, input: z.infer<typeof PerGroupSessionsBody>): Promise<number[]> {
    const seen = new Set<number>();
    input.groups.forEach((g, i) => {
      if (seen.has(g.groupId)) throw new AppError('validation.failed', 400, {}, [{ field: `groups.${i}.groupId`, code: 'session.group_twice', params: {} }]);
      seen.add(g.groupId);
    });
    const start = Date.parse(input.startsAt);
    const end = Date.parse(input.endsAt);
    return deps.database.transaction(async (trx) => {
      const ids: number[] = [];
      for (const [i, g] of input.groups.entries()) {
        const shift = i * input.staggerMinutes * 60_000;
        try {
          ids.push(
            await deps.createSessionIn(trx, actor, classId, {
              kind: input.kind,
              title: input.title,
              startsAt: new Date(start + shift).toISOString(),
              endsAt: new Date(end + shift).toISOString(),
              siteId: input.siteId ?? null,
              venue: g.venue ?? null,
              hours: input.hours,
              description: input.description ?? null,
              notes: input.notes ?? null,
              lecturerIds: g.lecturerIds,
              groupIds: [g.groupId],
            }),
          );
        } catch (e) {
          // A group's own fields are named by the group's row; the shared ones stay as they are.
          if (!(e instanceof AppError) || !e.fieldErrors.length) throw e;
          const own: Record<string, string> = { lecturerIds: `groups.${i}.lecturerIds`, groupIds: `groups.${i}.groupId`, venue: `groups.${i}.venue` };
          throw new AppError(
            e.code,
            e.status,
            e.params,
            e.fieldErrors.map((f) => ({ ...f, field: own[f.field] ?? f.field })),
          );
        }
      }
      return ids;
    });
  },

  async duplicate(actor: Actor, sessionId: number, date: string): Promise<number> {
    return deps.database.transaction(async (trx) => {
      const s = await deps.getSession(sessionId, trx);
      const cls = await deps.classes.requireClass(trx, s.classId);
      const a = localClock(Date.parse(s.startsAt), cls.time_zone);
      const b = localClock(Date.parse(s.endsAt), cls.time_zone);
      const days = Math.round((Date.parse(`${b.date}T00:00:00Z`) - Date.parse(`${a.date}T00:00:00Z`)) / 86_400_000);
      const endDate = new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
      return deps.createSessionIn(trx, actor, s.classId, {
        kind: s.kind,
        title: s.title,
        startsAt: instantAt(date, a.minutes, cls.time_zone),
        endsAt: instantAt(endDate, b.minutes, cls.time_zone),
        siteId: s.site?.id ?? null,
        venue: s.venue,
        hours: s.hours,
        description: s.description,
        notes: s.notes,
        lecturerIds: s.lecturers.map((l) => l.id),
        groupIds: s.groups.map((g) => g.id),
        agenda: s.agenda.map((x) => ({
          kind: x.kind,
          title: x.title,
          speakerName: x.speakerName,
          speakerRole: x.speakerRole,
          enrolmentId: x.enrolmentId,
          groupId: x.groupId,
          summary: x.summary,
        })),
      });
    });
  },
});
