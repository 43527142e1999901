import { parentPort, workerData } from 'node:worker_threads';
import { TeamDirectory } from '@journey-ledger/domain';
import type { TenantConfig } from '@journey-ledger/domain';
import { planFromEmpty } from '@journey-ledger/ingest';
import type { JourneyCommands } from '@journey-ledger/ingest';
import { generateJourneys, GeneratedJourneyInfo } from '../generator';
import { PRESETS } from '../presets';

/** What the main thread gives the worker. */
export interface GenerateWorkerInput {
  readonly tenant: TenantConfig;
  readonly presetId: string;
  readonly journeys: number;
  readonly seed: string;
  /** ISO: the generator's and the decider's "now", fixed for the run. */
  readonly now: string;
  readonly batchJourneys: number;
  /** Batches the worker may be ahead of the writer (memory stays bounded). */
  readonly ahead: number;
}

export type GenerateWorkerMessage =
  | { readonly type: 'batch'; readonly batch: ReturnType<typeof planFromEmpty<GeneratedJourneyInfo>> }
  | { readonly type: 'done' }
  | { readonly type: 'error'; readonly message: string };

/* Runs in a worker thread: generates journeys and decides them (pure work), one batch at a time. */
if (parentPort !== null && workerData !== null && typeof workerData === 'object') {
  const port = parentPort;
  const input = workerData as GenerateWorkerInput;
  let credits = input.ahead;
  let wake: (() => void) | undefined;
  port.on('message', (m) => {
    if (m === 'more') {
      credits += 1;
      wake?.();
      wake = undefined;
    }
  });
  const run = async () => {
    const teams = new TeamDirectory(input.tenant.teams);
    const preset = PRESETS[input.presetId];
    let batch: JourneyCommands<GeneratedJourneyInfo>[] = [];
    const send = async () => {
      while (credits <= 0) await new Promise<void>((resolve) => (wake = resolve));
      credits -= 1;
      port.postMessage({ type: 'batch', batch: planFromEmpty(batch, () => teams, input.now) } satisfies GenerateWorkerMessage);
      batch = [];
    };
    for (const j of generateJourneys({ tenant: input.tenant, preset, journeys: input.journeys, seed: input.seed, now: new Date(input.now) })) {
      batch.push(j);
      if (batch.length >= input.batchJourneys) await send();
    }
    if (batch.length > 0) await send();
    port.postMessage({ type: 'done' } satisfies GenerateWorkerMessage);
  };
  run().catch((e: Error) => port.postMessage({ type: 'error', message: e.stack ?? e.message } satisfies GenerateWorkerMessage));
}
