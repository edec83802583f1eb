import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { OUTSIDE_CERTIFICATE_TYPES, type OutsideTraining, type OutsideTrainingBody, type OutsideTrainingStatus } from '../../../contracts/outside-training';
import { type Database, type Executor, nowIso } from '../../db/connection';
import { AppError, forbidden, invalid, notFound } from '../../lib/errors';
import type { Actor } from '../../lib/permissions';
import type { FileStorage } from '../../storage';
import type { AuditService } from '../audit/service';
import type { OutsideTrainingRow, OutsideTrainingStore } from './store';

export type CertificateUpload = { filename: string; data: Buffer } | { filename: string; error: 'outside.certificate_too_large' };

/** The kind of file the first bytes say it is; a declared type that does not match is refused. */
function sniff(data: Buffer): string | null {
  if (data[0] === 0xff && data[1] === 0xd8) return 'image/jpeg';
  if (data.subarray(0, 4).toString('hex') === '89504e47') return 'image/png';
  if (data.subarray(0, 4).toString() === 'RIFF' && data.subarray(8, 12).toString() === 'WEBP') return 'image/webp';
  if (data.subarray(0, 5).toString() === '%PDF-') return 'application/pdf';
  return null;
}

const view = (r: OutsideTrainingRow): OutsideTraining => ({
  id: r.id,
  personId: r.person_id,
  name: r.name,
  nameBo: r.name_bo,
  workUnit: r.work_unit,
  organiser: r.organiser,
  title: r.title,
  startsOn: r.starts_on,
  endsOn: r.ends_on,
  hours: Number(r.hours),
  note: r.note,
  status: r.status,
  certificate: r.certificate_key ? { name: r.certificate_name ?? '', contentType: r.certificate_type ?? '', bytes: r.certificate_bytes ?? 0 } : null,
  submittedBy: r.submitted_by,
  reviewComment: r.review_comment,
  reviewedBy: r.reviewed_by_name,
  reviewedAt: r.reviewed_at,
  createdAt: r.created_at,
});

