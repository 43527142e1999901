import { Readable } from 'node:stream';
import { parentPort, workerData } from 'node:worker_threads';
import { TeamDirectory } from '@journey-ledger/domain';
import type { Actor, TenantConfig } from '@journey-ledger/domain';
import { planCinReturn } from './plan-cin-return';
import type { CinPlanStep } from './plan-cin-return';

/** What the importer gives the worker: plain data (a team map is rebuilt from the council's config). */
export interface CinPlanWorkerInput {
  readonly tenant: TenantConfig;
  readonly team: string;
  readonly actor: Actor;
  readonly correlationId: string;
  /** ISO: the decision clock, fixed for the run. */
  readonly now: string;
  readonly batchChildren: number;
  /** Steps the worker may be ahead of the writer (memory stays bounded). */
  readonly ahead: number;
}

/** From the importer: a chunk of the file, its end, or leave to send another step. */
export type ToCinPlanWorker = { readonly type: 'chunk'; readonly chunk: Uint8Array } | { readonly type: 'end' } | { readonly type: 'more' };

/** To the importer: a step, a request for more of the file, the end, or a failure. */
export type FromCinPlanWorker =
  | { readonly type: 'step'; readonly step: CinPlanStep }
  | { readonly type: 'took' }
  | { readonly type: 'done' }
  | { readonly type: 'error'; readonly message: string };

/* Runs in a worker thread: reads the file's chunks as the importer sends them, and decides the children. */
if (parentPort !== null && workerData !== null && typeof workerData === 'object') {
  const port = parentPort;
  const input = workerData as CinPlanWorkerInput;
  const chunks: (Uint8Array | null)[] = [];
  let credits = input.ahead;
  let wakeReader: (() => void) | undefined;
  let wakeWriter: (() => void) | undefined;
  port.on('message', (m: ToCinPlanWorker) => {
    if (m.type === 'more') {
      credits += 1;
      wakeWriter?.();
      wakeWriter = undefined;
      return;
    }
    chunks.push(m.type === 'chunk' ? m.chunk : null);
    wakeReader?.();
    wakeReader = undefined;
  });
  const file = Readable.from(
    (async function* () {
      for (;;) {
        while (chunks.length === 0) await new Promise<void>((resolve) => (wakeReader = resolve));
        const c = chunks.shift()!;
        if (c === null) return;
        port.postMessage({ type: 'took' } satisfies FromCinPlanWorker);
        yield Buffer.from(c.buffer, c.byteOffset, c.byteLength);
      }
    })(),
  );
  const run = async () => {
    const now = new Date(input.now);
    const steps = planCinReturn(file, {
      tenantId: input.tenant.id,
      timeZone: input.tenant.timeZone,
      teams: new TeamDirectory(input.tenant.teams),
      team: input.team,
      actor: input.actor,
      correlationId: input.correlationId,
      now: () => now,
      batchChildren: input.batchChildren,
    });
    for await (const step of steps) {
      if (step.kind === 'children' && step.batch !== undefined) {
        while (credits <= 0) await new Promise<void>((resolve) => (wakeWriter = resolve));
        credits -= 1;
      }
      port.postMessage({ type: 'step', step } satisfies FromCinPlanWorker);
    }
    port.postMessage({ type: 'done' } satisfies FromCinPlanWorker);
  };
  run().catch((e: Error) => port.postMessage({ type: 'error', message: e.stack ?? e.message } satisfies FromCinPlanWorker));
}
