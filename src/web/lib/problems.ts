import { App, type FormInstance } from 'antd';
import { useCallback } from 'react';
import { ApiError } from '../api/client';
import { useT } from '../i18n';

/** Maps a server field (as in problem+json `errors[].field`) to the form's field name, or null. */
export type FieldOf = (field: string) => (string | number)[] | null;

/** Accepts exactly the listed server fields, with the same dotted path in the form. */
export const fieldsIn =
  (...fields: string[]): FieldOf =>
  (f) =>
    fields.includes(f) ? namePath(f) : null;

/** "agenda.0.title" → ['agenda', 0, 'title']: antd wants list indexes as numbers. */
export const namePath = (field: string) => field.split('.').map((s) => (/^\d+$/.test(s) ? Number(s) : s));

/**
 * Shows what the server refused: each field error on its form field, everything else (the
 * problem's title, errors without a field on this form) as a notice. Nothing fails silently.
 */
export function useProblem() {
  const { message } = App.useApp();
  const t = useT();
  return useCallback(
    (err: unknown, form?: FormInstance, fieldOf?: FieldOf, codeFields: Record<string, string> = {}) => {
      if (!(err instanceof ApiError)) {
        console.error(err);
        message.error(t('error.generic'));
        return;
      }
      const p = err.problem;
      const title =
        p.code === 'client.network'
          ? t('error.network')
          : p.code === 'client.bad_response'
            ? t('error.bad_response')
            : p.title || t('error.http', { status: err.status });
      // Some refusals are about one field without saying so (a duplicate group name): put them there.
      const codeField = codeFields[p.code];
      if (form && codeField && !p.errors?.length) {
        form.setFields([{ name: namePath(codeField), errors: [p.title] }]);
        return;
      }
      const unmatched: string[] = [];
      const marked: Array<{ name: (string | number)[]; errors: string[] }> = [];
      for (const e of p.errors ?? []) {
        const name = form && fieldOf ? fieldOf(e.field) : null;
        if (name) marked.push({ name, errors: [e.message] });
        else unmatched.push(e.message);
      }
      if (form && marked.length) form.setFields(marked);
      if (unmatched.length) message.error(t('error.with_details', { title, details: unmatched.join(' / ') }), 6);
      else message.error(title, marked.length ? 3 : 5);
    },
    [message, t],
  );
}
