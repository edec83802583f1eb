import './tables';
import { sql } from 'kysely';
import type { Executor } from '../../db/connection';
import type { NewRow, Patch } from '../../db/schema';

// All SQL of certificates, their serial counters, batch jobs and the verification rate limit.

const withIssuer = (db: Executor) =>
  db
    .selectFrom('certificates as c')
    .leftJoin('users as u', 'u.id', 'c.issued_by')
    .leftJoin('users as k', 'k.id', 'c.kept_by')
    .selectAll('c')
    .select(['u.display_name as issued_by_name', 'k.display_name as kept_by_name']);

export type CertificateRow = Awaited<ReturnType<ReturnType<typeof withIssuer>['executeTakeFirstOrThrow']>>;

export const makeCertificateStore = () => ({
  listForClass: (db: Executor, classId: number) => withIssuer(db).where('c.class_id', '=', classId).orderBy('c.serial').orderBy('c.id').execute(),
  validForClass: (db: Executor, classId: number) =>
    withIssuer(db).where('c.class_id', '=', classId).where('c.status', '=', 'valid').orderBy('c.serial').orderBy('c.id').execute(),
  countForClass: async (db: Executor, classId: number) =>
    Number(
      (
        await db
          .selectFrom('certificates')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('class_id', '=', classId)
          .executeTakeFirst()
      )?.n ?? 0,
    ),
  listForPerson: (db: Executor, personId: number) => withIssuer(db).where('c.person_id', '=', personId).orderBy('c.issued_at', 'desc').execute(),
  find: (db: Executor, id: number) => withIssuer(db).where('c.id', '=', id).executeTakeFirst(),
  findByToken: (db: Executor, token: string) => withIssuer(db).where('c.token', '=', token).executeTakeFirst(),
  findByCredentialId: (db: Executor, credentialId: string) => withIssuer(db).where('c.credential_id', '=', credentialId).executeTakeFirst(),
  findBySerial: (db: Executor, serial: string) => withIssuer(db).where(sql`upper(c.serial)`, '=', serial.toUpperCase()).execute(),
  enrolmentIdsWith: async (db: Executor, classId: number, status: 'valid' | 'revoked') =>
    (await db.selectFrom('certificates').select('enrolment_id').where('class_id', '=', classId).where('status', '=', status).execute()).map(
      (r) => r.enrolment_id,
    ),
  /** Inserts unless the serial is taken in the institution (another pattern may render the same text); returns the id or null. */
  insertUnlessSerialTaken: async (db: Executor, row: NewRow<'certificates'>) =>
    (
      await db
        .insertInto('certificates')
        .values(row)
        .onConflict((oc) => oc.columns(['institution_id', 'serial']).doNothing())
        .returning('id')
        .executeTakeFirst()
    )?.id ?? null,
  update: (db: Executor, id: number, patch: Patch<'certificates'>) => db.updateTable('certificates').set(patch).where('id', '=', id).execute(),
  /** The holders' subject ids on earlier certificates of the institution (a person keeps one id), by person. */
  subjectIdsOf: async (db: Executor, institutionId: number, personIds: number[]) => {
    const out = new Map<number, string>();
    for (let i = 0; i < personIds.length; i += 500) {
      const rows = await db
        .selectFrom('certificates')
        .select(['person_id', 'subject_id'])
        .where('institution_id', '=', institutionId)
        .where('person_id', 'in', personIds.slice(i, i + 500))
        .where('subject_id', 'is not', null)
        .orderBy('id')
        .execute();
      for (const r of rows) if (!out.has(r.person_id)) out.set(r.person_id, r.subject_id!);
    }
    return out;
  },
  revokedOfInstitution: (db: Executor, institutionId: number) =>
    db
      .selectFrom('certificates')
      .select(['credential_id', 'status', 'revoked_at'])
      .where('institution_id', '=', institutionId)
      .where('status', '!=', 'valid')
      .orderBy('id')
      .execute(),

  /**
   * Takes `count` numbers from the institution's counter for a prefix and returns the first. The
   * UPDATE holds the counter row until the transaction ends, so concurrent issuers queue here.
   */
  takeSerials: async (db: Executor, institutionId: number, prefix: string, count: number) => {
    await db
      .insertInto('serial_counters')
      .values({ institution_id: institutionId, prefix, last_seq: 0 })
      .onConflict((oc) => oc.columns(['institution_id', 'prefix']).doNothing())
      .execute();
    const row = await db
      .updateTable('serial_counters')
      .set((eb) => ({ last_seq: eb('last_seq', '+', count) }))
      .where('institution_id', '=', institutionId)
      .where('prefix', '=', prefix)
      .returning('last_seq')
      .executeTakeFirstOrThrow();
    return Number(row.last_seq) - count + 1;
  },
  peekSerial: async (db: Executor, institutionId: number, prefix: string) =>
    Number(
      (await db.selectFrom('serial_counters').select('last_seq').where('institution_id', '=', institutionId).where('prefix', '=', prefix).executeTakeFirst())
        ?.last_seq ?? 0,
    ) + 1,

  /**
   * Takes `count` entries of the institution's current status list (a new list once it is full
   * enough) and returns the list number. The UPDATE holds the list's row until the transaction
   * ends, so concurrent issuers of one institution draw their indexes one after the other.
   */
  takeStatusEntries: async (db: Executor, institutionId: number, count: number, fill: number, at: string) => {
    const current = await db
      .selectFrom('status_lists')
      .select((eb) => eb.fn.max('list_no').as('list_no'))
      .where('institution_id', '=', institutionId)
      .executeTakeFirst();
    let listNo = current?.list_no === null || current?.list_no === undefined ? 1 : Number(current.list_no);
    for (;;) {
      await db
        .insertInto('status_lists')
        .values({ institution_id: institutionId, list_no: listNo, used: 0, created_at: at })
        .onConflict((oc) => oc.columns(['institution_id', 'list_no']).doNothing())
        .execute();
      const row = await db
        .updateTable('status_lists')
        .set((eb) => ({ used: eb('used', '+', count) }))
        .where('institution_id', '=', institutionId)
        .where('list_no', '=', listNo)
        .where('used', '<=', fill - count)
        .returning('used')
        .executeTakeFirst();
      if (row) return listNo;
      listNo += 1;
    }
  },
  statusIndexesTaken: async (db: Executor, institutionId: number, listNo: number) =>
    new Set(
      (await db.selectFrom('certificates').select('status_index').where('institution_id', '=', institutionId).where('status_list', '=', listNo).execute()).map(
        (r) => Number(r.status_index),
      ),
    ),
  findStatusList: (db: Executor, institutionId: number, listNo: number) =>
    db.selectFrom('status_lists').selectAll().where('institution_id', '=', institutionId).where('list_no', '=', listNo).executeTakeFirst(),
  /** The entries of a list whose credential is no longer valid (revoked or replaced), and when the last one changed. */
  setStatusEntries: (db: Executor, institutionId: number, listNo: number) =>
    db
      .selectFrom('certificates')
      .select(['status_index', 'revoked_at'])
      .where('institution_id', '=', institutionId)
      .where('status_list', '=', listNo)
      .where('status', '!=', 'valid')
      .execute(),

  findSettings: (db: Executor, institutionId: number) =>
    db
      .selectFrom('certificate_settings as s')
      .leftJoin('users as u', 'u.id', 's.updated_by')
      .selectAll('s')
      .select('u.display_name as updated_by_name')
      .where('s.institution_id', '=', institutionId)
      .executeTakeFirst(),
  upsertSettings: (db: Executor, row: NewRow<'certificate_settings'>) =>
    db
      .insertInto('certificate_settings')
      .values(row)
      .onConflict((oc) =>
        oc.column('institution_id').doUpdateSet({
          body_template: row.body_template,
          hours_full_template: row.hours_full_template,
          hours_partial_template: row.hours_partial_template,
          tibetan_line: row.tibetan_line,
          updated_at: row.updated_at,
          updated_by: row.updated_by,
        }),
      )
      .execute(),
  findOptions: (db: Executor, classId: number) =>
    db
      .selectFrom('certificate_class_options as o')
      .leftJoin('users as u', 'u.id', 'o.early_issue_by')
      .selectAll('o')
      .select('u.display_name as early_issue_by_name')
      .where('o.class_id', '=', classId)
      .executeTakeFirst(),
  upsertOptions: async (db: Executor, classId: number, patch: Patch<'certificate_class_options'>, at: string) => {
    await db
      .insertInto('certificate_class_options')
      .values({ class_id: classId, updated_at: at })
      .onConflict((oc) => oc.column('class_id').doNothing())
      .execute();
    await db
      .updateTable('certificate_class_options')
      .set({ ...patch, updated_at: at })
      .where('class_id', '=', classId)
      .execute();
  },

  insertJob: (db: Executor, row: NewRow<'certificate_jobs'>) => db.insertInto('certificate_jobs').values(row).returning('id').executeTakeFirstOrThrow(),
  findJob: (db: Executor, id: number) => db.selectFrom('certificate_jobs').selectAll().where('id', '=', id).executeTakeFirst(),
  listJobs: (db: Executor, classId: number, limit = 20) =>
    db.selectFrom('certificate_jobs').selectAll().where('class_id', '=', classId).orderBy('id', 'desc').limit(limit).execute(),
  /** The class's job that is queued or running, if any. */
  activeJob: (db: Executor, classId: number) =>
    db
      .selectFrom('certificate_jobs')
      .selectAll()
      .where('class_id', '=', classId)
      .where('status', 'in', ['queued', 'running'])
      .orderBy('id', 'desc')
      .executeTakeFirst(),
  updateJob: (db: Executor, id: number, patch: Patch<'certificate_jobs'>) => db.updateTable('certificate_jobs').set(patch).where('id', '=', id).execute(),
  /** Claims a queued job, or a running one whose runner stopped sending heartbeats; returns whether this caller got it. */
  claimJob: async (db: Executor, id: number, at: string, staleBefore: string) =>
    (
      await db
        .updateTable('certificate_jobs')
        .set({ status: 'running', started_at: at, heartbeat_at: at })
        .where('id', '=', id)
        .where((eb) => eb.or([eb('status', '=', 'queued'), eb.and([eb('status', '=', 'running'), eb('heartbeat_at', '<', staleBefore)])]))
        .returning('id')
        .execute()
    ).length > 0,

  /** Counts a hit in the current window and returns the count so far. */
  hit: async (db: Executor, bucket: string, windowStart: string) =>
    Number(
      (
        await db
          .insertInto('verification_hits')
          .values({ bucket, window_start: windowStart, hits: 1 })
          .onConflict((oc) => oc.columns(['bucket', 'window_start']).doUpdateSet((eb) => ({ hits: eb('verification_hits.hits', '+', 1) })))
          .returning('hits')
          .executeTakeFirstOrThrow()
      ).hits,
    ),
  pruneHits: (db: Executor, before: string) => db.deleteFrom('verification_hits').where('window_start', '<', before).execute(),
});
export type CertificateStore = ReturnType<typeof makeCertificateStore>;
