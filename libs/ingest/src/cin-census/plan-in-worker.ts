import type { Readable } from 'node:stream';
import { siblingModule, startWorker } from '../bulk/worker-thread';
import type { CinPlanWorkerInput, FromCinPlanWorker, ToCinPlanWorker } from './cin-plan-worker';
import type { CinPlanStep } from './plan-cin-return';

/** What the worker is given, less how far ahead it may run (this side sets that). */
export type CinPlanInWorkerOptions = Omit<CinPlanWorkerInput, 'ahead'>;

/** Chunks of the file sent on before the worker has taken them: memory stays flat in the file's size. */
const CHUNKS_AHEAD = 4;

/**
 * `planCinReturn` in a worker thread: this thread feeds it the file chunk by chunk and receives the
 * decided batches, at most two ahead of the store, so that reading and deciding use one core while
 * the store's writes (hash chain, inserts, commit) use the other. The same steps, in the same order.
 */
export async function* planCinReturnInWorker(input: Readable, options: CinPlanInWorkerOptions): AsyncGenerator<CinPlanStep> {
  const data: CinPlanWorkerInput = { ...options, ahead: 2 };
  const worker = startWorker(siblingModule(__filename, __dirname, 'cin-plan-worker'), data);
  const queue: FromCinPlanWorker[] = [];
  let wake: (() => void) | undefined;
  let taken = 0;
  let wakeFeeder: (() => void) | undefined;
  const push = (m: FromCinPlanWorker) => {
    if (m.type === 'took') {
      taken += 1;
      wakeFeeder?.();
      wakeFeeder = undefined;
      return;
    }
    queue.push(m);
    wake?.();
    wake = undefined;
  };
  worker.on('message', push);
  worker.on('error', (e) => push({ type: 'error', message: e.stack ?? e.message }));
  worker.on('exit', (code) => push(code === 0 ? { type: 'done' } : { type: 'error', message: `the CIN census worker exited with ${code}` }));
  let stopped = false;
  const feeding = (async () => {
    let sent = 0;
    for await (const chunk of input) {
      if (stopped) break;
      while (sent - taken >= CHUNKS_AHEAD && !stopped) await new Promise<void>((resolve) => (wakeFeeder = resolve));
      if (stopped) break;
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
      const copy = new Uint8Array(bytes); // its own buffer, handed over without a second copy
      worker.postMessage({ type: 'chunk', chunk: copy } satisfies ToCinPlanWorker, [copy.buffer]);
      sent += 1;
    }
    worker.postMessage({ type: 'end' } satisfies ToCinPlanWorker);
  })();
  // A file that cannot be read fails the import as it would in this thread.
  feeding.catch((e: Error) => push({ type: 'error', message: e.message }));
  try {
    for (;;) {
      while (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      const m = queue.shift()!;
      if (m.type === 'done') break;
      if (m.type === 'error') throw new Error(`the CIN census worker failed: ${m.message}`);
      if (m.type !== 'step') continue;
      if (m.step.kind === 'children' && m.step.batch !== undefined) worker.postMessage({ type: 'more' } satisfies ToCinPlanWorker);
      yield m.step;
    }
    await feeding;
  } finally {
    stopped = true;
    wakeFeeder?.();
    input.destroy();
    await worker.terminate();
  }
}
