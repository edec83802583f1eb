import type { z } from 'zod';
import type { DietaryNeedsBody, IdType, PersonInput } from '../../../contracts';
import type { Database, Executor } from '../../db/connection';
import type { NewRow, Patch } from '../../db/schema';
import { AppError, notFound } from '../../lib/errors';
import type { Actor } from '../../lib/permissions';
import { documentKey, maskDocumentNumber, type PersonalDataCipher } from '../../lib/personal-data';
import type { AuditService } from '../audit/service';
import type { ClassService } from '../classes/service';
import type { RosterRow, RosterStore } from './store';

// What the roster's use cases (people, enrolment, groups) share: their dependencies, the row
// mapping and the checks more than one of them makes.

export type RosterDeps = {
  database: Database;
  store: RosterStore;
  cipher: PersonalDataCipher;
  audit: Pick<AuditService, 'record' | 'recordMany'>;
  classes: Pick<ClassService, 'requireWritable' | 'requireClass' | 'institutionSettings'>;
  /**
   * Dietary needs live with the meals (the residence module, built after the roster); app.ts hands
   * in its writer so a trainee and their needs are saved in one transaction.
   */
  dietary: {
    setIn(trx: Executor, actor: Actor, classId: number, enrolmentId: number, needs: z.infer<typeof DietaryNeedsBody>): Promise<void>;
  };
  now?: () => number;
};

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
    officePhone: r.office_phone,
    idType: (r.id_type as IdType | null) ?? null,
    idNumberMasked: r.id_number_masked,
    isSample: r.is_sample === 1,
  },
});

/** What the audit log keeps of a person: never the ID number itself. */
export const auditPerson = (p: Partial<PersonInput>) => ({ ...p, idNumber: p.idNumber ? maskDocumentNumber(p.idNumber) : p.idNumber });

export const sameName = (name: string) => name.replace(/\s+/g, '').normalize('NFC');

export function makeRosterKit(deps: RosterDeps) {
  const { store, cipher } = deps;
  const kit = {
    personColumns(input: Partial<PersonInput>): Patch<'people'> {
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
      if (input.officePhone !== undefined) out.office_phone = input.officePhone ?? null;
      if (input.notes !== undefined) out.notes = input.notes ?? null;
      if (input.idNumber !== undefined) {
        const type = input.idNumber ? (input.idType ?? 'resident_id') : null;
        out.id_type = type;
        out.id_number_enc = input.idNumber ? cipher.encrypt(input.idNumber) : null;
        out.id_number_hash = input.idNumber ? cipher.blindIndex(documentKey(type!, input.idNumber)) : null;
        out.id_number_masked = input.idNumber ? maskDocumentNumber(input.idNumber) : null;
      }
      return out;
    },

    /** A new row of `people`: what `input` gives, nothing else. */
    newPersonRow(institutionId: number, input: PersonInput, at: string, isSample = false): NewRow<'people'> {
      return {
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
        office_phone: null,
        id_type: null,
        id_number_enc: null,
        id_number_hash: null,
        id_number_masked: null,
        notes: null,
        ...kit.personColumns(input),
        is_sample: isSample ? 1 : 0,
        created_at: at,
        updated_at: at,
      };
    },

    async assertIdNumberFree(trx: Executor, institutionId: number, idNumber: string | null | undefined, exceptPersonId?: number, idType: IdType | null = null) {
      if (!idNumber) return;
      const other = await store.findPersonByIdHash(trx, institutionId, cipher.blindIndex(documentKey(idType ?? 'resident_id', idNumber)));
      if (other && other.id !== exceptPersonId) {
        throw new AppError('validation.failed', 409, {}, [{ field: 'person.idNumber', code: 'person.duplicate_id_number', params: { name: other.name } }]);
      }
    },

    async requireGroupOf(trx: Executor, classId: number, groupId: number | null | undefined) {
      if (groupId === null || groupId === undefined) return null;
      const g = await store.findGroup(trx, groupId);
      if (!g) throw new AppError('validation.failed', 400, {}, [{ field: 'groupId', code: 'not_found', params: { entity: 'group' } }]);
      if (g.class_id !== classId) throw new AppError('validation.failed', 400, {}, [{ field: 'groupId', code: 'group.other_class' }]);
      return g;
    },

    async requireEnrolment(trx: Executor, enrolmentId: number) {
      const row = await store.findEnrolment(trx, enrolmentId);
      if (!row) throw notFound('enrolment', enrolmentId);
      return row;
    },
  };
  return kit;
}
export type RosterKit = ReturnType<typeof makeRosterKit>;
