#!/usr/bin/env node
// The one test command (`npm test`): type check, lint and format check, web build, then every
// test tier with node's test runner.
// Store/service tests run on SQLite, and again on PostgreSQL when TEST_DATABASE_URL is set.
// Browser tests (test/e2e) need Debian's Chromium at /usr/bin/chromium.
// Usage: npm test [-- <path filter> ...]   e.g. npm test -- test/unit
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const filters = process.argv.slice(2);
const walk = (dir) =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : path.endsWith('.test.ts') || path.endsWith('.test.tsx') ? [path] : [];
  });
const tiers = ['test/unit', 'test/integration', 'test/http', 'test/e2e'].filter((d) => existsSync(d));
const files = tiers.flatMap(walk).filter((f) => filters.length === 0 || filters.some((p) => f.startsWith(p)));

if (filters.length === 0) {
  console.log('# type check (tsc --noEmit)');
  const tsc = spawnSync('npx', ['tsc', '--noEmit', '-p', '.'], { stdio: 'inherit' });
  if (tsc.status !== 0) process.exit(tsc.status ?? 1);
  console.log('# lint and format (biome check: warnings fail too)');
  const lint = spawnSync('npx', ['biome', 'check', '--error-on-warnings', 'src', 'test', 'bench', 'scripts'], { stdio: 'inherit' });
  if (lint.status !== 0) process.exit(lint.status ?? 1);
  if (existsSync('index.html')) {
    console.log('# web build (vite build)');
    const vite = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
    if (vite.status !== 0) process.exit(vite.status ?? 1);
  }
}
console.log(`# running ${files.length} test files; PostgreSQL: ${process.env.TEST_DATABASE_URL ? 'yes' : 'no (TEST_DATABASE_URL unset)'}`);
const run = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=1', ...files], {
  stdio: 'inherit',
  env: { ...process.env, NODE_ENV: 'test' },
});
process.exit(run.status ?? 1);
