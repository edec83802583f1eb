import { Worker } from 'node:worker_threads';
import type { CertificateFace } from './document';

// Batch rendering off the main thread. A class's certificates rendered into one zip or one PDF
// are minutes of CPU for thousands of trainees; in a worker thread they leave the server's event
// loop free for requests (see docs/benchmarks.md, "Certificate jobs and the server"). The worker
// is started per job (one heavy job per class at a time) and reports progress after each document.

export type RenderTask = { format: 'zip' | 'pdf'; files: Array<{ name: string; face: CertificateFace }> };
export type RenderMessage = { done: number } | { data: Uint8Array };

/** Renders the task in a worker thread; onProgress runs in order, after each document. */
export function renderInWorker(task: RenderTask, onProgress: (done: number) => Promise<void> | void): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // The worker loads TypeScript through tsx itself (render-worker.mjs), however this process was started.
    const worker = new Worker(new URL('./render-worker.mjs', import.meta.url), { workerData: task, execArgv: [] });
    let settled = false;
    const fail = (e: unknown) => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      reject(e);
    };
    let progress: Promise<void> = Promise.resolve();
    let result: Uint8Array | null = null;
    worker.on('message', (m: RenderMessage) => {
      if ('done' in m) progress = progress.then(() => onProgress(m.done)).catch(fail);
      else result = m.data;
    });
    worker.on('error', fail);
    worker.on('exit', (code) => {
      const data = result;
      if (code !== 0 || !data) return fail(new Error(`the certificate renderer stopped (exit code ${code})`));
      void progress.then(() => {
        if (settled) return;
        settled = true;
        resolve(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
      });
    });
  });
}
