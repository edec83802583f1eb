import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { OutputAsset, OutputChunk } from 'rolldown';
import type { Plugin } from 'vite';

// Writes the trainee pages' service worker (t/sw.js) with the build's precache list: the entry
// chunk and its static imports, then everything the trainee app reaches (static and lazy
// imports, their CSS and the assets those name — the Tibetan font), never the office app.
// The list's and the worker's hash is its version, so a new build installs a new worker.
export function traineeServiceWorker(): Plugin {
  return {
    name: 'cohort-trainee-sw',
    apply: 'build',
    generateBundle(_options, bundle) {
      const chunks = Object.values(bundle).filter((f): f is OutputChunk => f.type === 'chunk');
      const byFile = new Map(chunks.map((c) => [c.fileName, c]));
      const facade = (c: OutputChunk, path: string) => c.facadeModuleId?.replace(/\\/g, '/').endsWith(path);
      // The trainee pages' own entry (t.html → src/web/trainee/main.tsx), which imports the trainee
      // app statically: everything it reaches, lazily too, is the trainee's.
      const traineeEntry = chunks.find((c) => c.isEntry && (facade(c, '/t.html') || facade(c, 'src/web/trainee/main.tsx')));
      const entry = traineeEntry ?? chunks.find((c) => c.isEntry);
      const trainee = traineeEntry ?? chunks.find((c) => facade(c, 'src/web/trainee/app.tsx'));
      if (!entry || !trainee) throw new Error('trainee service worker: no entry or trainee chunk in the bundle');
      const files = new Set<string>();
      const visit = (c: OutputChunk, lazy: boolean) => {
        if (files.has(c.fileName)) return;
        files.add(c.fileName);
        for (const css of c.viteMetadata?.importedCss ?? []) files.add(css);
        for (const asset of c.viteMetadata?.importedAssets ?? []) files.add(asset);
        for (const next of [...c.imports, ...(lazy ? c.dynamicImports : [])]) {
          const n = byFile.get(next);
          if (n) visit(n, lazy);
        }
      };
      if (trainee === entry) visit(entry, true);
      else {
        visit(entry, false);
        visit(trainee, true);
      }
      // Fonts and images named by the CSS.
      for (const f of [...files]) {
        const css = bundle[f] as OutputAsset | undefined;
        if (css?.type !== 'asset' || !f.endsWith('.css')) continue;
        for (const m of String(css.source).matchAll(/url\(\s*["']?\/?(assets\/[^)"'\s?#]+)/g)) files.add(m[1]);
      }
      const urls = ['/t/', ...[...files].sort().map((f) => `/${f}`)];
      const source = readFileSync(fileURLToPath(new URL('./service-worker.js', import.meta.url)), 'utf8');
      const version = createHash('sha256').update(urls.join('\n')).update(source).digest('hex').slice(0, 12);
      this.emitFile({ type: 'asset', fileName: 't/sw.js', source: `self.__COHORT_BUILD__ = ${JSON.stringify({ version, urls })};\n${source}` });
    },
  };
}
