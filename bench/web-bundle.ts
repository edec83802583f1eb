// Builds the web app and measures what a browser downloads first, gzip-compressed (zlib, level 6,
// as a typical server sends it): the entry plus everything the first route needs, following the
// static imports recorded in Vite's manifest. Run: npm run bench:web
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const ROOT = join(import.meta.dirname, '..');
const OUT = join(ROOT, 'dist', 'web');
const BUDGET_KB = 700;

type Chunk = { file: string; imports?: string[]; dynamicImports?: string[]; css?: string[]; isEntry?: boolean; isDynamicEntry?: boolean };

if (!process.argv.includes('--no-build')) {
  const r = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
const manifest: Record<string, Chunk> = JSON.parse(readFileSync(join(OUT, '.vite', 'manifest.json'), 'utf8'));

/** The chunks a browser loads for these manifest keys: each, and what each imports statically. */
function closure(keys: string[]): { js: Set<string>; css: Set<string> } {
  const js = new Set<string>();
  const css = new Set<string>();
  const visit = (key: string) => {
    const chunk = manifest[key];
    if (!chunk) throw new Error(`not in the manifest: ${key}`);
    if (js.has(chunk.file)) return;
    js.add(chunk.file);
    for (const c of chunk.css ?? []) css.add(c);
    for (const i of chunk.imports ?? []) visit(i);
  };
  keys.forEach(visit);
  return { js, css };
}

const size = (files: Iterable<string>) => {
  let raw = 0;
  let gz = 0;
  for (const f of files) {
    const buf = readFileSync(join(OUT, f));
    raw += buf.length;
    gz += gzipSync(buf).length;
  }
  return { raw, gz };
};
const kb = (n: number) => (n / 1024).toFixed(1);

const routes: Array<[string, string[]]> = [
  ['admin: login page', ['index.html', 'src/web/admin/app.tsx', 'src/web/pages/login.tsx']],
  ['admin: home page', ['index.html', 'src/web/admin/app.tsx', 'src/web/pages/home.tsx']],
  ['admin: class overview', ['index.html', 'src/web/admin/app.tsx', 'src/web/pages/class/workspace.tsx', 'src/web/pages/class/overview.tsx']],
  ['admin: class timetable', ['index.html', 'src/web/admin/app.tsx', 'src/web/pages/class/workspace.tsx', 'src/web/pages/class/timetable/index.tsx']],
  ['admin: class roster', ['index.html', 'src/web/admin/app.tsx', 'src/web/pages/class/workspace.tsx', 'src/web/pages/class/roster.tsx']],
  ['trainee pages (/t/…)', ['index.html', 'src/web/trainee/app.tsx']],
];

console.log(`| first view | JS files | JS raw KB | JS gzip KB | CSS gzip KB |`);
console.log(`| --- | --- | --- | --- | --- |`);
let initialAdmin = 0;
for (const [name, keys] of routes) {
  const { js, css } = closure(keys);
  const s = size(js);
  const c = size(css);
  if (name === 'admin: login page' || name === 'admin: home page') initialAdmin = Math.max(initialAdmin, s.gz);
  console.log(`| ${name} | ${js.size} | ${kb(s.raw)} | ${kb(s.gz)} | ${kb(c.gz)} |`);
}
const all = Object.values(manifest)
  .map((c) => c.file)
  .filter((f) => f.endsWith('.js'));
const total = size(new Set(all));
console.log(`\nAll JS chunks together: ${all.length} files, ${kb(total.raw)} KB raw, ${kb(total.gz)} KB gzip.`);
console.log(
  `Initial admin JS (entry + login or home route, the larger): ${kb(initialAdmin)} KB gzip; budget ${BUDGET_KB} KB: ${initialAdmin / 1024 <= BUDGET_KB ? 'within' : 'OVER'}.`,
);
