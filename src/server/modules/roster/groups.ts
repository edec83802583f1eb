import { type Executor, nowIso } from '../../db/connection';
import { AppError, conflict, notFound } from '../../lib/errors';
import type { Actor } from '../../lib/permissions';
import type { RosterDeps } from './shared';

/** A class's groups (第一组 …): listing with members and leader, creating, renaming, leading, deleting. */
export function makeGroups(deps: RosterDeps) {
  const { database, store, audit, classes } = deps;
  const db = database.db;

  const groups = {
    async listGroups(classId: number) {
      const [rows, roster] = await Promise.all([store.listGroups(db, classId), store.listRoster(db, classId)]);
      return rows.map((g) => {
        const members = roster.filter((r) => r.group_id === g.id);
        const leader = members.find((m) => m.role === 'group_leader');
        return {
          id: g.id,
          classId: g.class_id,
          name: g.name,
          sortOrder: g.sort_order,
          leader: leader ? { enrolmentId: leader.id, name: leader.name, nameBo: leader.name_bo, workUnit: leader.work_unit, position: leader.position } : null,
          members: members.map((m) => ({ enrolmentId: m.id, name: m.name, nameBo: m.name_bo, role: m.role, workUnit: m.work_unit })),
        };
      });
    },

    async createGroupIn(trx: Executor, actor: Actor | null, classId: number, input: { name: string; sortOrder?: number }) {
      await classes.requireWritable(trx, classId, 'roster');
      if (await store.findGroupByName(trx, classId, input.name)) throw conflict('group.duplicate_name', { name: input.name });
      const sortOrder = input.sortOrder ?? (await store.maxGroupOrder(trx, classId)) + 1;
      const { id } = await store.insertGroup(trx, { class_id: classId, name: input.name, sort_order: sortOrder, created_at: nowIso() });
      await audit.record(trx, actor, { action: 'group.create', entity: 'group', entityId: id, classId, after: input });
      return id;
    },

    async createGroup(actor: Actor, classId: number, input: { name: string; sortOrder?: number }) {
      const id = await database.transaction((trx) => groups.createGroupIn(trx, actor, classId, input));
      return (await groups.listGroups(classId)).find((g) => g.id === id)!;
    },

    async updateGroup(actor: Actor, groupId: number, patch: { name?: string; sortOrder?: number; leaderEnrolmentId?: number | null }) {
      const classId = await database.transaction(async (trx) => {
        const g = await store.findGroup(trx, groupId);
        if (!g) throw notFound('group', groupId);
        await classes.requireWritable(trx, g.class_id, 'roster');
        if (patch.name && patch.name !== g.name && (await store.findGroupByName(trx, g.class_id, patch.name)))
          throw conflict('group.duplicate_name', { name: patch.name });
        await store.updateGroup(trx, groupId, {
          ...(patch.name && { name: patch.name }),
          ...(patch.sortOrder !== undefined && { sort_order: patch.sortOrder }),
        });
        const at = nowIso();
        if (patch.leaderEnrolmentId !== undefined) {
          if (patch.leaderEnrolmentId === null) await store.demoteLeaders(trx, groupId, null, at);
          else {
            const e = await store.findEnrolment(trx, patch.leaderEnrolmentId);
            if (!e || e.group_id !== groupId || e.status !== 'enrolled')
              throw new AppError('validation.failed', 400, {}, [{ field: 'leaderEnrolmentId', code: 'not_found', params: { entity: 'enrolment' } }]);
            await store.updateEnrolment(trx, e.id, { role: 'group_leader', updated_at: at });
            await store.demoteLeaders(trx, groupId, e.id, at);
          }
        }
        await audit.record(trx, actor, { action: 'group.update', entity: 'group', entityId: groupId, classId: g.class_id, before: g, after: patch });
        return g.class_id;
      });
      return (await groups.listGroups(classId)).find((g) => g.id === groupId)!;
    },

    async deleteGroup(actor: Actor, groupId: number) {
      await database.transaction(async (trx) => {
        const g = await store.findGroup(trx, groupId);
        if (!g) throw notFound('group', groupId);
        await classes.requireWritable(trx, g.class_id, 'roster');
        const members = await store.countGroupMembers(trx, groupId);
        const refs = await store.groupReferences(trx, groupId);
        if (members + refs > 0) throw conflict('group.not_empty', { count: members || refs });
        await store.deleteGroup(trx, groupId);
        await audit.record(trx, actor, { action: 'group.delete', entity: 'group', entityId: groupId, classId: g.class_id, before: g });
      });
    },
  };
  return groups;
}
