import type { z } from 'zod';
import type { EnrolBody, PersonInput, UpdateEnrolmentBody } from '../../../contracts';
import { type Database, type Executor, nowIso } from '../../db/connection';
import type { Patch, Row } from '../../db/schema';
import { AppError, conflict, notFound } from '../../lib/errors';
import type { Actor } from '../../lib/permissions';
import { maskIdNumber, type PersonalDataCipher } from '../../lib/personal-data';
import type { AuditService } from '../audit/service';
import type { ClassService } from '../classes/service';
import type { RosterRow, RosterStore } from './store';

export const toEnrolment = (r: RosterRow) => ({
  id: r.id,
  classId: r.class_id,
  groupId: r.group_id,
  groupName: r.group_name ?? null,
  role: r.role,
  status: r.status,
  withdrawnReason: r.withdrawn_reason,
  person: {
    id: r.person_id,
    name: r.name,
    nameBo: r.name_bo,
    nameLatin: r.name_latin,
    gender: r.gender,
    ethnicity: r.ethnicity,
    workUnit: r.work_unit,
    position: r.position,
    rank: r.rank,
    phone: r.phone,
    idNumberMasked: r.id_number_masked,
    isSample: r.is_sample === 1,
  },
});

/** What the audit log keeps of a person: never the ID number itself. */
const auditPerson = (p: Partial<PersonInput>) => ({ ...p, idNumber: p.idNumber ? maskIdNumber(p.idNumber) : p.idNumber });

