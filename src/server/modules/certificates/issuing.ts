import { randomInt, randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { type EligibilityRow, type IssueBody, type IssueGate, renderCertificateText } from '../../../contracts';
import { type Database, type Executor, nowIso } from '../../db/connection';
import { AppError, notFound } from '../../lib/errors';
import type { Lang } from '../../lib/i18n';
import type { Actor } from '../../lib/permissions';
import { randomToken } from '../../lib/personal-data';
import { localTime } from '../attendance/summary';
import type { AuditService } from '../audit/service';
import type { CompletionService } from '../completion/service';
import { openBadgeCredential } from '../credentials/open-badge';
import type { CredentialService } from '../credentials/service';
import { drawStatusIndexes, STATUS_LIST_FILL } from '../credentials/status-list';
import type { TimetableService } from '../timetable/service';
import { basisOf, criteriaText, reviewOf } from './review';
import { renderSerial, serialContext, serialPrefix } from './serial';
import type { Settings } from './settings';
import type { CertificateRow, CertificateStore } from './store';

// Issuing, reissuing, revoking and keeping certificates, and the gate in front of them: what a
// certificate says must have happened, so certificates are issued once the class has completed,
// or — for a closing ceremony before the class is marked completed — after its last session has
// ended and an organizer has allowed early issuing, naming the reason (audited).

export type Who = Pick<Actor, 'userId'> | null;
type Context = Awaited<ReturnType<CompletionService['eligibilityIn']>>;
type Candidate = Pick<EligibilityRow, 'enrolmentId' | 'personId' | 'name' | 'nameBo' | 'totalHours' | 'attendedHours' | 'eligible'>;

export function makeIssuing(deps: {
  database: Database;
  store: CertificateStore;
  audit: Pick<AuditService, 'record'>;
  completion: Pick<CompletionService, 'eligibilityIn' | 'ruleIn' | 'lockClass'>;
  credentials: Pick<CredentialService, 'sign'>;
  timetable: Pick<TimetableService, 'sessionsIn'>;
  settings: Pick<Settings, 'templatesIn' | 'optionsIn'>;
  publicUrl: string;
}) {
  const { database, store, audit, completion, credentials, timetable, settings, publicUrl } = deps;
  const db = database.db;

  /** The date printed on a certificate: the last day of the class, or today if it is issued before then. */
  function issuedOnFor(cls: { ends_on: string; time_zone: string }) {
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: cls.time_zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
    // ISO dates compare as strings: the earlier of today and the last day.
    return [today, cls.ends_on].sort()[0];
  }

  async function requireCertificate(trx: Executor, classId: number, certificateId: number) {
    const row = await store.find(trx, certificateId);
    if (!row || row.class_id !== classId) throw notFound('certificate', certificateId);
    return row;
  }

  /** Whether certificates may be issued now, and when the class's last session ended. */
  async function gateIn(trx: Executor, cls: { id: number; status: string }): Promise<IssueGate> {
    const sessions = await timetable.sessionsIn(trx, cls.id);
    const lastMs = sessions.reduce((m, s) => Math.max(m, Date.parse(s.endsAt)), Number.NEGATIVE_INFINITY);
    const lastSessionEndsAt = Number.isFinite(lastMs) ? new Date(lastMs).toISOString() : null;
    const { earlyIssue } = await settings.optionsIn(trx, cls.id);
    const gate = (blockedBy: IssueGate['blockedBy']): IssueGate => ({ open: blockedBy === null, blockedBy, lastSessionEndsAt, earlyIssue });
    if (cls.status === 'completed') return gate(null);
    if (cls.status !== 'running') return gate('class_status');
    if (lastMs > Date.now()) return gate('sessions_pending');
    return gate(earlyIssue ? null : 'override_required');
  }

  /** Throws the reason issuing is closed; returns when the class's last session ended (the award date). */
  async function requireOpen(trx: Executor, cls: Context['cls']) {
    const gate = await gateIn(trx, cls);
    if (gate.blockedBy === 'class_status') throw new AppError('certificate.class_not_ready', 409, { status: cls.status });
    if (gate.blockedBy === 'sessions_pending')
      throw new AppError('certificate.sessions_pending', 409, { until: localTime(gate.lastSessionEndsAt!, cls.time_zone) });
    if (gate.blockedBy === 'override_required') throw new AppError('certificate.early_issue_required', 409);
    // A class without sessions awards on its last day.
    return gate.lastSessionEndsAt ?? new Date(`${cls.ends_on}T12:00:00Z`).toISOString();
  }

  /** Writes certificates (serial, token, status entry, signed credential, text) for the candidates, in the caller's transaction. */
  async function createCertificates(
    trx: Executor,
    who: Who,
    ctx: Context,
    awardedAt: string,
    candidates: Candidate[],
    replaces?: CertificateRow,
    onProgress?: (done: number, total: number) => void,
  ) {
    const { cls, institution, rule } = ctx;
    if (!candidates.length) return [];
    const sctx = serialContext(cls, institution.code);
    const prefix = serialPrefix(rule.serialPattern, sctx);
    const issuedOn = issuedOnFor(cls);
    const templates = await settings.templatesIn(trx, institution.id);
    const bilingual = (await settings.optionsIn(trx, cls.id)).bilingual && Boolean(templates.tibetanLine);
    const criteria = criteriaText(rule);
    const created: number[] = [];
    let next = await store.takeSerials(trx, institution.id, prefix, candidates.length);
    let left = candidates.length;
    const listNo = await store.takeStatusEntries(trx, institution.id, candidates.length, STATUS_LIST_FILL, nowIso());
    const indexes = drawStatusIndexes(await store.statusIndexesTaken(trx, institution.id, listNo), candidates.length, (n) => randomInt(n));
    const subjects = await store.subjectIdsOf(
      trx,
      institution.id,
      candidates.map((c) => c.personId),
    );
    for (const [n, c] of candidates.entries()) {
      const issuedAt = nowIso();
      const credentialId = `urn:uuid:${randomUUID()}`;
      const subjectId = subjects.get(c.personId) ?? `urn:uuid:${randomUUID()}`;
      subjects.set(c.personId, subjectId);
      const token = randomToken(32);
      const facts = { name: c.name, nameBo: c.nameBo, classTitle: cls.title, startsOn: cls.starts_on, endsOn: cls.ends_on };
      const text = renderCertificateText(templates, { ...facts, totalHours: c.totalHours, attendedHours: c.attendedHours }, { bilingual });
      const payload = openBadgeCredential({
        ...facts,
        publicUrl,
        credentialId,
        subjectId,
        institution: { code: institution.code, name: rule.issuerName },
        classId: cls.id,
        timeZone: cls.time_zone,
        awardedAt,
        classHours: c.totalHours,
        attendedHours: c.attendedHours,
        issuedAt,
        description: text.tibetan ? `${text.body}\n${text.tibetan}` : text.body,
        criteria,
        status: { list: listNo, index: indexes[n] },
      });
      const { jwt, kid } = await credentials.sign(trx, institution.id, payload);
      let id: number | null = null;
      // A serial another pattern of the institution already rendered is skipped, never shared.
      while (id === null) {
        if (left === 0) {
          next = await store.takeSerials(trx, institution.id, prefix, 1);
          left = 1;
        }
        const serial = renderSerial(rule.serialPattern, sctx, next);
        next += 1;
        left -= 1;
        id = await store.insertUnlessSerialTaken(trx, {
          institution_id: institution.id,
          class_id: cls.id,
          enrolment_id: c.enrolmentId,
          person_id: c.personId,
          serial,
          token,
          credential_id: credentialId,
          status: 'valid',
          name: c.name,
          name_bo: c.nameBo,
          class_title: cls.title,
          starts_on: cls.starts_on,
          ends_on: cls.ends_on,
          hours: c.totalHours,
          attended_hours: c.attendedHours,
          time_zone: cls.time_zone,
          subject_id: subjectId,
          status_list: listNo,
          status_index: indexes[n],
          body_text: text.body,
          body_text_bo: text.tibetan,
          awarded_at: awardedAt,
          issuer_name: rule.issuerName,
          issued_on: issuedOn,
          issued_at: issuedAt,
          issued_by: who?.userId ?? null,
          revoked_at: null,
          revoked_by: null,
          revoke_reason: null,
          replaces_id: replaces?.id ?? null,
          replaced_by_id: null,
          key_kid: kid,
          credential_jwt: jwt,
        });
        if (id !== null) {
          await audit.record(trx, who, {
            action: replaces ? 'certificate.reissue' : 'certificate.issue',
            entity: 'certificate',
            entityId: id,
            classId: cls.id,
            after: {
              serial,
              enrolmentId: c.enrolmentId,
              name: c.name,
              hours: c.attendedHours,
              classHours: c.totalHours,
              replaces: replaces?.serial ?? null,
            },
          });
        }
      }
      created.push(id);
      onProgress?.(created.length, candidates.length);
    }
    return created;
  }

  async function issueIn(
    trx: Executor,
    who: Who,
    classId: number,
    body: z.infer<typeof IssueBody>,
    lang: Lang,
    onProgress?: (done: number, total: number) => void,
  ) {
    // Issuances of one class queue here, so the second sees what the first issued.
    await completion.lockClass(trx, classId);
    const ctx = await completion.eligibilityIn(trx, classId, lang);
    const awardedAt = await requireOpen(trx, ctx.cls);
    const holding = new Set(await store.enrolmentIdsWith(trx, classId, 'valid'));
    // A revoked certificate was withdrawn on purpose: a batch does not hand its holder a new one;
    // naming the trainee does (a deliberate decision, audited like every issuance).
    const revoked = body.enrolmentIds ? new Set<number>() : new Set(await store.enrolmentIdsWith(trx, classId, 'revoked'));
    let rows = ctx.rows;
    if (body.enrolmentIds) {
      const wanted = new Set(body.enrolmentIds);
      rows = rows.filter((r) => wanted.has(r.enrolmentId));
      const missing = [...wanted].filter((id) => !rows.some((r) => r.enrolmentId === id));
      if (missing.length) throw notFound('enrolment', missing[0]);
      const refused = rows.find((r) => !r.eligible && !holding.has(r.enrolmentId));
      if (refused) throw new AppError('certificate.not_eligible', 409, { name: refused.name, reasons: refused.reasons.map((r) => r.message).join('；') });
    }
    const candidates = rows.filter((r) => r.eligible && !holding.has(r.enrolmentId) && !revoked.has(r.enrolmentId));
    const ids = await createCertificates(trx, who, ctx, awardedAt, candidates, undefined, onProgress);
    return { ids, skipped: rows.length - candidates.length };
  }

  return {
    requireCertificate,
    gateIn,
    issueIn,
    /** The gate as the screen shows it. */
    gate: async (classId: number) => gateIn(db, (await completion.ruleIn(db, classId)).cls),

    async revoke(actor: Actor, classId: number, certificateId: number, reason: string) {
      await database.transaction(async (trx) => {
        const row = await requireCertificate(trx, classId, certificateId);
        if (row.status !== 'valid') throw new AppError('certificate.not_valid', 409, { serial: row.serial, status: row.status });
        const at = nowIso();
        await store.update(trx, row.id, { status: 'revoked', revoked_at: at, revoked_by: actor.userId, revoke_reason: reason });
        await audit.record(trx, actor, {
          action: 'certificate.revoke',
          entity: 'certificate',
          entityId: row.id,
          classId,
          before: { status: row.status },
          after: { status: 'revoked', serial: row.serial, reason },
        });
      });
    },

    /**
     * Replaces a valid certificate by a new one with a new serial from the class's counter, taking
     * the trainee's current name and hours. The old one stays on record as `replaced` (its serial is
     * never handed out again, its status-list bit is set) and its verification page says so.
     */
    async reissue(actor: Actor, classId: number, certificateId: number, reason: string, lang: Lang) {
      return database.transaction(async (trx) => {
        await completion.lockClass(trx, classId);
        const old = await requireCertificate(trx, classId, certificateId);
        if (old.status !== 'valid') throw new AppError('certificate.not_valid', 409, { serial: old.serial, status: old.status });
        const ctx = await completion.eligibilityIn(trx, classId, lang);
        const awardedAt = await requireOpen(trx, ctx.cls);
        const row = ctx.rows.find((r) => r.enrolmentId === old.enrolment_id);
        if (!row?.eligible) {
          throw new AppError('certificate.not_eligible', 409, { name: old.name, reasons: (row?.reasons ?? []).map((r) => r.message).join('；') });
        }
        await store.update(trx, old.id, { status: 'replaced', revoked_at: nowIso(), revoked_by: actor.userId, revoke_reason: reason });
        const [id] = await createCertificates(trx, actor, ctx, awardedAt, [row], old);
        await store.update(trx, old.id, { replaced_by_id: id });
        return id;
      });
    },

    /**
     * The class teacher keeps a certificate the changed record contradicts: the facts of now become
     * the ones it stands on, so the 需复核 flag clears until the record changes again. Audited with
     * the facts before and after and the reason.
     */
    async keep(actor: Actor, classId: number, certificateId: number, reason: string, lang: Lang) {
      await database.transaction(async (trx) => {
        const row = await requireCertificate(trx, classId, certificateId);
        if (row.status !== 'valid') throw new AppError('certificate.not_valid', 409, { serial: row.serial, status: row.status });
        const ctx = await completion.eligibilityIn(trx, classId, lang);
        const now = ctx.rows.find((r) => r.enrolmentId === row.enrolment_id);
        const facts = now ? { attendedHours: now.attendedHours, totalHours: now.totalHours, eligible: now.eligible } : undefined;
        if (!facts || !reviewOf(row, facts)) throw new AppError('certificate.nothing_to_review', 409, { serial: row.serial });
        const at = nowIso();
        await store.update(trx, row.id, {
          kept_attended_hours: facts.attendedHours,
          kept_class_hours: facts.totalHours,
          kept_eligible: facts.eligible ? 1 : 0,
          kept_at: at,
          kept_by: actor.userId,
          kept_reason: reason,
        });
        await audit.record(trx, actor, {
          action: 'certificate.keep',
          entity: 'certificate',
          entityId: row.id,
          classId,
          before: basisOf(row),
          after: { ...facts, serial: row.serial, reason },
        });
      });
    },

    /** An organizer allows issuing while the class still runs, once its last session has ended. */
    async allowEarlyIssue(actor: Actor, classId: number, reason: string) {
      await database.transaction(async (trx) => {
        const { cls } = await completion.ruleIn(trx, classId);
        if (cls.status !== 'running') throw new AppError('certificate.early_issue_not_running', 409, { status: cls.status });
        const gate = await gateIn(trx, cls);
        if (gate.blockedBy === 'sessions_pending')
          throw new AppError('certificate.sessions_pending', 409, { until: localTime(gate.lastSessionEndsAt!, cls.time_zone) });
        const at = nowIso();
        await store.upsertOptions(trx, classId, { early_issue_reason: reason, early_issue_by: actor.userId, early_issue_at: at }, at);
        await audit.record(trx, actor, {
          action: 'certificate.early_issue',
          entity: 'class',
          entityId: classId,
          classId,
          before: gate.earlyIssue ? { reason: gate.earlyIssue.reason } : null,
          after: { reason, lastSessionEndsAt: gate.lastSessionEndsAt },
        });
      });
    },
  };
}
export type Issuing = ReturnType<typeof makeIssuing>;
