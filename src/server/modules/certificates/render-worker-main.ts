import { parentPort, workerData } from 'node:worker_threads';
import { certificatePdf, certificatesPdf } from './document';
import type { RenderMessage, RenderTask } from './render';
import { zipStore } from './zip';

// The worker thread of render.ts: renders the task, posting progress after each document, and
// hands the file back without copying it.

const task = workerData as RenderTask;
const post = (m: RenderMessage, transfer: ArrayBuffer[] = []) => parentPort?.postMessage(m, transfer);

async function render(): Promise<Buffer> {
  if (task.format === 'pdf')
    return certificatesPdf(
      task.files.map((f) => f.face),
      (done) => post({ done }),
    );
  const files = [];
  for (const [i, f] of task.files.entries()) {
    files.push({ name: f.name, data: await certificatePdf(f.face) });
    post({ done: i + 1 });
  }
  return zipStore(files);
}

const data = await render();
// A buffer that owns its whole memory can be moved to the main thread; a pooled one is copied first.
const own = data.byteOffset === 0 && data.byteLength === data.buffer.byteLength ? data : Buffer.from(data);
const bytes = new Uint8Array(own.buffer as ArrayBuffer, own.byteOffset, own.byteLength);
post({ data: bytes }, [bytes.buffer as ArrayBuffer]);
