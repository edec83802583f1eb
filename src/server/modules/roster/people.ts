import type { IdType, PersonInput } from '../../../contracts';
import { type Executor, nowIso } from '../../db/connection';
import type { Row } from '../../db/schema';
import { AppError } from '../../lib/errors';
import { type Actor, can } from '../../lib/permissions';
import { documentKey } from '../../lib/personal-data';
import { auditPerson, type RosterDeps, type RosterKit } from './shared';

/** Full ID numbers one user may reveal per hour; more is not a roster being checked, it is a roster being copied. */
export const REVEALS_PER_HOUR = 30;

const personForAudit = (p: Row<'people'>) => ({
  name: p.name,
  nameBo: p.name_bo,
  nameLatin: p.name_latin,
  gender: p.gender,
  ethnicity: p.ethnicity,
  workUnit: p.work_unit,
  position: p.position,
  rank: p.rank,
  phone: p.phone,
  officePhone: p.office_phone,
  idType: p.id_type,
  idNumber: p.id_number_masked,
});

/**
 * The institution's records of people (档案). A person is shared by every class they attend, so
 * who may reach a record, and who may change it, is decided across those classes.
 */
export function makePeople(deps: RosterDeps, kit: RosterKit) {
  const { database, store, cipher, audit, classes } = deps;
  const clock = deps.now ?? Date.now;

  const people = {
    /** Creates a person in the institution's records (档案). Callers hold the transaction. */
    async createPerson(trx: Executor, actor: Actor | null, institutionId: number, input: PersonInput & { isSample?: boolean }) {
      await kit.assertIdNumberFree(trx, institutionId, input.idNumber, undefined, input.idType ?? null);
      const at = nowIso();
      const { id } = await store.insertPerson(trx, kit.newPersonRow(institutionId, input, at, input.isSample));
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
    /** The blind index of a document number (a mainland ID unless the type says otherwise). */
    blindIndex: (idNumber: string, idType: IdType = 'resident_id') => cipher.blindIndex(documentKey(idType, idNumber)),
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

    /**
     * A person named by id, for enrolling them: only someone the actor can already see, i.e. on
     * the roster of a class the actor may read. A guessed id of anyone else in the institution
     * is answered exactly like an id that does not exist.
     */
    async requireVisiblePerson(trx: Executor, actor: Actor, personId: number, institutionId: number) {
      const refuse = () => new AppError('validation.failed', 400, {}, [{ field: 'personId', code: 'not_found', params: { entity: 'person' } }]);
      const person = await store.findPerson(trx, personId);
      if (!person || person.institution_id !== institutionId) throw refuse();
      for (const classId of new Set((await store.enrolmentsOfPerson(trx, personId)).map((e) => e.class_id))) {
        const c = await classes.requireClass(trx, classId);
        if (can(actor, 'roster.read', { institutionId: c.institution_id, programmeId: c.programme_id, classId })) return person;
      }
      throw refuse();
    },

    /**
     * Changes a person's shared record from one class. Every class the person belongs to must
     * still accept roster changes (a completed class's roster, certificates and exports show this
     * record), and the change is audited in each of them, so no class's log misses it. Throws
     * `person.record_locked` before writing anything when one is locked.
     */
    async editSharedRecord(trx: Executor, actor: Actor | null, personId: number, patch: Partial<PersonInput>, fromClassId: number) {
      const person = await store.findPerson(trx, personId);
      if (!person) throw new AppError('not_found', 404, { entity: 'person', id: personId });
      const classIds = new Set([fromClassId, ...(await store.enrolmentsOfPerson(trx, personId)).map((e) => e.class_id)]);
      for (const classId of classIds) {
        try {
          await classes.requireWritable(trx, classId, 'roster');
        } catch (e) {
          if (!(e instanceof AppError) || e.code !== 'class.locked') throw e;
          const c = await classes.requireClass(trx, classId);
          throw new AppError('person.record_locked', 409, { name: person.name, title: c.title, status: c.status });
        }
      }
      await kit.assertIdNumberFree(trx, person.institution_id, patch.idNumber, personId, patch.idType ?? null);
      const columns = kit.personColumns(patch);
      if (!Object.keys(columns).length) return;
      await store.updatePerson(trx, personId, { ...columns, updated_at: nowIso() });
      const before = personForAudit(person);
      await audit.recordMany(
        trx,
        actor,
        [...classIds].map((classId) => ({ action: 'person.update', entity: 'person', entityId: personId, classId, before, after: auditPerson(patch) })),
      );
    },

    /**
     * The full ID number of a trainee, for those whose role may see it (the route checks
     * roster.reveal). Audited, and limited per user and hour across all instances.
     */
    async revealIdNumber(actor: Actor, enrolmentId: number) {
      return database.transaction(async (trx) => {
        const row = await kit.requireEnrolment(trx, enrolmentId);
        const now = clock();
        const hour = 3_600_000;
        const windowStart = new Date(now - (now % hour)).toISOString();
        // Counted first: a refused reveal rolls its count back, so the count stops at the limit.
        const hits = await store.countReveal(trx, actor.userId, windowStart);
        if (hits === 1) await store.pruneReveals(trx, actor.userId, windowStart);
        if (hits > REVEALS_PER_HOUR) {
          throw new AppError('person.reveal_limited', 429, { limit: REVEALS_PER_HOUR, minutes: Math.ceil((hour - (now % hour)) / 60_000) });
        }
        const person = await store.findPerson(trx, row.person_id);
        await audit.record(trx, actor, { action: 'person.reveal_id_number', entity: 'person', entityId: row.person_id, classId: row.class_id });
        return { idNumber: person?.id_number_enc ? cipher.decrypt(person.id_number_enc) : null };
      });
    },
  };
  return people;
}
export type People = ReturnType<typeof makePeople>;
