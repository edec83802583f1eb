// Benchmark: 500 certificates issued (serials, signed VC-JWTs, audit rows) and rendered (one PDF
// each, into a zip, as the batch job does), then the same 500 as one multi-page PDF.
// Run: npm run bench:certificates   (SQLite in a temporary directory; nothing else needed)
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { makeServices } from '../src/server/app';
import { loadConfig } from '../src/server/config';
import { openDatabase } from '../src/server/db/connection';
import { migrateToLatest } from '../src/server/db/migrate';
import { certificatePdf } from '../src/server/modules/certificates/document';
import { finishedClass } from './support/certificate-class';

const N = Number(process.env.BENCH_CERTIFICATES ?? 500);
const dir = mkdtempSync(join(tmpdir(), 'cohort-bench-cert-'));
const config = loadConfig({ LOG_LEVEL: 'silent' }, { dataDir: dir, databaseUrl: undefined, secretKey: Buffer.alloc(32, 9) });
const database = openDatabase({ dataDir: dir });
await migrateToLatest(database.db);
const services = makeServices(database, config);

// A finished class: 10 three-hour sessions, N trainees (60 % with a Tibetan name), full attendance.
const { classId } = await finishedClass(services, N);

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const load0 = loadavg()[0];
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const { issued } = await services.certificates.issue(null, classId, {});
const t1 = performance.now();

// What the batch job does: every valid certificate as its own PDF, into one zip in storage.
const sizes: number[] = [];
for (const c of issued) sizes.push((await services.certificates.pdf(classId, c.id)).data.length);
const t2 = performance.now();
const cpu = process.cpuUsage(cpu0);
const user = await services.auth.createUser(null, { username: 'runner', displayName: 'runner', password: 'cert-bench-pass-1', isAdmin: true });
const job = await services.certificates.startJob({ userId: user } as never, classId, { kind: 'bundle', format: 'zip' });
await services.certificates.drain();
const t3 = performance.now();
const zip = await services.certificates.getJob(classId, job.id);
const pdfJob = await services.certificates.startJob({ userId: user } as never, classId, { kind: 'bundle', format: 'pdf' });
await services.certificates.drain();
const t4 = performance.now();
const multi = await services.certificates.getJob(classId, pdfJob.id);

sizes.sort((a, b) => a - b);
const median = sizes[Math.floor(sizes.length / 2)];
const tibetanSample = await certificatePdf({
  serial: 'X',
  name: '扎西旺拉',
  nameBo: 'བཀྲ་ཤིས་དབང་ལྷ',
  body: `扎西旺拉（བཀྲ་ཤིས་དབང་ལྷ）同志于2020年10月12日至10月26日参加${issued[0].classTitle}学习，完成规定课程，共计30学时，准予结业。`,
  tibetan: null,
  issuerName: '上海科技管理干部学院',
  issuedOn: '2020-10-26',
  verifyUrl: `${config.publicUrl}/verify/${'x'.repeat(43)}`,
  status: 'valid',
});

const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${mb(totalmem())} RAM, Node ${process.version}, SQLite`);
console.log(`certificates: ${issued.length} (60 % with a Tibetan name)`);
console.log(`issue (serials, signed VC-JWTs, audit; one transaction): ${s(t1 - t0)}`);
console.log(`render ${issued.length} single PDFs:                     ${s(t2 - t1)}  (${((t2 - t1) / issued.length).toFixed(1)} ms each)`);
console.log(
  `issue + render:                                      ${s(t2 - t0)}  (CPU ${s((cpu.user + cpu.system) / 1000)}; 1-min load average at start ${load0.toFixed(1)})`,
);
console.log(`zip job (render again + zip + storage):              ${s(t3 - t2)}  zip ${mb(zip.sizeBytes ?? 0)}`);
console.log(`multi-page PDF job:                                  ${s(t4 - t3)}  ${((multi.sizeBytes ?? 0) / 1024 / 1024).toFixed(1)} MB`);
console.log(
  `PDF size: median ${(median / 1024).toFixed(1)} KB, max ${(sizes[sizes.length - 1] / 1024).toFixed(1)} KB, min ${(sizes[0] / 1024).toFixed(1)} KB; Tibetan-name sample ${(tibetanSample.length / 1024).toFixed(1)} KB`,
);
console.log(`peak memory (maxRSS): ${mb(process.resourceUsage().maxRSS * 1024)}; heap used now ${mb(process.memoryUsage().heapUsed)}`);

await database.close();
rmSync(dir, { recursive: true, force: true });
