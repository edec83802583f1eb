import './tables';
import type { Executor } from '../../db/connection';
import type { NewRow } from '../../db/schema';

// All SQL of 结业鉴定 forms.
const withSigner = (db: Executor) =>
  db.selectFrom('appraisals as a').leftJoin('users as u', 'u.id', 'a.signed_off_by').selectAll('a').select('u.display_name as signed_off_by_name');

export const makeAppraisalStore = () => ({
  ofEnrolment: (db: Executor, enrolmentId: number) => withSigner(db).where('a.enrolment_id', '=', enrolmentId).executeTakeFirst(),
  ofClass: (db: Executor, classId: number) => withSigner(db).where('a.class_id', '=', classId).execute(),
  /** The form of an enrolment, made empty on first write. */
  ensure: (db: Executor, row: NewRow<'appraisals'>) =>
    db
      .insertInto('appraisals')
      .values(row)
      .onConflict((oc) => oc.column('enrolment_id').doNothing())
      .execute(),
  update: (db: Executor, enrolmentId: number, patch: Partial<NewRow<'appraisals'>>) =>
    db.updateTable('appraisals').set(patch).where('enrolment_id', '=', enrolmentId).execute(),
});
export type AppraisalStore = ReturnType<typeof makeAppraisalStore>;
