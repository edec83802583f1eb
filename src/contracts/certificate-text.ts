import { z } from 'zod';

// The wording of a 结业证书, per institution (issue #10). Shared by the server (which renders the
// text once, at issuance, and keeps it with the certificate) and the web app (which previews a
// template as it is typed). Pure: no Node imports here.
//
// Chinese certificates state the class's 学时 as the programme's credited hours; where the
// trainee attended fewer, the certificate says both (共计55学时，实修49学时). The signed
// credential and the verification page state the trainee's own hours.

/** Placeholders each template may use. `{hours}` in the body becomes one of the two hours templates. */
export const TEMPLATE_PLACEHOLDERS = {
  body: ['name', 'period', 'class', 'hours'],
  hoursFull: ['total'],
  hoursPartial: ['total', 'attended'],
  tibetanLine: ['nameBo', 'name', 'total', 'attended', 'from', 'to'],
} as const;
export type TemplateKind = keyof typeof TEMPLATE_PLACEHOLDERS;

/** Placeholders a template must contain: a certificate names its holder and states hours. */
const REQUIRED: Record<TemplateKind, readonly string[]> = {
  body: ['name', 'hours'],
  hoursFull: ['total'],
  hoursPartial: ['total', 'attended'],
  tibetanLine: [],
};

export const DEFAULT_TEMPLATES = {
  body: '{name}同志于{period}参加{class}学习，完成规定课程，{hours}，准予结业。',
  hoursFull: '共计{total}学时',
  hoursPartial: '共计{total}学时，实修{attended}学时',
} as const;

/** The message key of the first problem with a template, or 'ok'. */
export function checkTemplate(kind: TemplateKind, text: string): 'ok' | 'certificate.template_token' | 'certificate.template_missing' {
  const allowed: readonly string[] = TEMPLATE_PLACEHOLDERS[kind];
  const used = [...text.matchAll(/\{([^{}]*)\}/g)].map((m) => m[1]);
  if (used.some((u) => !allowed.includes(u))) return 'certificate.template_token';
  if (REQUIRED[kind].some((r) => !used.includes(r))) return 'certificate.template_missing';
  return 'ok';
}

const template = (kind: TemplateKind, max: number) =>
  z
    .string()
    .trim()
    .min(1, 'required')
    .max(max)
    .superRefine((s, ctx) => {
      const r = checkTemplate(kind, s);
      if (r !== 'ok') ctx.addIssue({ code: 'custom', message: r });
    });

export const CertificateTemplates = z.object({
  bodyTemplate: z.string(),
  hoursFullTemplate: z.string(),
  hoursPartialTemplate: z.string(),
  /** A line in Tibetan under the Chinese text, for classes that print bilingual certificates; null: none. */
  tibetanLine: z.string().nullable(),
});
export type CertificateTemplates = z.infer<typeof CertificateTemplates>;

export const CertificateSettings = CertificateTemplates.extend({
  updatedAt: z.string().nullable(),
  updatedBy: z.string().nullable(),
  /** Whether the caller may change them (an organizer of the institution). */
  canEdit: z.boolean(),
});

export const UpdateCertificateSettingsBody = z
  .object({
    bodyTemplate: template('body', 400),
    hoursFullTemplate: template('hoursFull', 100),
    hoursPartialTemplate: template('hoursPartial', 100),
    tibetanLine: template('tibetanLine', 400).nullable(),
  })
  .strict();

/** A preview: the templates as typed (saved ones when absent), with or without the Tibetan line. */
export const CertificatePreviewBody = z
  .object({
    bodyTemplate: template('body', 400).optional(),
    hoursFullTemplate: template('hoursFull', 100).optional(),
    hoursPartialTemplate: template('hoursPartial', 100).optional(),
    tibetanLine: template('tibetanLine', 400).nullable().optional(),
    bilingual: z.boolean().optional(),
  })
  .strict();

export type CertificateFacts = {
  name: string;
  nameBo: string | null;
  classTitle: string;
  startsOn: string;
  endsOn: string;
  /** The trainee's class hours (the 学时 the programme credits). */
  totalHours: number;
  /** What the trainee attended. */
  attendedHours: number;
};

/** 55 → "55", 49.5 → "49.5" (one decimal at most, as hours are recorded). */
export const hoursText = (h: number) => (Number.isInteger(h) ? String(h) : String(Math.round(h * 10) / 10));

/** 2020年10月12日至10月26日 (the year once when both dates share it). */
export function periodText(startsOn: string, endsOn: string): string {
  const [y1, m1, d1] = startsOn.split('-').map(Number);
  const [y2, m2, d2] = endsOn.split('-').map(Number);
  if (startsOn === endsOn) return `${y1}年${m1}月${d1}日`;
  return `${y1}年${m1}月${d1}日至${y2 === y1 ? '' : `${y2}年`}${m2}月${d2}日`;
}

const TIBETAN_DIGITS = '༠༡༢༣༤༥༦༧༨༩';
/** Arabic digits as Tibetan ones (49 → ༤༩), for the Tibetan line. */
export const tibetanDigits = (s: string) => s.replace(/[0-9]/g, (d) => TIBETAN_DIGITS[Number(d)]);

const fill = (text: string, values: Record<string, string>) => text.replace(/\{(\w+)\}/g, (whole, k: string) => values[k] ?? whole);

/** Hours equal to the class's within a hundredth count as the full class (rounding of part hours). */
export const attendedAll = (f: Pick<CertificateFacts, 'totalHours' | 'attendedHours'>) => f.attendedHours + 0.005 >= f.totalHours;

/** The certificate's text: the Chinese paragraph and, for bilingual certificates, the Tibetan line. */
export function renderCertificateText(t: CertificateTemplates, f: CertificateFacts, options: { bilingual: boolean }) {
  const total = hoursText(f.totalHours);
  const attended = hoursText(f.attendedHours);
  const hours = fill(attendedAll(f) ? t.hoursFullTemplate : t.hoursPartialTemplate, { total, attended });
  const name = f.nameBo ? `${f.name}（${f.nameBo}）` : f.name;
  const body = fill(t.bodyTemplate, { name, period: periodText(f.startsOn, f.endsOn), class: f.classTitle, hours });
  const tibetan =
    options.bilingual && t.tibetanLine
      ? fill(t.tibetanLine, {
          nameBo: f.nameBo ?? f.name,
          name: f.name,
          total: tibetanDigits(total),
          attended: tibetanDigits(attended),
          from: tibetanDigits(f.startsOn.replaceAll('-', '.')),
          to: tibetanDigits(f.endsOn.replaceAll('-', '.')),
        })
      : null;
  return { body, tibetan };
}

export const DEFAULT_CERTIFICATE_TEMPLATES: CertificateTemplates = {
  bodyTemplate: DEFAULT_TEMPLATES.body,
  hoursFullTemplate: DEFAULT_TEMPLATES.hoursFull,
  hoursPartialTemplate: DEFAULT_TEMPLATES.hoursPartial,
  tibetanLine: null,
};
