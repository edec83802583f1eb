import type { ReactNode } from 'react';
import { fmt, useT } from '../i18n';
import type { QueuedScan } from './queue';

/**
 * The scans this phone holds, newest first, each with its state (待同步 / 已同步 / 未记录), and a
 * button to send the queue now: the same list in check-in and boarding mode, which name what
 * each scan was for (`detail`).
 */
export function ScanLog(props: {
  scans: QueuedScan[];
  queued: number;
  online: boolean;
  sync: () => Promise<unknown>;
  timeZone: string;
  detail: (scan: QueuedScan) => ReactNode;
}) {
  const { t, lang } = useT();
  const { scans, queued, online, sync, timeZone, detail } = props;
  return (
    <section className="t-card">
      <div className="s-status">
        <span>{t('scannerCount', { n: scans.length, q: queued })}</span>
        {queued > 0 && online && (
          <button type="button" className="t-button t-button-small t-button-quiet" onClick={() => void sync()}>
            {t('scannerSyncNow')}
          </button>
        )}
      </div>
      {scans.map((s) => (
        <div key={s.clientId} className="s-scan" data-state={s.state}>
          <span>
            {s.name ?? '?'} <span className="t-muted t-small">{fmt(s.scannedAt, timeZone, lang, 'time')}</span>
            <div className="t-muted t-small">{detail(s)}</div>
            {s.message && s.state === 'conflict' && <div className="t-small">{s.message}</div>}
          </span>
          <span className={`s-state-${s.state} t-small`}>
            {s.state === 'queued' ? t('scannerQueued') : s.state === 'synced' ? t('scannerSynced') : t('scannerConflict')}
          </span>
        </div>
      ))}
    </section>
  );
}
