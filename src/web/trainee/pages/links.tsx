import { useState } from 'react';
import type { CalendarFeed } from '../../../contracts/roster-io';
import { call } from '../api';
import { useTrainee } from '../data';
import { useT } from '../i18n';

// Small ways out of the trainee pages to the phone's own apps (#15): a site's address opens the
// map app (a geo: link) or is copied for a taxi app; the class's timetable goes into the phone's
// calendar as a subscription that follows every change.

async function copy(text: string) {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    // Older phones and plain http: a hidden text field and the old copy command.
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.appendChild(area);
    area.select();
    document.execCommand('copy');
    area.remove();
  }
}

function CopyButton({ text, label }: { text: string; label: string }) {
  const { t } = useT();
  const [done, setDone] = useState(false);
  return (
    <button
      type="button"
      className="t-link-button"
      onClick={() =>
        copy(text).then(() => {
          setDone(true);
          setTimeout(() => setDone(false), 2000);
        })
      }
    >
      {done ? t('copied') : label}
    </button>
  );
}

/** An address that opens the phone's map app, and a button that copies it. */
export function AddressLinks({ name, address }: { name: string; address: string }) {
  const { t } = useT();
  return (
    <div className="t-muted t-small t-address">
      <a href={`geo:0,0?q=${encodeURIComponent(`${address} ${name}`)}`}>{address}</a> · <CopyButton text={address} label={t('copyAddress')} />
    </div>
  );
}

/** 我的: the trainee's own calendar feed (their group's sessions), made on first use. */
export function CalendarFeedCard() {
  const { t } = useT();
  const { enrolment } = useTrainee();
  const [feed, setFeed] = useState<CalendarFeed | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (!enrolment) return null;
  const ask = () =>
    call<CalendarFeed>('POST', `/api/v1/me/enrolments/${enrolment.enrolmentId}/calendar-feed`, {}).then(setFeed, (e: Error) => setError(e.message));
  return (
    <section className="t-card t-calendar">
      <h2 className="t-subtitle">{t('calendarTitle')}</h2>
      <p className="t-small t-muted">{t('calendarHint')}</p>
      {feed?.webcalUrl && feed.url ? (
        <p>
          <a className="t-button t-button-small" href={feed.webcalUrl}>
            {t('calendarSubscribe')}
          </a>{' '}
          <CopyButton text={feed.url} label={t('calendarCopy')} />
        </p>
      ) : (
        <button type="button" className="t-button t-button-small" onClick={ask}>
          {t('calendarSubscribe')}
        </button>
      )}
      {error && (
        <p className="t-warn t-small" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