export const makeRosterService = (deps: {
  database: Database;
  store: RosterStore;
  cipher: PersonalDataCipher;
  audit: Pick<AuditService, 'record' | 'recordMany'>;
  classes: Pick<ClassService, 'requireWritable' | 'requireClass'>;
}) => {
  const { database, store, cipher, audit, classes } = deps;
  const db = database.db;

  const sameName = (name: string) => name.replace(/\s+/g, '').normalize('NFC');

  function personColumns(input: Partial<PersonInput>): Patch<'people'> {
    const out: Patch<'people'> = {};
    if (input.name !== undefined) out.name = input.name;
    if (input.nameBo !== undefined) out.name_bo = input.nameBo ?? null;
    if (input.nameLatin !== undefined) out.name_latin = input.nameLatin ?? null;
    if (input.gender !== undefined) out.gender = input.gender ?? null;
    if (input.ethnicity !== undefined) out.ethnicity = input.ethnicity ?? null;
    if (input.workUnit !== undefined) out.work_unit = input.workUnit ?? null;
    if (input.position !== undefined) out.position = input.position ?? null;
    if (input.rank !== undefined) out.rank = input.rank ?? null;
    if (input.phone !== undefined) out.phone = input.phone ?? null;
    if (input.notes !== undefined) out.notes = input.notes ?? null;
    if (input.idNumber !== undefined) {
      out.id_number_enc = input.idNumber ? cipher.encrypt(input.idNumber) : null;
      out.id_number_hash = input.idNumber ? cipher.blindIndex(input.idNumber) : null;
      out.id_number_masked = input.idNumber ? maskIdNumber(input.idNumber) : null;
    }
    return out;
  }

  async function assertIdNumberFree(trx: Executor, institutionId: number, idNumber: string | null | undefined, exceptPersonId?: number) {
    if (!idNumber) return;
    const other = await store.findPersonByIdHash(trx, institutionId, cipher.blindIndex(idNumber));
    if (other && other.id !== exceptPersonId) {
      throw new AppError('validation.failed', 409, {}, [{ field: 'person.idNumber', code: 'person.duplicate_id_number', params: { name: other.name } }]);
    }
  }

  async function requireGroupOf(trx: Executor, classId: number, groupId: number | null | undefined) {
    if (groupId === null || groupId === undefined) return null;
    const g = await store.findGroup(trx, groupId);
    if (!g) throw new AppError('validation.failed', 400, {}, [{ field: 'groupId', code: 'not_found', params: { entity: 'group' } }]);
    if (g.class_id !== classId) throw new AppError('validation.failed', 400, {}, [{ field: 'groupId', code: 'group.other_class' }]);
    return g;
  }

  async function requireEnrolment(trx: Executor, enrolmentId: number) {
    const row = await store.findEnrolment(trx, enrolmentId);
    if (!row) throw notFound('enrolment', enrolmentId);
    return row;
  }

  const service = {
    async listRoster(classId: number, opts: { includeWithdrawn?: boolean; q?: string } = {}) {
      return (await store.listRoster(db, classId, opts)).map(toEnrolment);
    },

    async getEnrolment(enrolmentId: number) {
      return toEnrolment(await requireEnrolment(db, enrolmentId));
    },

    /** Creates a person in the institution's records (档案). Callers hold the transaction. */
    async createPerson(trx: Executor, actor: Actor | null, institutionId: number, input: PersonInput & { isSample?: boolean }) {
      await assertIdNumberFree(trx, institutionId, input.idNumber);
      const at = nowIso();
      const { id } = await store.insertPerson(trx, {
        institution_id: institutionId,
        name: input.name,
        name_bo: null,
        name_latin: null,
        gender: null,
        ethnicity: null,
        work_unit: null,
        position: null,
        rank: null,
        phone: null,
        id_number_enc: null,
        id_number_hash: null,
        id_number_masked: null,
        notes: null,
        ...personColumns(input),
        is_sample: input.isSample ? 1 : 0,
        created_at: at,
        updated_at: at,
      });
      await audit.record(trx, actor, { action: 'person.create', entity: 'person', entityId: id, after: auditPerson(input) });
      return id;
    },

    findPersonByIdNumber: (trx: Executor, institutionId: number, idNumber: string) => store.findPersonByIdHash(trx, institutionId, cipher.blindIndex(idNumber)),
    findPeopleByIdNumbers: (trx: Executor, institutionId: number, idNumbers: string[]) =>
      store.findPeopleByIdHashes(
        trx,
        institutionId,
        idNumbers.map((n) => cipher.blindIndex(n)),
      ),
    findPersonByNamePhone: (trx: Executor, institutionId: number, name: string, phone: string) => store.findPersonByNamePhone(trx, institutionId, name, phone),
    blindIndex: (idNumber: string) => cipher.blindIndex(idNumber),
    /** People matching (name, phone) pairs exactly, in chunks that stay within SQL parameter limits. */
    async findPeopleByNamePhones(trx: Executor, institutionId: number, pairs: Array<{ name: string; phone: string }>) {
      const wanted = new Set(pairs.map((p) => `${p.name}\u0000${p.phone}`));
      const out = new Map<number, Row<'people'>>();
      for (let i = 0; i < pairs.length; i += 500) {
        const found = await store.findPeopleByNamePhones(trx, institutionId, pairs.slice(i, i + 500));
        for (const p of found) if (p.phone && wanted.has(`${p.name}\u0000${p.phone}`)) out.set(p.id, p);
      }
      return [...out.values()];
    },
    /** The class's roster rows (withdrawn included) and groups, read inside the caller's transaction. */
    rosterIn: (trx: Executor, classId: number) => store.listRoster(trx, classId, { includeWithdrawn: true }),
    groupsIn: (trx: Executor, classId: number) => store.listGroups(trx, classId),

    /** Enrols an existing or new person. Used by the roster screen, the import and the demo loader. */
    async enrolIn(trx: Executor, actor: Actor | null, classId: number, input: z.infer<typeof EnrolBody> & { person?: PersonInput & { isSample?: boolean } }) {
      const cls = await classes.requireWritable(trx, classId, 'roster');
      const group = await requireGroupOf(trx, classId, input.groupId);
      let personId = input.personId;
      if (personId === undefined) {
        personId = await service.createPerson(trx, actor, cls.institution_id, input.person!);
      } else {
        const person = await store.findPerson(trx, personId);
        if (!person || person.institution_id !== cls.institution_id)
          throw new AppError('validation.failed', 400, {}, [{ field: 'personId', code: 'not_found', params: { entity: 'person' } }]);
      }
      const existing = await store.findEnrolmentByPerson(trx, classId, personId);
      if (existing) {
        const person = await store.findPerson(trx, personId);
        throw conflict('enrolment.duplicate', { name: person?.name });
      }
      const at = nowIso();
      const role = group ? input.role : 'member';
      const { id } = await store.insertEnrolment(trx, {
        class_id: classId,
        person_id: personId,
        group_id: group?.id ?? null,
        role,
        status: 'enrolled',
        withdrawn_reason: null,
        created_at: at,
        updated_at: at,
      });
      if (role === 'group_leader' && group) await store.demoteLeaders(trx, group.id, id, at);
      await audit.record(trx, actor, {
        action: 'enrolment.create',
        entity: 'enrolment',
        entityId: id,
        classId,
        after: { personId, groupId: group?.id ?? null, role },
      });
      return id;
    },

    /**
     * Enrols many existing or new people at once with the rules of enrolIn (class open for roster
     * changes, groups of this class, linked people of its institution, ID numbers not taken, nobody
     * enrolled twice), in a few statements per 500 rows: for the roster import. Callers hold the
     * transaction; a refused item throws with its `index` and changes nothing the caller keeps.
     */
    async enrolManyIn(
      trx: Executor,
      actor: Actor | null,
      classId: number,
      items: Array<{ personId?: number; person?: PersonInput; groupId: number | null; role: 'member' | 'group_leader' }>,
      onProgress?: (done: number, total: number) => void,
    ) {
      const cls = await classes.requireWritable(trx, classId, 'roster');
      const refuse = (index: number, field: string, code: string, params: Record<string, unknown> = {}) =>
        new AppError('validation.failed', 400, { index }, [{ field, code, params }]);
      const groupIds = [...new Set(items.map((i) => i.groupId).filter((g): g is number => g !== null))];
      const groups = new Map((await store.groupsByIds(trx, groupIds)).map((g) => [g.id, g]));
      const linked = [...new Set(items.map((i) => i.personId).filter((p): p is number => p !== undefined))];
      const people = new Map<number, Row<'people'>>();
      const hashes = items.map((i) => (i.person?.idNumber ? cipher.blindIndex(i.person.idNumber) : null));
      const taken = new Map<string, string>();
      const enrolled = new Set<number>();
      for (let i = 0; i < Math.max(linked.length, hashes.length); i += 500) {
        for (const p of await store.findPeopleByIds(trx, linked.slice(i, i + 500))) people.set(p.id, p);
        for (const e of await store.enrolmentsOfPeopleIn(trx, classId, linked.slice(i, i + 500))) enrolled.add(e.person_id);
        const chunk = hashes.slice(i, i + 500).filter((h): h is string => h !== null);
        for (const p of await store.findPeopleByIdHashes(trx, cls.institution_id, chunk)) taken.set(p.id_number_hash!, p.name);
      }
      const seen = new Set<string>();
      items.forEach((item, index) => {
        if (item.groupId !== null) {
          const g = groups.get(item.groupId);
          if (!g) throw refuse(index, 'groupId', 'not_found', { entity: 'group' });
          if (g.class_id !== classId) throw refuse(index, 'groupId', 'group.other_class');
        }
        if (item.personId !== undefined) {
          const p = people.get(item.personId);
          if (!p || p.institution_id !== cls.institution_id) throw refuse(index, 'personId', 'not_found', { entity: 'person' });
          if (enrolled.has(p.id)) throw conflict('enrolment.duplicate', { name: p.name, index });
          enrolled.add(p.id);
        } else if (!item.person) throw refuse(index, 'person', 'required');
        const hash = hashes[index];
        if (hash && (taken.has(hash) || seen.has(hash)))
          throw refuse(index, 'person.idNumber', 'person.duplicate_id_number', { name: taken.get(hash) ?? item.person?.name });
        if (hash) seen.add(hash);
      });

      const at = nowIso();
      const enrolmentIds: number[] = [];
      const records: Array<Parameters<AuditService['record']>[2]> = [];
      for (let start = 0; start < items.length; start += 500) {
        const chunk = items.slice(start, start + 500);
        const fresh = chunk.filter((i) => i.personId === undefined);
        const newIds = await store.insertPeople(
          trx,
          fresh.map((i) => ({
            institution_id: cls.institution_id,
            name: i.person!.name,
            name_bo: null,
            name_latin: null,
            gender: null,
            ethnicity: null,
            work_unit: null,
            position: null,
            rank: null,
            phone: null,
            id_number_enc: null,
            id_number_hash: null,
            id_number_masked: null,
            notes: null,
            ...personColumns(i.person!),
            is_sample: 0,
            created_at: at,
            updated_at: at,
          })),
        );
        let n = 0;
        const personIds = chunk.map((i) => i.personId ?? newIds[n++]);
        for (const [k, i] of fresh.entries()) records.push({ action: 'person.create', entity: 'person', entityId: newIds[k], after: auditPerson(i.person!) });
        const ids = await store.insertEnrolments(
          trx,
          chunk.map((i, k) => ({
            class_id: classId,
            person_id: personIds[k],
            group_id: i.groupId,
            role: i.groupId === null ? 'member' : i.role,
            status: 'enrolled' as const,
            withdrawn_reason: null,
            created_at: at,
            updated_at: at,
          })),
        );
        for (const [k, i] of chunk.entries()) {
          records.push({
            action: 'enrolment.create',
            entity: 'enrolment',
            entityId: ids[k],
            classId,
            after: { personId: personIds[k], groupId: i.groupId, role: i.groupId === null ? 'member' : i.role },
          });
        }
        enrolmentIds.push(...ids);
        onProgress?.(Math.min(items.length, start + chunk.length), items.length);
      }
      // The last leader named for a group leads it; everyone else there becomes a member.
      const leaderOf = new Map<number, number>();
      items.forEach((i, k) => {
        if (i.groupId !== null && i.role === 'group_leader') leaderOf.set(i.groupId, enrolmentIds[k]);
      });
      for (const [groupId, enrolmentId] of leaderOf) await store.demoteLeaders(trx, groupId, enrolmentId, at);
      await audit.recordMany(trx, actor, records);
      return enrolmentIds;
    },

    /**
     * The roster screen's "add trainee". A returning trainee — the ID number and name of someone
     * on record in this institution — is enrolled as that person, as the import does, so their
     * training hours add up across classes; what the form filled in besides (a new work unit or
     * phone) updates the record. The same ID number under another name is refused.
     */
    async enrol(actor: Actor, classId: number, input: z.infer<typeof EnrolBody>) {
      const { id, linked } = await database.transaction(async (trx) => {
        const cls = await classes.requireWritable(trx, classId, 'roster');
        const entered = input.person;
        const known = entered?.idNumber ? await store.findPersonByIdHash(trx, cls.institution_id, cipher.blindIndex(entered.idNumber)) : undefined;
        if (!entered || !known || sameName(known.name) !== sameName(entered.name))
          return { id: await service.enrolIn(trx, actor, classId, input), linked: false };
        const enrolmentId = await service.enrolIn(trx, actor, classId, { ...input, person: undefined, personId: known.id });
        const { name: _n, idNumber: _i, ...rest } = entered;
        const patch = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== null && v !== undefined && v !== '')) as Partial<PersonInput>;
        const columns = personColumns(patch);
        const changed = Object.fromEntries(Object.entries(columns).filter(([k, v]) => known[k as keyof typeof known] !== v));
        if (Object.keys(changed).length) {
          await store.updatePerson(trx, known.id, { ...changed, updated_at: nowIso() });
          await audit.record(trx, actor, { action: 'person.update', entity: 'person', entityId: known.id, classId, after: auditPerson(patch) });
        }
        return { id: enrolmentId, linked: true };
      });
      return { ...(await service.getEnrolment(id)), linkedExistingPerson: linked };
    },

    async updateEnrolment(actor: Actor, enrolmentId: number, patch: z.infer<typeof UpdateEnrolmentBody>) {
      await database.transaction(async (trx) => {
        const before = await requireEnrolment(trx, enrolmentId);
        const cls = await classes.requireWritable(trx, before.class_id, 'roster');
        if (before.status === 'withdrawn') throw conflict('enrolment.withdrawn');
        const at = nowIso();
        const change: Patch<'enrolments'> = {};
        let groupId = before.group_id;
        if (patch.groupId !== undefined) {
          groupId = (await requireGroupOf(trx, before.class_id, patch.groupId))?.id ?? null;
          change.group_id = groupId;
          // A leader who changes group stops leading the old one.
          if (groupId !== before.group_id && before.role === 'group_leader' && patch.role === undefined) change.role = 'member';
        }
        if (patch.role !== undefined) change.role = groupId ? patch.role : 'member';
        if (Object.keys(change).length) {
          await store.updateEnrolment(trx, enrolmentId, { ...change, updated_at: at });
          if (change.role === 'group_leader' && groupId) await store.demoteLeaders(trx, groupId, enrolmentId, at);
        }
        if (patch.person && Object.keys(patch.person).length) {
          await assertIdNumberFree(trx, cls.institution_id, patch.person.idNumber, before.person_id);
          await store.updatePerson(trx, before.person_id, { ...personColumns(patch.person), updated_at: at });
          await audit.record(trx, actor, {
            action: 'person.update',
            entity: 'person',
            entityId: before.person_id,
            classId: before.class_id,
            before: toEnrolment(before).person,
            after: auditPerson(patch.person),
          });
        }
        if (Object.keys(change).length) {
          await audit.record(trx, actor, {
            action: 'enrolment.update',
            entity: 'enrolment',
            entityId: enrolmentId,
            classId: before.class_id,
            before: { groupId: before.group_id, role: before.role },
            after: change,
          });
        }
      });
      return service.getEnrolment(enrolmentId);
    },

    async withdraw(actor: Actor, enrolmentId: number, reason: string) {
      await database.transaction(async (trx) => {
        const before = await requireEnrolment(trx, enrolmentId);
        await classes.requireWritable(trx, before.class_id, 'roster');
        if (before.status === 'withdrawn') throw conflict('enrolment.withdrawn');
        await store.updateEnrolment(trx, enrolmentId, { status: 'withdrawn', withdrawn_reason: reason, role: 'member', updated_at: nowIso() });
        await audit.record(trx, actor, {
          action: 'enrolment.withdraw',
          entity: 'enrolment',
          entityId: enrolmentId,
          classId: before.class_id,
          before: { status: before.status },
          after: { status: 'withdrawn', reason },
        });
      });
      return service.getEnrolment(enrolmentId);
    },

    async moveToGroup(actor: Actor, classId: number, enrolmentIds: number[], groupId: number | null) {
      const ids = [...new Set(enrolmentIds)];
      await database.transaction(async (trx) => {
        await classes.requireWritable(trx, classId, 'roster');
        const group = await requireGroupOf(trx, classId, groupId);
        const rows = await store.findEnrolmentsByIds(trx, ids);
        const foreign = ids.filter((id) => !rows.some((r) => r.id === id && r.class_id === classId && r.status === 'enrolled'));
        if (foreign.length)
          throw new AppError('validation.failed', 400, {}, [
            { field: 'enrolmentIds', code: 'not_found', params: { entity: 'enrolment', id: foreign.join(',') } },
          ]);
        const at = nowIso();
        // Moving leaders out of their group ends their leadership.
        for (const r of rows) {
          const patch: Patch<'enrolments'> = { group_id: group?.id ?? null, updated_at: at };
          if (r.group_id !== (group?.id ?? null) && r.role === 'group_leader') patch.role = 'member';
          await store.updateEnrolment(trx, r.id, patch);
          await audit.record(trx, actor, {
            action: 'enrolment.move',
            entity: 'enrolment',
            entityId: r.id,
            classId,
            before: { groupId: r.group_id },
            after: { groupId: group?.id ?? null },
          });
        }
      });
      return service.listRoster(classId);
    },

    async revealIdNumber(actor: Actor, enrolmentId: number) {
      const row = await requireEnrolment(db, enrolmentId);
      const person = await store.findPerson(db, row.person_id);
      await audit.record(db, actor, { action: 'person.reveal_id_number', entity: 'person', entityId: row.person_id, classId: row.class_id });
      return { idNumber: person?.id_number_enc ? cipher.decrypt(person.id_number_enc) : null };
    },

    async listGroups(classId: number) {
      const [groups, roster] = await Promise.all([store.listGroups(db, classId), store.listRoster(db, classId)]);
      return groups.map((g) => {
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
      const id = await database.transaction((trx) => service.createGroupIn(trx, actor, classId, input));
      return (await service.listGroups(classId)).find((g) => g.id === id)!;
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
      return (await service.listGroups(classId)).find((g) => g.id === groupId)!;
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

    /** For other modules that point at groups or trainees: which class each belongs to. */
    groupsByIds: (trx: Executor, ids: number[]) => store.groupsByIds(trx, ids),
    enrolmentsByIds: (trx: Executor, ids: number[]) => store.findEnrolmentsByIds(trx, ids),
    findGroupByName: (trx: Executor, classId: number, name: string) => store.findGroupByName(trx, classId, name),
    findEnrolmentRow: (trx: Executor, enrolmentId: number) => store.findEnrolment(trx, enrolmentId),
  };
  return service;
};
export type RosterService = ReturnType<typeof makeRosterService>;
