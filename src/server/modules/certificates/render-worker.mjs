// Entry of the certificate render worker (render.ts): registers tsx in this thread, then runs the
// TypeScript worker. Workers do not inherit a loader registered through tsx's API (bin/cohort.mjs).
import { register } from 'tsx/esm/api';

register();
await import('./render-worker-main.ts');
