import { type FormEvent, useState } from 'react';
import type { OutsideTraining } from '../../../contracts/outside-training';
import { call, csrfToken, TraineeApiError } from '../api';
import { useLoad } from '../data';
import { useT } from '../i18n';
import { Failed } from './today';

// /t/outside: training taken elsewhere (培训经历认定, #19) — the form with the certificate, and
// what the office decided of each record, with its comment.

/** Uploads the certificate of a record just made; returns the server's message on refusal. */
async function sendCertificate(id: number, file: File, lang: string): Promise<string | null> {
  const form = new FormData();
  form.append('file', file);
  const res = await fetch(`/api/v1/me/outside-trainings/${id}/certificate`, {
    method: 'POST',
    body: form,
    credentials: 'same-origin',
    headers: { 'x-csrf-token': csrfToken() ?? '', 'Accept-Language': lang, Accept: 'application/json' },
  }).catch(() => null);
  if (res?.ok) return null;
  const p = ((res ? await res.json().catch(() => null) : null) ?? {}) as { title?: string; errors?: Array<{ message: string }> };
  return p.errors?.map((x) => x.message).join('；') ?? p.title ?? new TraineeApiError(0, 'client.network', '').message;
}

export function OutsidePage() {
  const { t, lang } = useT();
  const list = useLoad(() => call<OutsideTraining[]>('GET', '/api/v1/me/outside-trainings'), []);
  const [error, setError] = useState<string | null>(null);
  const [sent, setSent] = useState(false);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const form = e.currentTarget;
    setError(null);
    setSent(false);
    setBusy(true);
    try {
      const row = await call<OutsideTraining>('POST', '/api/v1/me/outside-trainings', {
        organiser: String(f.get('organiser') ?? ''),
        title: String(f.get('title') ?? ''),
        startsOn: String(f.get('startsOn') ?? ''),
        endsOn: String(f.get('endsOn') ?? ''),
        hours: Number(f.get('hours')),
      });
      const file = f.get('certificate');
      if (file instanceof File && file.size > 0) {
        const refused = await sendCertificate(row.id, file, lang);
        if (refused) setError(refused);
      }
      setSent(true);
      form.reset();
      list.reload();
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const status = (s: OutsideTraining['status']) => t(s === 'approved' ? 'outsideApproved' : s === 'rejected' ? 'outsideRejected' : 'outsidePending');
  return (
    <>
      <h1 className="t-title">{t('outside')}</h1>
      <p className="t-muted">{t('outsideIntro')}</p>
      <form className="t-card t-form" onSubmit={submit}>
        <label>
          {t('outsideOrganiser')}
          <input name="organiser" required maxLength={200} />
        </label>
        <label>
          {t('outsideTitle')}
          <input name="title" required maxLength={200} />
        </label>
        <label>
          {t('outsideStarts')}
          <input name="startsOn" type="date" required className="t-block" />
        </label>
        <label>
          {t('outsideEnds')}
          <input name="endsOn" type="date" required className="t-block" />
        </label>
        <label>
          {t('outsideHours')}
          <input name="hours" type="number" min="0.5" max="1000" step="0.5" required className="t-block" />
        </label>
        <label>
          {t('outsideCertificate')}
          <input name="certificate" type="file" accept="image/jpeg,image/png,image/webp,application/pdf" className="t-block" />
        </label>
        {error && (
          <p className="t-card t-warn" role="alert">
            {error}
          </p>
        )}
        {sent && !error && <p role="status">{t('outsideSent')}</p>}
        <button type="submit" className="t-button" disabled={busy}>
          {t('outsideSubmit')}
        </button>
      </form>
      <h2 className="t-subtitle">{t('outsideMine')}</h2>
      {list.error ? (
        <Failed message={list.error.message} retry={list.reload} />
      ) : (
        <ul className="t-list">
          {list.data?.length === 0 && <li className="t-muted">{t('outsideNone')}</li>}
          {list.data?.map((o) => (
            <li key={o.id} className="t-card">
              <strong>{o.title}</strong>
              <div className="t-muted">
                {o.organiser} · {o.startsOn} – {o.endsOn} · {o.hours} {t('outsideHours')}
              </div>
              <div data-status={o.status}>
                {status(o.status)}
                {o.reviewComment ? ` · ${o.reviewComment}` : ''}
              </div>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
