import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The web app is built from the repository root (index.html) into dist/web, which the API
// process serves with a fallback to index.html for client-side routes. `npx vite` runs a dev
// server that forwards /api to a local `npm start` on port 3000.
export default defineConfig({
  plugins: [react()],
  publicDir: false,
  build: {
    outDir: 'dist/web',
    emptyOutDir: true,
    assetsDir: 'assets',
    sourcemap: false,
    // Lists each entry's chunks and their imports: bench/web-bundle.ts and the bundle test read it.
    manifest: true,
    // Ant Design alone is larger than the default warning size; the budget is checked by bench:web.
    chunkSizeWarningLimit: 1500,
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
});
