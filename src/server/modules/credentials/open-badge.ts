// Open Badges 3.0 OpenBadgeCredential (a W3C Verifiable Credential 2.0) for a 结业证书, as the OB
// 3.0 specification (1EdTech, §8.2 "JSON Web Token Proof Format") and VC-JOSE-COSE describe it:
// the JWT payload is the credential itself plus the registered claims iss = issuer.id,
// jti = id, sub = credentialSubject.id, nbf = validFrom (no exp: a 结业证书 does not expire, so
// there is no validUntil either). Status is a W3C Bitstring Status List entry. No personal data
// beyond what the printed certificate shows: the name, the class, its dates and hours.

export const OB_CONTEXT = ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'] as const;
export const VC_CONTEXT = 'https://www.w3.org/ns/credentials/v2';
/** The 1EdTech JSON Schema an OB 3.0 verifier checks the credential against (credentialSchema). */
export const OB_SCHEMA_ID = 'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json';

export type BadgeInput = {
  publicUrl: string;
  credentialId: string;
  /** The holder's stable, meaningless id (urn:uuid), the same on all their certificates of the institution. */
  subjectId: string;
  institution: { code: string; name: string };
  classId: number;
  classTitle: string;
  startsOn: string;
  endsOn: string;
  timeZone: string;
  /** When the class's last session ended: the day it was awarded. */
  awardedAt: string;
  /** The class's 学时 for this trainee, and what they attended (creditsEarned). */
  classHours: number;
  attendedHours: number;
  name: string;
  nameBo: string | null;
  issuedAt: string;
  /** The certificate's text, as printed. */
  description: string;
  /** The completion rule, in words (criteria.narrative). */
  criteria: string;
  status: { list: number; index: number };
};

export const issuerId = (publicUrl: string, code: string) => `${publicUrl}/issuers/${encodeURIComponent(code)}`;
export const revocationListUrl = (publicUrl: string, code: string) => `${publicUrl}/api/v1/public/revocation-lists/${encodeURIComponent(code)}`;
export const statusListUrl = (publicUrl: string, code: string, list: number) => `${publicUrl}/api/v1/public/status-lists/${encodeURIComponent(code)}/${list}`;
export const achievementId = (publicUrl: string, classId: number) => `${publicUrl}/achievements/class-${classId}`;

/** An instant as the class's wall clock with its offset: 2020-10-26T11:30:00+08:00. */
export function zonedDateTime(instant: string | number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'longOffset',
  }).formatToParts(new Date(instant));
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  const offset = get('timeZoneName').replace(/^GMT/, '') || '+00:00';
  return `${get('year')}-${get('month')}-${get('day')}T${get('hour')}:${get('minute')}:${get('second')}${offset}`;
}

/** The offset of a zone at a local date's noon (the day's offset for activity dates). */
const offsetOn = (day: string, timeZone: string) => zonedDateTime(`${day}T12:00:00Z`, timeZone).slice(19);

/** A DateTimeZ to the second: OB 3.0 requires nbf to equal validFrom, and nbf has no milliseconds. */
export const toSecond = (iso: string) => `${new Date(Math.floor(Date.parse(iso) / 1000) * 1000).toISOString().slice(0, 19)}Z`;

export function profile(publicUrl: string, institution: { code: string; name: string }) {
  return { id: issuerId(publicUrl, institution.code), type: ['Profile'], name: institution.name };
}

/** The Achievement (the class's completion), embedded in every credential and served at its id. */
export function achievement(b: Pick<BadgeInput, 'publicUrl' | 'classId' | 'classTitle' | 'criteria' | 'institution'> & { classHours: number | null }) {
  return {
    id: achievementId(b.publicUrl, b.classId),
    type: ['Achievement'],
    achievementType: 'CertificateOfCompletion',
    name: b.classTitle,
    description: `${b.classTitle}结业`,
    criteria: { narrative: b.criteria },
    creator: profile(b.publicUrl, b.institution),
    ...(b.classHours === null ? {} : { creditsAvailable: b.classHours }),
    fieldOfStudy: 'Professional training',
    inLanguage: 'zh-CN',
  };
}

export function openBadgeCredential(b: BadgeInput) {
  const issuer = profile(b.publicUrl, b.institution);
  const identifiers = [{ type: 'IdentityObject', identityHash: b.name, identityType: 'name', hashed: false }];
  if (b.nameBo) identifiers.push({ type: 'IdentityObject', identityHash: b.nameBo, identityType: 'name', hashed: false });
  const validFrom = toSecond(b.issuedAt);
  const list = statusListUrl(b.publicUrl, b.institution.code, b.status.list);
  const credential = {
    '@context': [...OB_CONTEXT],
    id: b.credentialId,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: `结业证书 · ${b.classTitle}`,
    description: b.description,
    issuer,
    validFrom,
    awardedDate: zonedDateTime(b.awardedAt, b.timeZone),
    credentialSubject: {
      id: b.subjectId,
      type: ['AchievementSubject'],
      identifier: identifiers,
      activityStartDate: `${b.startsOn}T00:00:00${offsetOn(b.startsOn, b.timeZone)}`,
      activityEndDate: `${b.endsOn}T23:59:59${offsetOn(b.endsOn, b.timeZone)}`,
      creditsEarned: b.attendedHours,
      achievement: achievement({ ...b, classHours: b.classHours }),
    },
    credentialStatus: {
      id: `${list}#${b.status.index}`,
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListIndex: String(b.status.index),
      statusListCredential: list,
    },
    credentialSchema: [{ id: OB_SCHEMA_ID, type: '1EdTechJsonSchemaValidator2019' }],
  };
  return { ...credential, iss: issuer.id, jti: b.credentialId, sub: b.subjectId, nbf: Date.parse(validFrom) / 1000 };
}

/** The institution's revocation status list as a BitstringStatusListCredential (to be signed as vc+jwt). */
export function statusListCredential(input: {
  publicUrl: string;
  institution: { code: string; name: string };
  list: number;
  validFrom: string;
  encodedList: string;
}) {
  const id = statusListUrl(input.publicUrl, input.institution.code, input.list);
  const issuer = issuerId(input.publicUrl, input.institution.code);
  return {
    '@context': [VC_CONTEXT],
    id,
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer,
    validFrom: toSecond(input.validFrom),
    credentialSubject: { id: `${id}#list`, type: 'BitstringStatusList', statusPurpose: 'revocation', encodedList: input.encodedList },
    iss: issuer,
    jti: id,
  };
}
