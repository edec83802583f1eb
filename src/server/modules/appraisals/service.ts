import type { z } from 'zod';
import type { Appraisal, AppraisalList, SelfAppraisalBody, StaffAppraisalBody } from '../../../contracts/appraisals';
import { type Database, type Executor, nowIso } from '../../db/connection';
import type { Row } from '../../db/schema';
import { AppError, invalid, notFound } from '../../lib/errors';
import type { Actor } from '../../lib/permissions';
import { localDay } from '../attendance/summary';
import type { AuditService } from '../audit/service';
import type { InstitutionService } from '../classes/institution-service';
import type { ClassService } from '../classes/service';
import type { CompletionService } from '../completion/service';
import type { HoursService } from '../hours/service';
import type { RosterService } from '../roster/service';
import type { RosterRow } from '../roster/store';
import { type AppraisalDocument, renderAppraisals } from './render';
import type { AppraisalStore } from './store';

type AppraisalRow = Row<'appraisals'> & { signed_off_by_name: string | null };
type Hours = Appraisal['hours'];
const NO_HOURS: Hours = { attendedHours: 0, leaveHours: 0, absentHours: 0, totalHours: 0 };

// 结业鉴定 (#19): one form per trainee. The trainee writes the self-appraisal on the phone; the
// class teacher (or the group leader, through them) the group's and their own; hours come from the
// hours ledger. Signed off by the class teacher, the form is locked: every edit is refused until an
// organizer unlocks it with a reason (audited).
export const makeAppraisalService = (deps: {
  database: Database;
  store: AppraisalStore;
  audit: Pick<AuditService, 'record'>;
  classes: Pick<ClassService, 'requireClass'>;
  roster: Pick<RosterService, 'rosterIn' | 'findEnrolmentRow'>;
  hours: Pick<HoursService, 'personHours'>;
  completion: Pick<CompletionService, 'ruleIn'>;
  institutions: Pick<InstitutionService, 'documentImage'>;
}) => {
  const { database, store, audit } = deps;
  const db = database.db;

  /** The trainee's hours in this class from the ledger (#5): attended, leave, absent, in all. */
  async function hoursOf(p: RosterRow): Promise<Hours> {
    const ledger = await deps.hours.personHours(p.person_id);
    const h = ledger.classes.find((c) => c.enrolmentId === p.id)?.hours;
    return h ? { attendedHours: h.attendedHours, leaveHours: h.leaveHours, absentHours: h.absentHours, totalHours: h.totalHours } : NO_HOURS;
  }

  function view(p: RosterRow, a: AppraisalRow | undefined, hours: Hours): Appraisal {
    return {
      classId: p.class_id,
      enrolmentId: p.id,
      name: p.name,
      nameBo: p.name_bo,
      gender: p.gender,
      ethnicity: p.ethnicity,
      workUnit: p.work_unit,
      position: p.position,
      groupName: p.group_name ?? null,
      enrolmentStatus: p.status,
      hours,
      selfText: a?.self_text ?? null,
      groupText: a?.group_text ?? null,
      groupBy: a?.group_by ?? null,
      teacherText: a?.teacher_text ?? null,
      signedOffAt: a?.signed_off_at ?? null,
      signedOffBy: a?.signed_off_by_name ?? null,
      unlockReason: a?.unlock_reason ?? null,
      updatedAt: a?.updated_at ?? null,
    };
  }

  async function enrolmentInClass(trx: Executor, classId: number, enrolmentId: number) {
    const e = await deps.roster.findEnrolmentRow(trx, enrolmentId);
    if (!e || e.class_id !== classId) throw notFound('enrolment', enrolmentId);
    return e;
  }

  /** The form for writing: made on first use, refused once signed off or when the class is archived. */
  async function openForm(trx: Executor, e: RosterRow) {
    const cls = await deps.classes.requireClass(trx, e.class_id);
    if (cls.status === 'archived') throw new AppError('class.locked', 409, { status: cls.status, what: 'appraisals' });
    const at = nowIso();
    await store.ensure(trx, { class_id: e.class_id, enrolment_id: e.id, created_at: at, updated_at: at });
    const a = (await store.ofEnrolment(trx, e.id))!;
    if (a.signed_off_at) throw new AppError('appraisal.locked', 409, { name: e.name, by: a.signed_off_by_name ?? '' });
    return a;
  }

  async function change(actor: Actor, e: RosterRow, action: string, patch: Partial<Row<'appraisals'>>) {
    return database.transaction(async (trx) => {
      const before = await openForm(trx, e);
      await store.update(trx, e.id, { ...patch, updated_at: nowIso() });
      const changed = Object.fromEntries(Object.keys(patch).map((k) => [k, before[k as keyof AppraisalRow]]));
      await audit.record(trx, actor, { action, entity: 'enrolment', entityId: e.id, classId: e.class_id, before: changed, after: { name: e.name, ...patch } });
    });
  }

  async function documentOf(classId: number, enrolments: RosterRow[]): Promise<AppraisalDocument> {
    const { cls, institution } = await deps.completion.ruleIn(db, classId);
    const rows = await store.ofClass(db, classId);
    const of = new Map(rows.map((r) => [r.enrolment_id, r]));
    const seal = await deps.institutions.documentImage(institution.id, 'seal');
    const forms = [];
    for (const p of enrolments) forms.push(view(p, of.get(p.id), await hoursOf(p)));
    // The seal line's date: the day the form was signed off, else the class's last day, in the class's time zone.
    const dateOf = (f: Appraisal) => (f.signedOffAt ? localDay(f.signedOffAt, cls.time_zone) : cls.ends_on);
    return {
      institutionName: institution.name,
      classTitle: cls.title,
      startsOn: cls.starts_on,
      endsOn: cls.ends_on,
      seal: seal ? seal.data : null,
      forms: forms.map((f) => ({ ...f, sealDate: dateOf(f) })),
    };
  }

  const service = {
    async mine(actor: Actor, enrolmentId: number) {
      const e = await deps.roster.findEnrolmentRow(db, enrolmentId);
      if (!e || e.person_id !== actor.personId) throw notFound('enrolment', enrolmentId);
      return view(e, await store.ofEnrolment(db, enrolmentId), await hoursOf(e));
    },
    async saveSelf(actor: Actor, enrolmentId: number, input: z.infer<typeof SelfAppraisalBody>) {
      const e = await deps.roster.findEnrolmentRow(db, enrolmentId);
      if (!e || e.person_id !== actor.personId) throw notFound('enrolment', enrolmentId);
      await change(actor, e, 'appraisal.self', { self_text: input.selfText ?? null });
      return service.mine(actor, enrolmentId);
    },

    async list(classId: number): Promise<AppraisalList> {
      await deps.classes.requireClass(db, classId);
      const [people, rows] = await Promise.all([deps.roster.rosterIn(db, classId), store.ofClass(db, classId)]);
      const of = new Map(rows.map((r) => [r.enrolment_id, r]));
      const shown = people.filter((p) => p.status === 'enrolled' || of.has(p.id));
      const out = [];
      for (const p of shown) out.push(view(p, of.get(p.id), await hoursOf(p)));
      const workUnits = [...new Set(shown.map((p) => p.work_unit).filter((w): w is string => !!w))].sort((a, b) => a.localeCompare(b, 'zh-CN'));
      return { classId, workUnits, rows: out };
    },
    async get(classId: number, enrolmentId: number) {
      const e = await enrolmentInClass(db, classId, enrolmentId);
      return view(e, await store.ofEnrolment(db, enrolmentId), await hoursOf(e));
    },
    async saveStaff(actor: Actor, classId: number, enrolmentId: number, input: z.infer<typeof StaffAppraisalBody>) {
      const e = await enrolmentInClass(db, classId, enrolmentId);
      const patch = {
        ...(input.groupText !== undefined && { group_text: input.groupText }),
        ...(input.groupBy !== undefined && { group_by: input.groupBy }),
        ...(input.teacherText !== undefined && { teacher_text: input.teacherText }),
      };
      await change(actor, e, 'appraisal.update', patch);
      return service.get(classId, enrolmentId);
    },
    /** The class teacher signs the form off: it is locked from then on. Their appraisal must be written. */
    async signOff(actor: Actor, classId: number, enrolmentId: number) {
      const e = await enrolmentInClass(db, classId, enrolmentId);
      await database.transaction(async (trx) => {
        const a = await openForm(trx, e);
        if (!a.teacher_text) throw invalid('appraisal.teacher_text_required', 'teacherText', { name: e.name });
        const at = nowIso();
        await store.update(trx, enrolmentId, { signed_off_at: at, signed_off_by: actor.userId, unlock_reason: null, updated_at: at });
        await audit.record(trx, actor, {
          action: 'appraisal.sign_off',
          entity: 'enrolment',
          entityId: enrolmentId,
          classId,
          after: { name: e.name, signedOffAt: at },
        });
      });
      return service.get(classId, enrolmentId);
    },
    /** An organizer reopens a signed-off form, with the reason (kept on the form and in the audit log). */
    async unlock(actor: Actor, classId: number, enrolmentId: number, reason: string) {
      const e = await enrolmentInClass(db, classId, enrolmentId);
      await database.transaction(async (trx) => {
        const a = await store.ofEnrolment(trx, enrolmentId);
        if (!a?.signed_off_at) throw new AppError('appraisal.not_signed_off', 409, { name: e.name });
        await store.update(trx, enrolmentId, { signed_off_at: null, signed_off_by: null, unlock_reason: reason, updated_at: nowIso() });
        await audit.record(trx, actor, {
          action: 'appraisal.unlock',
          entity: 'enrolment',
          entityId: enrolmentId,
          classId,
          before: { signedOffAt: a.signed_off_at, signedOffBy: a.signed_off_by_name },
          after: { name: e.name, reason },
        });
      });
      return service.get(classId, enrolmentId);
    },

    /** One trainee's form as a PDF. */
    async pdf(classId: number, enrolmentId: number) {
      const e = await enrolmentInClass(db, classId, enrolmentId);
      const doc = await documentOf(classId, [e]);
      return { fileName: `结业鉴定-${e.name}.pdf`, data: await renderAppraisals(doc, null) };
    },
    /** Every enrolled trainee of one work unit: a cover letter (致 XX 单位), then each form, as one PDF. */
    async batch(classId: number, workUnit: string) {
      await deps.classes.requireClass(db, classId);
      const people = (await deps.roster.rosterIn(db, classId)).filter((p) => p.status === 'enrolled' && (p.work_unit ?? '') === workUnit);
      if (!people.length) throw invalid('appraisal.no_trainees_of_unit', 'workUnit', { workUnit });
      const doc = await documentOf(classId, people);
      return { fileName: `结业鉴定-${workUnit}.pdf`, data: await renderAppraisals(doc, workUnit) };
    },
  };
  return service;
};
export type AppraisalService = ReturnType<typeof makeAppraisalService>;
