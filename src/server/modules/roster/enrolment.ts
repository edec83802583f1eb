import type { z } from 'zod';
import type { DietaryNeedsBody, EnrolBody, PersonInput, UpdateEnrolmentBody } from '../../../contracts';
import { type Executor, nowIso } from '../../db/connection';
import type { Patch, Row } from '../../db/schema';
import { AppError, conflict, forbidden } from '../../lib/errors';
import { type Actor, can } from '../../lib/permissions';
import { documentKey } from '../../lib/personal-data';
import type { AuditService } from '../audit/service';
import type { People } from './people';
import { auditPerson, type RosterDeps, type RosterKit, sameName } from './shared';

type DietaryNeeds = z.infer<typeof DietaryNeedsBody>;
type EnrolInput = z.infer<typeof EnrolBody> & { person?: PersonInput & { isSample?: boolean } };

/** Who is in a class: enrolling one or many, editing, withdrawing, moving between groups. */
export function makeEnrolments(deps: RosterDeps, kit: RosterKit, people: People) {
  const { database, store, cipher, audit, classes } = deps;

  /** Dietary needs sent with the trainee are the meals module's (its own right, meals.write, and its own audit entry). */
  async function saveDietary(trx: Executor, actor: Actor, classId: number, enrolmentId: number, needs: DietaryNeeds | undefined) {
    if (!needs) return;
    const cls = await classes.requireClass(trx, classId);
    if (!can(actor, 'meals.write', { institutionId: cls.institution_id, programmeId: cls.programme_id, classId })) throw forbidden();
    await deps.dietary.setIn(trx, actor, classId, enrolmentId, needs);
  }

  const enrolments = {
    /**
     * Enrols an existing or new person. The roster screen (through `enrol`), the import and the
     * demo loader come here; whoever names an existing person by id has checked that they may.
     */
    async enrolIn(trx: Executor, actor: Actor | null, classId: number, input: EnrolInput) {
      const cls = await classes.requireWritable(trx, classId, 'roster');
      const group = await kit.requireGroupOf(trx, classId, input.groupId);
      let personId = input.personId;
      if (personId === undefined) {
        personId = await people.createPerson(trx, actor, cls.institution_id, input.person!);
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
      const known = new Map<number, Row<'people'>>();
      const hashes = items.map((i) => (i.person?.idNumber ? cipher.blindIndex(documentKey(i.person.idType ?? 'resident_id', i.person.idNumber)) : null));
      const taken = new Map<string, string>();
      const enrolled = new Set<number>();
      for (let i = 0; i < Math.max(linked.length, hashes.length); i += 500) {
        for (const p of await store.findPeopleByIds(trx, linked.slice(i, i + 500))) known.set(p.id, p);
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
          const p = known.get(item.personId);
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
          fresh.map((i) => kit.newPersonRow(cls.institution_id, i.person!, at)),
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
     * phone) updates the record, unless a class the person belongs to is locked (completed or
     * archived), whose record stays as it was (`recordLocked` says so). The same ID number under
     * another name is refused. A person named by id must be on a roster the caller may read.
     */
    async enrol(actor: Actor, classId: number, input: z.infer<typeof EnrolBody>) {
      return database.transaction(async (trx) => {
        const added = await enrolments.enrolOneIn(trx, actor, classId, input);
        await saveDietary(trx, actor, classId, added.id, input.dietary);
        return added;
      });
    },

    /** One trainee from the roster screen: a returning trainee (same ID number and name) is linked to their record. */
    async enrolOneIn(trx: Executor, actor: Actor, classId: number, input: z.infer<typeof EnrolBody>) {
      const cls = await classes.requireWritable(trx, classId, 'roster');
      if (input.personId !== undefined) await people.requireVisiblePerson(trx, actor, input.personId, cls.institution_id);
      const entered = input.person;
      const known = entered?.idNumber
        ? await store.findPersonByIdHash(trx, cls.institution_id, cipher.blindIndex(documentKey(entered.idType ?? 'resident_id', entered.idNumber)))
        : undefined;
      if (!entered || !known || sameName(known.name) !== sameName(entered.name))
        return { id: await enrolments.enrolIn(trx, actor, classId, input), linked: false, recordLocked: null };
      const enrolmentId = await enrolments.enrolIn(trx, actor, classId, { ...input, person: undefined, personId: known.id });
      const { name: _n, idNumber: _i, idType: _t, ...rest } = entered;
      const patch = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== null && v !== undefined && v !== '')) as Partial<PersonInput>;
      // Only what differs from the record is a change (each field is one column).
      const changed = Object.fromEntries(
        Object.entries(patch).filter(([k, v]) => {
          const [[column, value]] = Object.entries(kit.personColumns({ [k]: v }));
          return known[column as keyof typeof known] !== value;
        }),
      ) as Partial<PersonInput>;
      if (!Object.keys(changed).length) return { id: enrolmentId, linked: true, recordLocked: null };
      try {
        await people.editSharedRecord(trx, actor, known.id, changed, classId);
        return { id: enrolmentId, linked: true, recordLocked: null };
      } catch (e) {
        if (!(e instanceof AppError) || e.code !== 'person.record_locked') throw e;
        return { id: enrolmentId, linked: true, recordLocked: { title: String(e.params.title), status: e.params.status as 'completed' | 'archived' } };
      }
    },

    async updateEnrolment(actor: Actor, enrolmentId: number, patch: z.infer<typeof UpdateEnrolmentBody>) {
      await database.transaction(async (trx) => {
        const before = await kit.requireEnrolment(trx, enrolmentId);
        await classes.requireWritable(trx, before.class_id, 'roster');
        if (before.status === 'withdrawn') throw conflict('enrolment.withdrawn');
        const at = nowIso();
        const change: Patch<'enrolments'> = {};
        let groupId = before.group_id;
        if (patch.groupId !== undefined) {
          groupId = (await kit.requireGroupOf(trx, before.class_id, patch.groupId))?.id ?? null;
          change.group_id = groupId;
          // A leader who changes group stops leading the old one.
          if (groupId !== before.group_id && before.role === 'group_leader' && patch.role === undefined) change.role = 'member';
        }
        if (patch.role !== undefined) change.role = groupId ? patch.role : 'member';
        if (Object.keys(change).length) {
          await store.updateEnrolment(trx, enrolmentId, { ...change, updated_at: at });
          if (change.role === 'group_leader' && groupId) await store.demoteLeaders(trx, groupId, enrolmentId, at);
        }
        // The person's record is shared with their other classes: their locks and logs count too.
        if (patch.person && Object.keys(patch.person).length) await people.editSharedRecord(trx, actor, before.person_id, patch.person, before.class_id);
        await saveDietary(trx, actor, before.class_id, enrolmentId, patch.dietary);
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
    },

    async withdraw(actor: Actor, enrolmentId: number, reason: string) {
      await database.transaction(async (trx) => {
        const before = await kit.requireEnrolment(trx, enrolmentId);
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
    },

    async moveToGroup(actor: Actor, classId: number, enrolmentIds: number[], groupId: number | null) {
      const ids = [...new Set(enrolmentIds)];
      await database.transaction(async (trx) => {
        await classes.requireWritable(trx, classId, 'roster');
        const group = await kit.requireGroupOf(trx, classId, groupId);
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
    },
  };
  return enrolments;
}
