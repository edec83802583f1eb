import { useState } from 'react';
import { useT } from '../i18n';
import { OfflineCheckIns } from '../offline/queued';
import { QrCamera } from '../qr-camera';
import { navigate } from '../router';

/** /t/scan: the camera, pointed at the projected rotating code; a code leads to the check-in page. */
export default function ScanPage() {
  const { t } = useT();
  const [unknown, setUnknown] = useState<string | null>(null);
  const onCode = (text: string) => {
    const i = text.lastIndexOf('/t/c/');
    if (i >= 0) navigate(`/t/c/${text.slice(i + 5).split(/[?#]/)[0]}`);
    else setUnknown(text.slice(0, 80));
  };
  return (
    <>
      <h1 className="t-title">{t('scanToCheckIn')}</h1>
      <p className="t-muted t-small">{t('scanHint')}</p>
      <QrCamera onCode={onCode} labels={{ starting: t('cameraStarting'), denied: t('cameraDenied'), none: t('cameraNone') }} />
      {unknown && <p className="t-card t-warn">{unknown}</p>}
      <OfflineCheckIns />
    </>
  );
}
