import { lazy, StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';

// The entry decides by path which app to load, so a trainee's phone never downloads the admin
// bundle (Ant Design and the office pages), and the office never loads the trainee pages.
const isTrainee = window.location.pathname === '/t' || window.location.pathname.startsWith('/t/');
const App = isTrainee ? lazy(() => import('./trainee/app')) : lazy(() => import('./admin/app'));

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Suspense fallback={null}>
      <App />
    </Suspense>
  </StrictMode>,
);
