import type { Database } from '../../db/connection';
import { notFound } from '../../lib/errors';
import type { CompletionService } from '../completion/service';
import { achievement, issuerId, OB_CONTEXT, revocationListUrl, statusListCredential } from '../credentials/open-badge';
import type { CredentialService } from '../credentials/service';
import { encodeStatusList } from '../credentials/status-list';
import { criteriaText } from './review';
import type { CertificateStore } from './store';
import { normaliseName, type Views } from './views';

// What anyone may see without signing in: a certificate's status by its QR token or by serial and
// name, an uploaded credential checked against our keys, the status lists and the old revocation
// list the credentials point at, the issuer profile and the achievement (the class's completion).

/** Public verification: requests per address and minute, counted in the database for all instances. */
export const VERIFY_LIMIT_PER_MINUTE = 30;

export function makeVerification(deps: {
  database: Database;
  store: CertificateStore;
  completion: Pick<CompletionService, 'eligibilityIn'>;
  credentials: Pick<CredentialService, 'sign' | 'verify' | 'findInstitutionByCode'>;
  views: Views;
  publicUrl: string;
}) {
  const { database, store, completion, credentials, views, publicUrl } = deps;
  const db = database.db;

  async function requireInstitution(code: string) {
    const institution = await credentials.findInstitutionByCode(code);
    if (!institution) throw notFound('institution', code);
    return institution;
  }

  return {
    async verifyToken(token: string) {
      if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
      const row = await store.findByToken(db, token);
      return row ? views.toPublic(row) : null;
    },

    /** Serial and name must both match; a wrong name says no more than an unknown serial. */
    async verifySerialName(serial: string, name: string) {
      const s = serial.trim();
      const n = normaliseName(name);
      if (!s || !n || s.length > 80) return null;
      const rows = await store.findBySerial(db, s);
      const row = rows.find((r) => normaliseName(r.name) === n || (r.name_bo !== null && normaliseName(r.name_bo) === n));
      return row ? views.toPublic(row) : null;
    },

    /** Checks an uploaded VC-JWT: our signature, then the certificate's status in our records. */
    async verifyCredential(jwt: string) {
      const check = await credentials.verify(jwt);
      if (check.outcome !== 'verified') return { outcome: check.outcome, certificate: null };
      const id = typeof check.payload.jti === 'string' ? check.payload.jti : typeof check.payload.id === 'string' ? check.payload.id : '';
      const row = id ? await store.findByCredentialId(db, id) : undefined;
      if (!row || row.institution_id !== check.institutionId) return { outcome: 'unknown_credential' as const, certificate: null };
      return { outcome: 'verified' as const, certificate: views.toPublic(row) };
    },

    /** The 1EdTech revocation list that credentials issued before the status lists point at. */
    async revocationList(code: string) {
      const institution = await requireInstitution(code);
      const rows = await store.revokedOfInstitution(db, institution.id);
      return {
        id: revocationListUrl(publicUrl, institution.code),
        issuer: issuerId(publicUrl, institution.code),
        revokedCredentials: rows.map((r) => ({
          id: r.credential_id,
          revocationReason: r.status === 'replaced' ? 'Replaced by a reissued certificate' : 'Revoked by the issuer',
        })),
      };
    },

    /**
     * One of the institution's status lists as a signed BitstringStatusListCredential (vc+jwt): a
     * bit per credential, set for revoked and replaced ones. Its validFrom is the last change, so
     * the same list signs to the same token until a certificate's status changes.
     */
    async statusList(code: string, listNo: number) {
      const institution = await requireInstitution(code);
      const list = await store.findStatusList(db, institution.id, listNo);
      if (!list) throw notFound('status_list', listNo);
      const entries = await store.setStatusEntries(db, institution.id, listNo);
      const validFrom = entries.reduce((latest, e) => (e.revoked_at && e.revoked_at > latest ? e.revoked_at : latest), list.created_at);
      const vc = statusListCredential({
        publicUrl,
        institution,
        list: listNo,
        validFrom,
        encodedList: encodeStatusList(entries.map((e) => Number(e.status_index))),
      });
      return (await database.transaction((trx) => credentials.sign(trx, institution.id, vc, { typ: 'vc+jwt' }))).jwt;
    },

    /** The issuer's Open Badges Profile, where the credentials' issuer.id points. */
    async issuerProfile(code: string) {
      const institution = await requireInstitution(code);
      return { '@context': [...OB_CONTEXT], id: issuerId(publicUrl, institution.code), type: ['Profile'], name: institution.name };
    },

    /**
     * The Achievement a class's credentials embed, at its id: only for classes that have issued
     * certificates (no class is listed by guessing ids). The class's hours are given when they are
     * the same for every trainee.
     */
    async achievement(classId: number) {
      if (!(await store.countForClass(db, classId))) throw notFound('achievement', classId);
      const ctx = await completion.eligibilityIn(db, classId, 'zh-CN');
      const hours = new Set(ctx.rows.filter((r) => r.enrolmentStatus === 'enrolled').map((r) => r.totalHours));
      const body = achievement({
        publicUrl,
        classId,
        classTitle: ctx.cls.title,
        criteria: criteriaText(ctx.rule),
        institution: { code: ctx.institution.code, name: ctx.rule.issuerName },
        classHours: hours.size === 1 ? [...hours][0] : null,
      });
      return {
        document: { '@context': [...OB_CONTEXT], ...body },
        page: { ...body, startsOn: ctx.cls.starts_on, endsOn: ctx.cls.ends_on, issuerName: ctx.rule.issuerName },
      };
    },

    /** Counts one public request of an address; false once it has made too many this minute. */
    async allowVerification(address: string) {
      const now = Date.now();
      const window = new Date(now - (now % 60_000)).toISOString();
      const hits = await store.hit(db, `verify:${address}`, window);
      // Old windows are pruned now and then by whichever request comes along.
      if (Math.random() < 0.01) await store.pruneHits(db, new Date(now - 3_600_000).toISOString());
      return hits <= VERIFY_LIMIT_PER_MINUTE;
    },
  };
}
export type Verification = ReturnType<typeof makeVerification>;
