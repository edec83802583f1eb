import type { FormInstance } from 'antd';
import type { Rule } from 'antd/es/form';
import { useCallback } from 'react';
import type { z } from 'zod';
// The server's message table has no Node imports; the form shows exactly the words the server
// would send for the same code (required, phone.format, id_number.checksum, …).
import { hasMessage, translate } from '../../contracts/messages';
import { type Locale, type T, useI18n } from '../i18n';
import { namePath } from './problems';

export type FieldErr = { field: string; message: string };

type Issue = z.core.$ZodIssue;

/** One zod issue in the user's language. */
export function issueMessage(issue: Issue, locale: Locale, t: T): string {
  if (issue.message && hasMessage(issue.message)) return translate(issue.message, locale);
  switch (issue.code) {
    case 'invalid_type':
      return t('validation.required');
    case 'too_small':
      return issue.origin === 'string' && Number(issue.minimum) <= 1
        ? t('validation.required')
        : issue.origin === 'array'
          ? t('validation.too_few', { min: Number(issue.minimum) })
          : t('validation.too_small', { min: Number(issue.minimum) });
    case 'too_big':
      return issue.origin === 'string'
        ? t('validation.too_long', { max: Number(issue.maximum) })
        : issue.origin === 'array'
          ? t('validation.too_many', { max: Number(issue.maximum) })
          : t('validation.too_big', { max: Number(issue.maximum) });
    case 'invalid_value':
      return t('validation.choose');
    default:
      return t('validation.invalid');
  }
}

/** zod issues as field errors, with the dotted path the server would use. */
export const issuesToFieldErrors = (error: z.ZodError, locale: Locale, t: T): FieldErr[] =>
  error.issues.map((i) => ({ field: i.path.map(String).join('.'), message: issueMessage(i, locale, t) }));

/** An antd rule that checks one field with a contract's field schema. */
export function useZodRule() {
  const { locale, t } = useI18n();
  return useCallback(
    (schema: z.ZodType): Rule => ({
      validator: async (_rule, value) => {
        const r = schema.safeParse(value === '' ? undefined : value);
        if (!r.success) {
          // An optional field left empty is fine; the schema may still reject "" for format rules.
          if ((value === '' || value === undefined || value === null) && schema.safeParse(null).success) return;
          throw new Error(issueMessage(r.error.issues[0], locale, t));
        }
      },
    }),
    [locale, t],
  );
}

/**
 * Validates a whole request body with its contract before sending. Returns the parsed body, or
 * null after marking the fields; `fieldOf` turns the contract's field path into the form's.
 */
export function useContractCheck() {
  const { locale, t } = useI18n();
  return useCallback(
    <S extends z.ZodType>(schema: S, body: unknown, form: FormInstance, fieldOf: (field: string) => (string | number)[] | null = namePath) => {
      const r = schema.safeParse(body);
      if (r.success) return { ok: true as const, data: r.data };
      const errors = issuesToFieldErrors(r.error, locale, t);
      const marked = errors.flatMap((e) => {
        const name = fieldOf(e.field);
        return name ? [{ name, errors: [e.message] }] : [];
      });
      form.setFields(marked);
      return { ok: false as const, unmatched: errors.filter((e) => !fieldOf(e.field)) };
    },
    [locale, t],
  );
}
