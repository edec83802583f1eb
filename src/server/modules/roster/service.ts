import type { z } from 'zod';
import type { EnrolBody, UpdateEnrolmentBody } from '../../../contracts';
import { normaliseNameDots } from '../../../contracts';
import type { Executor } from '../../db/connection';
import { type Actor, can } from '../../lib/permissions';
import { makeEnrolments } from './enrolment';
import { makeGroups } from './groups';
import { makePeople } from './people';
import { makeRosterKit, type RosterDeps, toEnrolment } from './shared';
import type { RosterRow } from './store';

export { toEnrolment } from './shared';

/**
 * The roster: people (the institution's records), enrolments and groups. The use cases live
 * beside this file (people.ts, enrolment.ts, groups.ts); this composes them and decides what a
 * reader sees of a roster.
 */
export const makeRosterService = (deps: RosterDeps) => {
  const { database, store, classes } = deps;
  const db = database.db;
  const kit = makeRosterKit(deps);
  const people = makePeople(deps, kit);
  const enrolments = makeEnrolments(deps, kit, people);
  const groups = makeGroups(deps);

  /**
   * Phone numbers are for those who run the class; a read-only reader (a sponsor) sees them only
   * where the institution allows it; the office phone is hidden with the mobile. No viewer means an
   * internal caller (CLI, other services).
   */
  async function phonesVisible(viewer: Actor | null | undefined, classId: number) {
    if (!viewer) return true;
    const c = await classes.requireClass(db, classId);
    if (can(viewer, 'roster.write', { institutionId: c.institution_id, programmeId: c.programme_id, classId })) return true;
    return (await classes.institutionSettings(db, c.institution_id)).sponsorsSeePhones;
  }
  const shown = (rows: RosterRow[], phones: boolean) => rows.map((r) => toEnrolment(phones ? r : { ...r, phone: null, office_phone: null }));

  const service = {
    async listRoster(classId: number, opts: { includeWithdrawn?: boolean; q?: string } = {}, viewer?: Actor | null) {
      const phones = await phonesVisible(viewer, classId);
      // Nor can a search by phone number find someone for a reader who may not see phones.
      // Names are stored with U+00B7; a search typed with another middle dot finds them too.
      const q = opts.q === undefined ? undefined : normaliseNameDots(opts.q);
      return shown(await store.listRoster(db, classId, { ...opts, q, searchPhones: phones }), phones);
    },

    async getEnrolment(enrolmentId: number, viewer?: Actor | null) {
      const row = await kit.requireEnrolment(db, enrolmentId);
      return shown([row], await phonesVisible(viewer, row.class_id))[0];
    },

    createPerson: people.createPerson,
    findPersonByIdNumber: people.findPersonByIdNumber,
    findPeopleByIdNumbers: people.findPeopleByIdNumbers,
    findPersonByNamePhone: people.findPersonByNamePhone,
    blindIndex: people.blindIndex,
    findPeopleByNamePhones: people.findPeopleByNamePhones,
    /** Changes a shared record from one class (refused while another class of the person is locked); callers hold the transaction. */
    editSharedRecord: people.editSharedRecord,
    revealIdNumber: people.revealIdNumber,

    /** The class's roster rows (withdrawn included) and groups, read inside the caller's transaction. */
    rosterIn: (trx: Executor, classId: number) => store.listRoster(trx, classId, { includeWithdrawn: true }),
    groupsIn: (trx: Executor, classId: number) => store.listGroups(trx, classId),

    enrolIn: enrolments.enrolIn,
    enrolManyIn: enrolments.enrolManyIn,
    async enrol(actor: Actor, classId: number, input: z.infer<typeof EnrolBody>) {
      const { id, linked, recordLocked } = await enrolments.enrol(actor, classId, input);
      return { ...(await service.getEnrolment(id)), linkedExistingPerson: linked, recordLocked };
    },
    async updateEnrolment(actor: Actor, enrolmentId: number, patch: z.infer<typeof UpdateEnrolmentBody>) {
      await enrolments.updateEnrolment(actor, enrolmentId, patch);
      return service.getEnrolment(enrolmentId);
    },
    async withdraw(actor: Actor, enrolmentId: number, reason: string) {
      await enrolments.withdraw(actor, enrolmentId, reason);
      return service.getEnrolment(enrolmentId);
    },
    async moveToGroup(actor: Actor, classId: number, enrolmentIds: number[], groupId: number | null) {
      await enrolments.moveToGroup(actor, classId, enrolmentIds, groupId);
      return service.listRoster(classId);
    },

    ...groups,

    /** For other modules that point at groups or trainees: which class each belongs to. */
    groupsByIds: (trx: Executor, ids: number[]) => store.groupsByIds(trx, ids),
    enrolmentsByIds: (trx: Executor, ids: number[]) => store.findEnrolmentsByIds(trx, ids),
    findGroupByName: (trx: Executor, classId: number, name: string) => store.findGroupByName(trx, classId, name),
    findEnrolmentRow: (trx: Executor, enrolmentId: number) => store.findEnrolment(trx, enrolmentId),
  };
  return service;
};
export type RosterService = ReturnType<typeof makeRosterService>;
