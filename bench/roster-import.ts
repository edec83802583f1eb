// Benchmark: importing a roster of 5,000 trainees from an .xlsx file — preview (upload, parse,
// check every row against the institution's records) and commit (the same upload again, every row
// enrolled in one transaction) — over real HTTP on 127.0.0.1, as the web screen does it.
// SQLite by default; PostgreSQL with BENCH_DATABASE_URL=postgres://… (an empty database).
// Target (issue #4): preview + commit of 5,000 rows ≤ 10 s on SQLite.   Run: npm run bench:import
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import ExcelJS from 'exceljs';
import { buildApp } from '../src/server/app';
import { loadConfig } from '../src/server/config';
import { parseImportFile } from '../src/server/modules/roster-io/file';

const ROWS = Number(process.env.BENCH_ROWS ?? 5000);
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const idNumber = (n: number) => {
  const body = `540102${1960 + (n % 40)}0${1 + (n % 9)}1${n % 10}${String(n % 1000).padStart(3, '0')}`;
  const sum = WEIGHTS.reduce((acc, w, i) => acc + w * Number(body[i]), 0);
  return body + '10X98765432'[sum % 11];
};

async function rosterFile(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('学员名单');
  ws.addRow(['2026年第一期培训班学员名单']);
  ws.addRow(['姓名', '藏文名', '性别', '民族', '工作单位', '职务', '职级', '手机', '身份证号', '组别', '备注']);
  for (let i = 0; i < ROWS; i++) {
    // Unique ID numbers: vary the birth date and the sequence together.
    const id = idNumber(i);
    ws.addRow([
      `学员${i}`,
      i % 3 === 0 ? 'བཀྲ་ཤིས་དབང་ལྷ' : '',
      Number(id[16]) % 2 ? '男' : '女',
      i % 2 ? '藏族' : '汉族',
      `西藏自治区某某单位${i % 200}`,
      '科长',
      '正科级',
      `139${String(i).padStart(8, '0')}`,
      id,
      `第${(i % 20) + 1}组`,
      '',
    ]).eachCell((c) => {
      c.numFmt = '@';
    });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const dir = mkdtempSync(join(tmpdir(), 'cohort-bench-'));
const config = loadConfig({}, { dataDir: dir, databaseUrl: process.env.BENCH_DATABASE_URL, logLevel: 'silent', secretKey: Buffer.alloc(32, 1) });
const { app, services } = await buildApp(config, { webDir: null });
const { classes, auth } = services;
try {
  const institutionId = await classes.createInstitution(null, { name: '基准学院', code: `B${Date.now() % 100000}` });
  const programmeId = await classes.createProgramme(null, { institutionId, name: '基准项目' });
  const classId = await classes.createClass(null, programmeId, {
    title: '5000人导入',
    startsOn: '2026-01-05',
    endsOn: '2026-01-16',
    timeZone: 'Asia/Shanghai',
    leaveLimitRatio: 1 / 7,
    minAttendanceRatio: 0.8,
    lateGraceMinutes: 10,
  });
  const userId = await auth.createUser(null, { username: 'bench', displayName: 'bench', password: 'roster-import-9xQ' });
  await auth.grant(null, userId, { role: 'organizer', scopeType: 'institution', scopeId: institutionId });

  const file = await rosterFile();
  const distinctIds = new Set(Array.from({ length: ROWS }, (_, i) => idNumber(i))).size;
  if (distinctIds !== ROWS) throw new Error(`generator made duplicate ID numbers (${distinctIds}/${ROWS})`);

  let t0 = performance.now();
  const parsed = await parseImportFile(file);
  const parseMs = performance.now() - t0;
  if (parsed.rows.length !== ROWS) throw new Error(`parsed ${parsed.rows.length} rows`);

  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'bench', password: 'roster-import-9xQ' }),
  });
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const headers = {
    cookie: login.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; '),
    'x-csrf-token': csrfToken,
  };
  const form = (decisions?: object) => {
    const f = new FormData();
    f.append('file', new Blob([new Uint8Array(file)]), 'roster.xlsx');
    if (decisions) f.append('decisions', JSON.stringify(decisions));
    return f;
  };

  t0 = performance.now();
  const previewRes = await fetch(`${base}/api/v1/classes/${classId}/roster-import/preview`, { method: 'POST', headers, body: form() });
  const previewBody = await previewRes.text();
  const previewMs = performance.now() - t0;
  if (previewRes.status !== 200) throw new Error(`preview ${previewRes.status}: ${previewBody.slice(0, 300)}`);
  const preview = JSON.parse(previewBody) as { fileHash: string; summary: { errorRows: number; toCreate: number }; missingGroups: Array<{ name: string }> };
  if (preview.summary.errorRows !== 0 || preview.summary.toCreate !== ROWS) throw new Error(`unexpected preview: ${JSON.stringify(preview.summary)}`);

  t0 = performance.now();
  const commitRes = await fetch(`${base}/api/v1/classes/${classId}/roster-import/commit`, {
    method: 'POST',
    headers,
    body: form({ fileHash: preview.fileHash, createGroups: preview.missingGroups.map((g) => g.name) }),
  });
  const commitBody = await commitRes.text();
  const commitMs = performance.now() - t0;
  if (commitRes.status !== 201) throw new Error(`commit ${commitRes.status}: ${commitBody.slice(0, 300)}`);
  const enrolled = (await services.roster.listRoster(classId)).length;
  if (enrolled !== ROWS) throw new Error(`enrolled ${enrolled}`);

  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  console.log(`roster import, ${ROWS} rows (${(file.length / 1024).toFixed(0)} KB .xlsx), ${services.database.dialect}, over HTTP`);
  console.log(
    `  parse only ${s(parseMs)}   preview ${s(previewMs)} (${(previewBody.length / 1024).toFixed(0)} KB JSON)   commit ${s(commitMs)}   preview + commit ${s(previewMs + commitMs)}`,
  );
  console.log(`  machine: ${cpus().length} × ${cpus()[0].model}, Node ${process.version}`);
} finally {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
}
