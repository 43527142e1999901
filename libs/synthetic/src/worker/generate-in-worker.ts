import type { TenantConfig } from '@journey-ledger/domain';
import { siblingModule, startWorker } from '@journey-ledger/ingest';
import type { PrePlannedBatch } from '@journey-ledger/ingest';
import type { GeneratedJourneyInfo } from '../generator';
import type { GenerateWorkerInput, GenerateWorkerMessage } from './generate-worker';

export interface GenerateInWorkerOptions {
  readonly tenant: TenantConfig;
  readonly presetId: string;
  readonly journeys: number;
  readonly seed: string | number;
  readonly now?: Date;
  readonly batchJourneys?: number;
}

/**
 * Generates and decides journeys in a worker thread, batch by batch, for `BulkWriter.writePlanned`:
 * the main thread only writes, so generation, deciding and the store's own work use both cores.
 * The worker stays at most two batches ahead. Same journeys, same ids as `generateJourneys`.
 */
export async function* generateInWorker(options: GenerateInWorkerOptions): AsyncGenerator<PrePlannedBatch<GeneratedJourneyInfo>> {
  const input: GenerateWorkerInput = {
    tenant: options.tenant,
    presetId: options.presetId,
    journeys: options.journeys,
    seed: String(options.seed),
    now: (options.now ?? new Date()).toISOString(),
    batchJourneys: options.batchJourneys ?? 1000,
    ahead: 2,
  };
  const worker = startWorker(siblingModule(__filename, __dirname, 'generate-worker'), input);
  const queue: GenerateWorkerMessage[] = [];
  let wake: (() => void) | undefined;
  const push = (m: GenerateWorkerMessage) => {
    queue.push(m);
    wake?.();
    wake = undefined;
  };
  worker.on('message', push);
  worker.on('error', (e) => push({ type: 'error', message: e.stack ?? e.message }));
  worker.on('exit', (code) => push(code === 0 ? { type: 'done' } : { type: 'error', message: `generator worker exited with ${code}` }));
  try {
    for (;;) {
      while (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      const m = queue.shift()!;
      if (m.type === 'done') return;
      if (m.type === 'error') throw new Error(`synthetic generator worker failed: ${m.message}`);
      worker.postMessage('more');
      yield m.batch;
    }
  } finally {
    await worker.terminate();
  }
}
