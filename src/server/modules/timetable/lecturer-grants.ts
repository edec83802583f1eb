import type { Executor } from '../../db/connection';
import type { Actor } from '../../lib/permissions';
import type { AuthService } from '../auth/service';
import type { TimetableStore } from './store';

// A lecturer-pool entry tied to a user account gives that account the `lecturer` grant on every
// class in which it teaches a session, and takes it away once it teaches none there (#9). Every
// write that may change who teaches where runs inside `keepingGrants`, which compares before and
// after. Only grants the timetable gave are taken away: a user who taught nothing in the class
// before the change keeps whatever grants they hold.
export const makeLecturerGrants = (deps: { store: TimetableStore; auth: Pick<AuthService, 'grant' | 'revokeWhere'> }) => {
  const pairs = async (trx: Executor, classIds: number[]) =>
    new Set((await deps.store.lecturerUsersOfClasses(trx, classIds)).map((r) => `${r.user_id}:${r.class_id}`));

  return {
    async keepingGrants<T>(trx: Executor, actor: Actor | null, classIds: number[], change: () => Promise<T>): Promise<T> {
      const ids = [...new Set(classIds)];
      const before = await pairs(trx, ids);
      const result = await change();
      const after = await pairs(trx, ids);
      for (const p of after) {
        const [userId, classId] = p.split(':').map(Number);
        await deps.auth.grant(actor, userId, { role: 'lecturer', scopeType: 'class', scopeId: classId }, trx);
      }
      for (const p of before) {
        if (after.has(p)) continue;
        const [userId, classId] = p.split(':').map(Number);
        await deps.auth.revokeWhere(trx, actor, { userId, role: 'lecturer', scopeType: 'class', scopeId: classId });
      }
      return result;
    },
  };
};
export type LecturerGrants = ReturnType<typeof makeLecturerGrants>;
