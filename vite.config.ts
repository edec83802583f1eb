import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { traineeServiceWorker } from './src/web/trainee/offline/vite-plugin.ts';

/**
 * Writes a .br and a .gz beside every text file of the build (#15: weak networks), which the
 * server sends as they are (@fastify/static preCompressed) instead of compressing per request.
 */
function precompress(outDir: string): Plugin {
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? walk(path) : [path];
    });
  return {
    name: 'cohort-precompress',
    apply: 'build',
    closeBundle() {
      // A failed build writes nothing; its own error is the one to show.
      if (!existsSync(outDir)) return;
      for (const file of walk(outDir).filter((f) => /\.(js|mjs|css|html|svg|json|webmanifest)$/.test(f))) {
        const data = readFileSync(file);
        if (data.length < 1024) continue;
        writeFileSync(`${file}.br`, brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
        writeFileSync(`${file}.gz`, gzipSync(data, { level: 9 }));
      }
    },
  };
}

// The web app is built from the repository root (index.html, t.html) into dist/web, which the API
// process serves with a fallback to index.html (t.html under /t/) for client-side routes. `npx vite` runs a dev
// server that forwards /api to a local `npm start` on port 3000.
export default defineConfig({
  plugins: [react(), traineeServiceWorker(), precompress('dist/web')],
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
    // Two pages: the office app (index.html) and the trainee's phone (t.html, served for /t/…).
    rolldownOptions: { input: { index: 'index.html', trainee: 't.html' } },
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
});
