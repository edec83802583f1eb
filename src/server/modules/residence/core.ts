import type { Database, Executor } from '../../db/connection';
import type { Row } from '../../db/schema';
import { notFound } from '../../lib/errors';
import type { AttendanceService } from '../attendance/service';
import type { AuditService } from '../audit/service';
import type { ClassService } from '../classes/service';
import type { RosterService } from '../roster/service';
import type { ResidenceStore } from './store';

export type ResidenceDeps = {
  database: Database;
  store: ResidenceStore;
  audit: Pick<AuditService, 'record'>;
  classes: Pick<ClassService, 'requireClass' | 'requireWritable'>;
  roster: Pick<RosterService, 'rosterIn' | 'findEnrolmentRow'>;
  attendance: Pick<AttendanceService, 'listLeaves'>;
};

export type Trainee = Awaited<ReturnType<RosterService['rosterIn']>>[number];

const DIET_LABELS = { halal: '清真', vegetarian: '素食', no_pork: '不吃猪肉', no_beef_mutton: '不吃牛羊肉' } as const;

/** The needs in the words the kitchen uses: 清真、素食；过敏：花生；其他. */
export function dietaryText(d: Row<'dietary_needs'> | undefined): string | null {
  if (!d) return null;
  const parts: string[] = (Object.keys(DIET_LABELS) as Array<keyof typeof DIET_LABELS>).filter((k) => d[k]).map((k) => DIET_LABELS[k]);
  if (d.allergies) parts.push(`过敏：${d.allergies}`);
  if (d.notes) parts.push(d.notes);
  return parts.length ? parts.join('；') : null;
}

export const toDietary = (d: Row<'dietary_needs'> | undefined) => ({
  halal: !!d?.halal,
  vegetarian: !!d?.vegetarian,
  noPork: !!d?.no_pork,
  noBeefMutton: !!d?.no_beef_mutton,
  allergies: d?.allergies ?? null,
  notes: d?.notes ?? null,
});

export function makeResidenceCore(deps: ResidenceDeps) {
  const { store } = deps;
  return {
    /** The enrolled trainees of the class (withdrawn ones neither sleep nor eat here). */
    async traineesOf(trx: Executor, classId: number) {
      return (await deps.roster.rosterIn(trx, classId)).filter((r) => r.status === 'enrolled');
    },
    async requireTrainee(trx: Executor, classId: number, enrolmentId: number, field = 'enrolmentId') {
      const t = (await deps.roster.rosterIn(trx, classId)).find((r) => r.id === enrolmentId && r.status === 'enrolled');
      if (!t) throw Object.assign(notFound('enrolment', enrolmentId), { field });
      return t;
    },
    async dietaryByPerson(trx: Executor, personIds: number[]) {
      return new Map((await store.dietaryOf(trx, personIds)).map((d) => [d.person_id, d]));
    },
    async travelByEnrolment(trx: Executor, classId: number) {
      const legs = await store.listTravel(trx, classId);
      const of = new Map<number, { arrival?: Row<'travel_legs'>; departure?: Row<'travel_legs'> }>();
      for (const l of legs) of.set(l.enrolment_id, { ...of.get(l.enrolment_id), [l.direction]: l });
      return of;
    },
  };
}
export type ResidenceCore = ReturnType<typeof makeResidenceCore>;
