import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import TraineeApp from './app';

// The trainee pages' own entry (t.html, served for /t and /t/…): the trainee app is imported
// statically, so the page's modulepreload links fetch every script of the first screen at once
// instead of one after another (#15: weak networks).
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <TraineeApp />
  </StrictMode>,
);
