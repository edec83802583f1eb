import './tables';
import { sql } from 'kysely';
import type { Executor } from '../../db/connection';
import type { NewRow, Patch } from '../../db/schema';

// All SQL of certificates, their serial counters, batch jobs and the verification rate limit.

const withIssuer = (db: Executor) =>
  db.selectFrom('certificates as c').leftJoin('users as u', 'u.id', 'c.issued_by').selectAll('c').select('u.display_name as issued_by_name');

export type CertificateRow = Awaited<ReturnType<ReturnType<typeof withIssuer>['executeTakeFirstOrThrow']>>;

export const makeCertificateStore = () => ({
  listForClass: (db: Executor, classId: number) => withIssuer(db).where('c.class_id', '=', classId).orderBy('c.serial').orderBy('c.id').execute(),
  validForClass: (db: Executor, classId: number) =>
    withIssuer(db).where('c.class_id', '=', classId).where('c.status', '=', 'valid').orderBy('c.serial').orderBy('c.id').execute(),
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

  insertJob: (db: Executor, row: NewRow<'certificate_jobs'>) => db.insertInto('certificate_jobs').values(row).returning('id').executeTakeFirstOrThrow(),
  findJob: (db: Executor, id: number) => db.selectFrom('certificate_jobs').selectAll().where('id', '=', id).executeTakeFirst(),
  listJobs: (db: Executor, classId: number, limit = 20) =>
    db.selectFrom('certificate_jobs').selectAll().where('class_id', '=', classId).orderBy('id', 'desc').limit(limit).execute(),
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
