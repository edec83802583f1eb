import { lazy, Suspense } from 'react';

// Placeholder for the trainee's phone pages (another issue builds them). It must stay light:
// no Ant Design here, so that phones do not download the admin bundle.
// Evaluation pages (/t/evaluations…, also the QR code on a lecture's last slide), until the trainee
// app has a router of its own: they mount themselves with the browser's history.
const TraineeEvaluationsPage = lazy(() => import('./evaluations'));
// Certificates (/t/certificates): the trainee's own 结业证书, with PDF and credential downloads.
const TraineeCertificatesPage = lazy(() => import('./certificates'));

export default function TraineeApp() {
  if (window.location.pathname.startsWith('/t/certificates')) {
    return (
      <Suspense fallback={null}>
        <TraineeCertificatesPage />
      </Suspense>
    );
  }
  if (window.location.pathname.startsWith('/t/evaluations')) {
    return (
      <Suspense fallback={null}>
        <TraineeEvaluationsPage />
      </Suspense>
    );
  }
  return (
    <main style={{ fontFamily: 'system-ui, sans-serif', padding: 24, maxWidth: 480, margin: '0 auto' }}>
      <h1 style={{ fontSize: 20 }}>学员页面</h1>
      <p>Trainee pages</p>
    </main>
  );
}
