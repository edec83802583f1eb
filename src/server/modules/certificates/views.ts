import {
  type Certificate,
  type CertificateJob,
  DEFAULT_CERTIFICATE_TEMPLATES,
  type MyCertificate,
  type PublicVerification,
  renderCertificateText,
} from '../../../contracts';
import { localDay } from '../attendance/summary';
import type { CertificateFace } from './document';
import type { CertificateRow, CertificateStore } from './store';

// How a certificate row is shown: to the office, on the public page, to its holder, on paper.
// The hours and dates are the ones the certificate was issued on; dates of status changes are
// days in the class's time zone (a revocation at 04:40 in Beijing is that day, not the UTC one).

/** Certificates issued before #10 kept no zone: their classes were all in China's. */
const DEFAULT_ZONE = 'Asia/Shanghai';

export const zoneOf = (r: Pick<CertificateRow, 'time_zone'>) => r.time_zone ?? DEFAULT_ZONE;
export const attendedOf = (r: Pick<CertificateRow, 'attended_hours' | 'hours'>) => Number(r.attended_hours ?? r.hours);

/** Names are compared as people type them: width, case and spaces do not matter. */
export const normaliseName = (s: string) =>
  s
    .normalize('NFKC')
    .replace(/[\s·•．.]/gu, '')
    .toLowerCase();

/** A file name that is safe in a zip and on every desktop, keeping Chinese and Tibetan. */
export const safeFileName = (s: string) =>
  Array.from(s, (ch) => (ch.charCodeAt(0) < 32 || '\\/:*?"<>|'.includes(ch) ? '_' : ch))
    .join('')
    .slice(0, 120);

export const fileName = (r: CertificateRow, ext: string) => safeFileName(`${r.serial}_${r.name}.${ext}`);

export function makeViews(publicUrl: string) {
  const verifyUrl = (token: string) => `${publicUrl}/verify/${token}`;

  /** The text as printed: kept with the certificate since #10; older ones had the built-in wording. */
  const textOf = (r: CertificateRow) =>
    r.body_text !== null
      ? { body: r.body_text, tibetan: r.body_text_bo }
      : renderCertificateText(
          DEFAULT_CERTIFICATE_TEMPLATES,
          {
            name: r.name,
            nameBo: r.name_bo,
            classTitle: r.class_title,
            startsOn: r.starts_on,
            endsOn: r.ends_on,
            totalHours: Number(r.hours),
            attendedHours: attendedOf(r),
          },
          { bilingual: false },
        );

  return {
    verifyUrl,
    textOf,
    toCertificate: (r: CertificateRow): Certificate => ({
      id: r.id,
      classId: r.class_id,
      enrolmentId: r.enrolment_id,
      personId: r.person_id,
      serial: r.serial,
      status: r.status,
      name: r.name,
      nameBo: r.name_bo,
      classTitle: r.class_title,
      startsOn: r.starts_on,
      endsOn: r.ends_on,
      hours: attendedOf(r),
      classHours: Number(r.hours),
      issuerName: r.issuer_name,
      issuedOn: r.issued_on,
      issuedAt: r.issued_at,
      issuedBy: r.issued_by_name ?? null,
      timeZone: zoneOf(r),
      revokedAt: r.revoked_at,
      revokeReason: r.revoke_reason,
      replacesId: r.replaces_id,
      replacedById: r.replaced_by_id,
      verifyUrl: verifyUrl(r.token),
    }),
    toPublic: (r: CertificateRow): PublicVerification => ({
      serial: r.serial,
      status: r.status,
      issuedOn: r.issued_on,
      statusChangedOn: r.revoked_at ? localDay(r.revoked_at, zoneOf(r)) : null,
      name: r.name,
      nameBo: r.name_bo,
      classTitle: r.class_title,
      startsOn: r.starts_on,
      endsOn: r.ends_on,
      hours: attendedOf(r),
      classHours: Number(r.hours),
      issuerName: r.issuer_name,
    }),
    toMine: (r: CertificateRow): MyCertificate => ({
      id: r.id,
      serial: r.serial,
      status: r.status,
      classTitle: r.class_title,
      startsOn: r.starts_on,
      endsOn: r.ends_on,
      hours: attendedOf(r),
      classHours: Number(r.hours),
      issuerName: r.issuer_name,
      issuedOn: r.issued_on,
      verifyUrl: verifyUrl(r.token),
    }),
    face: (r: CertificateRow): CertificateFace => {
      const text = textOf(r);
      return {
        serial: r.serial,
        name: r.name,
        nameBo: r.name_bo,
        body: text.body,
        tibetan: text.tibetan,
        issuerName: r.issuer_name,
        issuedOn: r.issued_on,
        verifyUrl: verifyUrl(r.token),
        status: r.status,
      };
    },
  };
}
export type Views = ReturnType<typeof makeViews>;

export const toJob = (j: NonNullable<Awaited<ReturnType<CertificateStore['findJob']>>>): CertificateJob => ({
  id: j.id,
  classId: j.class_id,
  kind: j.kind,
  format: j.format,
  status: j.status,
  total: Number(j.total),
  done: Number(j.done),
  issued: Number(j.issued),
  sizeBytes: j.size_bytes === null ? null : Number(j.size_bytes),
  error: j.error,
  createdAt: j.created_at,
  finishedAt: j.finished_at,
});
