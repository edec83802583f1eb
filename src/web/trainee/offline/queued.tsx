import { useTrainee } from '../data';
import { fmt, useT } from '../i18n';
import type { OutboxItem } from './outbox';
import { useOutbox } from './use-outbox';
import { useOfflineT } from './words';

/** The trainee's check-ins scanned offline: 待同步, then 已签到 (or 待班主任确认), or why refused. */
export function OfflineCheckIns() {
  const { me } = useTrainee();
  const { items, sync } = useOutbox(me.personId, 'check-in');
  const o = useOfflineT();
  if (!items.length) return null;
  return (
    <section className="t-card t-outbox" aria-label={o('offlineCheckIns')}>
      <h2 className="t-subtitle">{o('offlineCheckIns')}</h2>
      <ul>
        {items.map((i) => (
          <OutboxRow key={i.id} item={i} />
        ))}
      </ul>
      {items.some((i) => i.state === 'queued') && navigator.onLine && (
        <button type="button" className="t-button t-button-small t-button-quiet" onClick={() => void sync()}>
          {o('syncNow')}
        </button>
      )}
    </section>
  );
}

export function OutboxRow({ item }: { item: OutboxItem }) {
  const { lang } = useT();
  const { enrolment } = useTrainee();
  const o = useOfflineT();
  const tz = enrolment?.timeZone ?? 'Asia/Shanghai';
  const result = item.kind === 'check-in' ? item.result : undefined;
  const label =
    item.state === 'queued'
      ? o('queued')
      : item.state === 'refused'
        ? o('refused')
        : item.kind === 'leave'
          ? o('leaveSent')
          : result?.review === 'pending'
            ? `${o('done')} · ${o('review')}`
            : o('done');
  return (
    <li className={`t-outbox-item t-outbox-${item.state}`} data-outbox={item.state}>
      <span className={`t-chip t-chip-outbox-${item.state}`}>{label}</span> {result?.sessionTitle}
      <div className="t-small t-muted">
        {item.kind === 'check-in' ? o('scannedAt', { time: fmt(item.createdAt, tz, lang, 'datetime') }) : fmt(item.createdAt, tz, lang, 'datetime')}
      </div>
      {item.message && (
        <div className="t-small t-warn" role="alert">
          {item.message}
        </div>
      )}
    </li>
  );
}