// 培训经历认定 (#19): a trainee (on the phone) or the 教务 office (on screen, for one person)
// records training taken elsewhere, with its certificate; the office approves or rejects it with a
// comment. Approved rows count in the 学时 ledger (the hours module reads them) in the year the
// training ended. A decided row is final: a correction is a new record.
export const makeOutsideTrainingService = (deps: {
  database: Database;
  store: OutsideTrainingStore;
  storage: FileStorage;
  audit: Pick<AuditService, 'record'>;
}) => {
  const { database, store, storage, audit } = deps;
  const db = database.db;

  async function create(actor: Actor, personId: number, input: OutsideTrainingBody, by: 'trainee' | 'staff', institutionId?: number) {
    return database.transaction(async (trx) => {
      const person = await store.personOf(trx, personId);
      if (!person || (institutionId !== undefined && person.institution_id !== institutionId)) throw notFound('person', personId);
      const at = nowIso();
      const { id } = await store.insert(trx, {
        person_id: personId,
        institution_id: person.institution_id,
        organiser: input.organiser,
        title: input.title,
        starts_on: input.startsOn,
        ends_on: input.endsOn,
        hours: input.hours,
        note: input.note ?? null,
        status: 'pending',
        submitted_by: by,
        created_by: actor.userId,
        created_at: at,
        updated_at: at,
      });
      await audit.record(trx, actor, { action: 'outside_training.record', entity: 'person', entityId: personId, after: { id, name: person.name, ...input } });
      return view((await store.find(trx, id))!);
    });
  }

  async function requireIn(trx: Executor, institutionId: number, id: number) {
    const r = await store.find(trx, id);
    if (!r || r.institution_id !== institutionId) throw notFound('outside_training', id);
    return r;
  }
  async function requireMine(trx: Executor, actor: Actor, id: number) {
    const r = await store.find(trx, id);
    if (!r || r.person_id !== actor.personId) throw notFound('outside_training', id);
    return r;
  }

  async function attach(actor: Actor, row: OutsideTrainingRow, upload: CertificateUpload) {
    if ('error' in upload) throw invalid(upload.error, 'file', { name: upload.filename });
    if (row.status !== 'pending') throw new AppError('outside.decided', 409, { status: row.status });
    const kind = sniff(upload.data);
    if (!kind || !OUTSIDE_CERTIFICATE_TYPES.includes(kind)) throw invalid('outside.certificate_type', 'file', { name: upload.filename });
    let data = upload.data;
    // Photos lose their metadata (place, device) on the way in.
    if (kind.startsWith('image/'))
      data = await sharp(upload.data)
        .rotate()
        .toBuffer()
        .catch(() => {
          throw invalid('outside.certificate_type', 'file', { name: upload.filename });
        });
    const key = `outside-training/${row.person_id}/${randomUUID()}`;
    await storage.put(key, data, kind);
    const name = upload.filename.slice(0, 200) || 'certificate';
    const result = await database
      .transaction(async (trx) => {
        const r = await store.find(trx, row.id);
        if (r?.status !== 'pending') throw new AppError('outside.decided', 409, { status: r?.status ?? '' });
        await store.update(trx, row.id, {
          certificate_key: key,
          certificate_name: name,
          certificate_type: kind,
          certificate_bytes: data.length,
          updated_at: nowIso(),
        });
        await audit.record(trx, actor, {
          action: 'outside_training.attach',
          entity: 'person',
          entityId: row.person_id,
          after: { id: row.id, file: name, bytes: data.length },
        });
        return view((await store.find(trx, row.id))!);
      })
      .catch(async (err) => {
        await storage.delete(key).catch(() => undefined);
        throw err;
      });
    if (row.certificate_key) await storage.delete(row.certificate_key).catch(() => undefined);
    return result;
  }

  async function certificateOf(r: OutsideTrainingRow) {
    const data = r.certificate_key ? await storage.get(r.certificate_key) : null;
    if (!data) throw notFound('outside_certificate', r.id);
    return { data, fileName: r.certificate_name ?? 'certificate', contentType: r.certificate_type ?? 'application/octet-stream' };
  }

  const me = (actor: Actor) => {
    if (actor.personId === null) throw forbidden();
    return actor.personId;
  };

  return {
    // The trainee, on the phone.
    listMine: async (actor: Actor) => (await store.ofPerson(db, me(actor))).map(view),
    recordMine: (actor: Actor, input: OutsideTrainingBody) => create(actor, me(actor), input, 'trainee'),
    attachMine: async (actor: Actor, id: number, upload: CertificateUpload) => attach(actor, await requireMine(db, actor, id), upload),
    myCertificate: async (actor: Actor, id: number) => certificateOf(await requireMine(db, actor, id)),

    // The 教务 office, on screen.
    list: async (institutionId: number, filter: { status?: OutsideTrainingStatus; personId?: number }) =>
      (await store.ofInstitution(db, institutionId, filter)).map(view),
    recordFor: (actor: Actor, institutionId: number, personId: number, input: OutsideTrainingBody) => create(actor, personId, input, 'staff', institutionId),
    attachFor: async (actor: Actor, institutionId: number, id: number, upload: CertificateUpload) =>
      attach(actor, await requireIn(db, institutionId, id), upload),
    certificate: async (institutionId: number, id: number) => certificateOf(await requireIn(db, institutionId, id)),
    review: (actor: Actor, institutionId: number, id: number, input: { decision: 'approve' | 'reject'; comment?: string | null }) =>
      database.transaction(async (trx) => {
        if (input.decision === 'reject' && !input.comment?.trim()) throw invalid('outside.comment_required', 'comment');
        const r = await requireIn(trx, institutionId, id);
        if (r.status !== 'pending') throw new AppError('outside.decided', 409, { status: r.status });
        const status = input.decision === 'approve' ? 'approved' : 'rejected';
        const at = nowIso();
        await store.update(trx, id, { status, review_comment: input.comment ?? null, reviewed_by: actor.userId, reviewed_at: at, updated_at: at });
        await audit.record(trx, actor, {
          action: `outside_training.${input.decision}`,
          entity: 'person',
          entityId: r.person_id,
          before: { id, status: r.status },
          after: { id, name: r.name, title: r.title, hours: Number(r.hours), status, comment: input.comment ?? null },
        });
        return view((await store.find(trx, id))!);
      }),
  };
};
export type OutsideTrainingService = ReturnType<typeof makeOutsideTrainingService>;
