// The trainee's phone must not download the office app: the JavaScript a /t/ page loads (the
// entry, the trainee app and its on-demand pages, following static imports in Vite's manifest)
// holds no Ant Design and no admin page.
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { snapshotWeb } from '../support/e2e';

type Chunk = { file: string; src?: string; imports?: string[] };

test('the trainee pages load neither Ant Design nor the admin app', () => {
  const dir = snapshotWeb();
  try {
    const manifest: Record<string, Chunk> = JSON.parse(readFileSync(join(dir, '.vite', 'manifest.json'), 'utf8'));
    const files = new Set<string>();
    const visit = (key: string) => {
      const chunk = manifest[key];
      assert.ok(chunk, `${key} is in the manifest`);
      if (files.has(chunk.file)) return;
      files.add(chunk.file);
      for (const i of chunk.imports ?? []) visit(i);
    };
    for (const entry of ['t.html', 'index.html', 'src/web/trainee/pages/scan.tsx', 'src/web/trainee/scanner/index.tsx']) visit(entry);
    const admin = manifest['src/web/admin/app.tsx']?.file;
    assert.ok(admin, 'the admin app is a chunk of its own');
    assert.ok(!files.has(admin), 'the admin app is not among the trainee chunks');
    for (const f of files) {
      const js = readFileSync(join(dir, f), 'utf8');
      for (const marker of ['@ant-design', 'data-css-hash', 'antd']) assert.ok(!js.includes(marker), `${f} holds Ant Design (${marker})`);
    }
    // The markers are real: the admin app's chunks do contain them.
    const adminChunks = Object.values(manifest).map((c) => readFileSync(join(dir, c.file), 'utf8'));
    assert.ok(
      adminChunks.some((js) => js.includes('data-css-hash')),
      'Ant Design is found where it is',
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
