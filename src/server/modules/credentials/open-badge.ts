// Open Badges 3.0 OpenBadgeCredential (a W3C Verifiable Credential 2.0) for a 结业证书, in the
// shape the OB 3.0 JSON-LD context defines, plus the JWT claims of OB 3.0's VC-JWT proof format
// (iss = issuer.id, jti = id, nbf = validFrom). No personal data beyond what the printed
// certificate shows: the name, the class, its dates and hours.

export const OB_CONTEXT = ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'] as const;

export type BadgeInput = {
  publicUrl: string;
  credentialId: string;
  institution: { code: string; name: string };
  classId: number;
  classTitle: string;
  startsOn: string;
  endsOn: string;
  /** Wall-clock zone of the class, for the activity dates. */
  timeZoneOffset?: string;
  hours: number;
  name: string;
  nameBo: string | null;
  issuedAt: string;
};

export const issuerId = (publicUrl: string, code: string) => `${publicUrl}/issuers/${encodeURIComponent(code)}`;
export const revocationListUrl = (publicUrl: string, code: string) => `${publicUrl}/api/v1/public/revocation-lists/${encodeURIComponent(code)}`;

export function openBadgeCredential(b: BadgeInput) {
  const offset = b.timeZoneOffset ?? '+08:00';
  const issuer = { id: issuerId(b.publicUrl, b.institution.code), type: ['Profile'], name: b.institution.name };
  const identifiers = [{ type: 'IdentityObject', identityHash: b.name, identityType: 'name', hashed: false }];
  if (b.nameBo) identifiers.push({ type: 'IdentityObject', identityHash: b.nameBo, identityType: 'name', hashed: false });
  const credential = {
    '@context': [...OB_CONTEXT],
    id: b.credentialId,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: `结业证书 · ${b.classTitle}`,
    issuer,
    validFrom: b.issuedAt,
    credentialSubject: {
      type: ['AchievementSubject'],
      identifier: identifiers,
      activityStartDate: `${b.startsOn}T00:00:00${offset}`,
      activityEndDate: `${b.endsOn}T23:59:59${offset}`,
      creditsEarned: b.hours,
      achievement: {
        id: `${b.publicUrl}/achievements/class-${b.classId}`,
        type: ['Achievement'],
        achievementType: 'CertificateOfCompletion',
        name: b.classTitle,
        description: `${b.classTitle}结业`,
        criteria: {
          narrative: '完成规定课程，达到结业要求（出勤、请假、评估与心得体会）。Completed the required courses and met the completion rule of the class.',
        },
        creator: issuer,
        creditsAvailable: b.hours,
        fieldOfStudy: 'Professional training',
      },
    },
    credentialStatus: { id: revocationListUrl(b.publicUrl, b.institution.code), type: '1EdTechRevocationList' },
  };
  return {
    ...credential,
    iss: issuer.id,
    jti: b.credentialId,
    nbf: Math.floor(Date.parse(b.issuedAt) / 1000),
  };
}
