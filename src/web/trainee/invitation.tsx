import { useEffect, useState } from 'react';
import type { TraineeMe } from '../../contracts/trainee';
import { call, setCsrf } from './api';
import { useT } from './i18n';
import { navigate } from './router';

/** /t/i/<token>: the personal invitation link. Exchanges the token for this phone's session, then leaves the token out of the address bar. */
export function InvitationPage({ token }: { token: string }) {
  const { t } = useT();
  const [failed, setFailed] = useState<string | null>(null);
  useEffect(() => {
    let alive = true;
    call<TraineeMe>('POST', '/api/v1/trainee/session', { token }).then(
      (me) => {
        if (!alive) return;
        setCsrf(me.csrfToken);
        localStorage.removeItem('cohort.enrolment');
        navigate('/t', true);
      },
      (e: Error) => alive && setFailed(e.message || t('invitationFailed')),
    );
    return () => {
      alive = false;
    };
  }, [token, t]);
  return (
    <main className="t-page">
      <h1 className="t-title">{t('appTitle')}</h1>
      {failed ? (
        <p className="t-card t-warn" role="alert">
          {failed}
        </p>
      ) : (
        <p className="t-muted">{t('invitationOpening')}</p>
      )}
    </main>
  );
}
