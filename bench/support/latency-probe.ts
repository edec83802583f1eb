// A child process for bench/certificate-job-load.ts: requests each URL in its own sequential loop
// (one request at a time, a short pause between) and keeps the latencies per phase, so that the
// clock runs outside the server's event loop. Messages from the parent:
//   { start: phase, urls: [{ name, url }], cookie }  begins a phase
//   { stop: true }                                    ends it; answers { phase, results }
import { setTimeout as sleep } from 'node:timers/promises';

type Start = { start: string; urls: Array<{ name: string; url: string }>; cookie: string };
type Result = { name: string; count: number; errors: number; p50: number; p95: number; p99: number; max: number };

let running = false;
let loops: Promise<Result>[] = [];
let phase = '';

async function loop(name: string, url: string, cookie: string): Promise<Result> {
  const times: number[] = [];
  let errors = 0;
  while (running) {
    const t0 = performance.now();
    try {
      const res = await fetch(url, { headers: { cookie } });
      await res.arrayBuffer();
      if (res.status !== 200) errors++;
    } catch {
      errors++;
    }
    times.push(performance.now() - t0);
    await sleep(10);
  }
  times.sort((a, b) => a - b);
  const q = (p: number) => Math.round((times[Math.min(times.length - 1, Math.floor(p * times.length))] ?? 0) * 10) / 10;
  return { name, count: times.length, errors, p50: q(0.5), p95: q(0.95), p99: q(0.99), max: q(1) };
}

process.on('message', async (m: Start | { stop: true }) => {
  if ('start' in m) {
    phase = m.start;
    running = true;
    loops = m.urls.map((u) => loop(u.name, u.url, m.cookie));
  } else {
    running = false;
    const results = await Promise.all(loops);
    process.send?.({ phase, results });
  }
});
process.on('disconnect', () => process.exit(0));
