import { useQuery } from '@tanstack/react-query';
import { Button } from 'antd';
import { useEffect, useState } from 'react';
import { useParams } from 'react-router-dom';
import { ErrorState } from '../../components/error-state';
import { Loading } from '../../components/loading';
import { dateIn, timeIn } from '../../lib/time';
import { attendanceApi, svgSrc } from './api';
import { useAtT } from './messages';
import './attendance.css';

/**
 * /classes/:classId/projector/:sessionId — full screen on the classroom projector: the rotating
 * check-in code (a new one every 20 s; fetched again when it changes and every few seconds for
 * the count), the session, and how many have checked in.
 */
export default function ProjectorPage() {
  const t = useAtT();
  const sessionId = Number(useParams().sessionId);
  const [now, setNow] = useState(Date.now());
  const q = useQuery({
    queryKey: ['check-in-code', sessionId],
    queryFn: () => attendanceApi.code(sessionId),
    refetchInterval: (query) => {
      const changesAt = query.state.data ? Date.parse(query.state.data.changesAt) : 0;
      return Math.max(500, Math.min(4000, changesAt - Date.now() + 200));
    },
    refetchIntervalInBackground: true,
    staleTime: 0,
  });
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, []);
  if (q.isPending) return <Loading />;
  if (q.error) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  const c = q.data;
  const tz = c.timeZone;
  const left = Math.max(0, Math.ceil((Date.parse(c.changesAt) - now) / 1000));
  return (
    <div className="pj" data-code={c.code}>
      <div className="pj-head">
        <h1>{c.sessionTitle}</h1>
        <div>
          {dateIn(c.startsAt, tz)} {timeIn(c.startsAt, tz)}–{timeIn(c.endsAt, tz)}
        </div>
      </div>
      {c.window.classStatus !== 'running' ? (
        <p className="pj-closed">{t('pj.not_running')}</p>
      ) : !c.window.isOpen ? (
        <p className="pj-closed">{t('pj.closed', { from: timeIn(c.window.opensAt, tz), to: timeIn(c.window.closesAt, tz) })}</p>
      ) : (
        <>
          <img className="pj-qr" src={svgSrc(c.svg)} alt={t('pj.title')} />
          <div className="pj-timer" aria-hidden="true">
            <div className="pj-timer-bar" style={{ width: `${(100 * left) / c.windowSeconds}%` }} />
          </div>
          <p className="pj-hint">{t('pj.hint', { s: c.windowSeconds })}</p>
        </>
      )}
      <p className="pj-count" data-testid="projector-count">
        {t('pj.counts', { n: c.counts.present + c.counts.late, expected: c.counts.expected })}
      </p>
      <Button className="pj-back no-print" onClick={() => window.close()}>
        {t('pj.back')}
      </Button>
    </div>
  );
}
