// A small HTTP/1.1 load generator, run as its own process by the benchmarks. Unlike autocannon,
// it opens every keep-alive connection before the clock starts: a burst of a few thousand
// requests over 200 fresh connections otherwise measures TCP handshakes (and, on a busy machine,
// SYN retransmits of a second or more) rather than the server.
//
// stdin: { targets: [{ port }], connections, requests: [{ target, method, path, headers, body }] }
// stdout: { seconds, count, statuses, p50, p90, p99, max, errors }
import { connect, type Socket } from 'node:net';

type Job = {
  targets: Array<{ port: number }>;
  connections: number;
  requests: Array<{ target: number; method: string; path: string; headers: Record<string, string>; body?: string }>;
};

function readStdin(): Promise<string> {
  return new Promise((resolve) => {
    let s = '';
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', (d) => {
      s += d;
    });
    process.stdin.on('end', () => resolve(s));
  });
}

class Conn {
  private buf: Buffer = Buffer.alloc(0);
  private waiting: ((status: number) => void) | null = null;
  /** A few bodies of failed responses, to say why. */
  static samples: string[] = [];
  private failed: ((e: Error) => void) | null = null;
  constructor(readonly socket: Socket) {
    socket.setNoDelay(true);
    socket.on('error', (e) => this.failed?.(e));
    socket.on('data', (d: Buffer) => {
      this.buf = this.buf.length ? Buffer.concat([this.buf, d]) : d;
      this.tryParse();
    });
  }
  private tryParse() {
    const end = this.buf.indexOf('\r\n\r\n');
    if (end < 0 || !this.waiting) return;
    const head = this.buf.subarray(0, end).toString('latin1');
    const status = Number(head.slice(9, 12));
    const m = /\r\ncontent-length:\s*(\d+)/i.exec(head);
    if (!m) throw new Error(`response without content-length: ${head}`);
    const total = end + 4 + Number(m[1]);
    if (this.buf.length < total) return;
    if (status >= 300 && Conn.samples.length < 3)
      Conn.samples.push(
        this.buf
          .subarray(end + 4, total)
          .toString('utf8')
          .slice(0, 300),
      );
    this.buf = this.buf.subarray(total);
    const done = this.waiting;
    this.waiting = null;
    this.failed = null;
    done(status);
  }
  send(raw: Buffer): Promise<number> {
    return new Promise((resolve, reject) => {
      this.waiting = resolve;
      this.failed = reject;
      this.socket.write(raw);
    });
  }
}

async function main() {
  const job = JSON.parse(await readStdin()) as Job;
  const raw = job.requests.map((r) => {
    const body = r.body ?? '';
    const headers = { host: '127.0.0.1', connection: 'keep-alive', 'content-length': String(Buffer.byteLength(body)), ...r.headers };
    const head = `${r.method} ${r.path} HTTP/1.1\r\n${Object.entries(headers)
      .map(([k, v]) => `${k}: ${v}`)
      .join('\r\n')}\r\n\r\n`;
    return { target: r.target, bytes: Buffer.concat([Buffer.from(head, 'latin1'), Buffer.from(body)]) };
  });
  const queues = job.targets.map((_, t) => raw.filter((r) => r.target === t).map((r) => r.bytes));
  const perTarget = Math.floor(job.connections / job.targets.length);
  const conns: Array<{ conn: Conn; target: number }> = [];
  await Promise.all(
    job.targets.flatMap((t, ti) =>
      Array.from(
        { length: perTarget },
        () =>
          new Promise<void>((resolve, reject) => {
            const s = connect(t.port, '127.0.0.1', () => {
              conns.push({ conn: new Conn(s), target: ti });
              resolve();
            });
            s.on('error', reject);
          }),
      ),
    ),
  );
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let errors = 0;
  const next = queues.map(() => 0);
  const started = process.hrtime.bigint();
  await Promise.all(
    conns.map(async ({ conn, target }) => {
      const q = queues[target];
      while (next[target] < q.length) {
        const bytes = q[next[target]++];
        const t0 = process.hrtime.bigint();
        try {
          const status = await conn.send(bytes);
          statuses[status] = (statuses[status] ?? 0) + 1;
        } catch {
          errors += 1;
        }
        latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  for (const { conn } of conns) conn.socket.destroy();
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] * 10) / 10;
  process.stdout.write(
    JSON.stringify({ seconds, count: latencies.length, statuses, p50: pct(50), p90: pct(90), p99: pct(99), max: pct(100), errors, samples: Conn.samples }),
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
