/**
 * One appending process of the global-order invariant test. Appends `APPENDS` times with
 * `CONCURRENCY` appends in flight: single events to its own streams (the one-statement path),
 * writes to streams shared with the other processes with `any` (the transactional path), small
 * multi-stream batches, and appends that lose a race and roll back (positions never used). Odd
 * appenders write every append of two events or more with COPY (the bulk path's block of
 * positions), so the two ways of drawing positions race each other.
 * Prints one JSON line when done: how many appends committed and how many were refused.
 */
import { randomUUID } from 'node:crypto';
import { PostgresEventStore } from '../postgres-event-store';
import type { AppendRequest } from '../../port/event-store.port';
import { WrongExpectedRevisionError } from '../../port/errors';
import { DelayingDatabase, seededRandom } from './delaying-database';

async function main(): Promise<void> {
  const env = process.env;
  const id = Number(env.APPENDER);
  const appends = Number(env.APPENDS);
  const concurrency = Number(env.CONCURRENCY ?? 8);
  const random = seededRandom(Number(env.SEED ?? 1) * 7919 + id);
  const db = new DelayingDatabase({ connectionString: env.DATABASE_URL as string, schema: env.SCHEMA, max: concurrency }, random, 0.05, 4);
  const store = new PostgresEventStore(db, undefined, undefined, { copyFromEvents: id % 2 === 1 ? 2 : undefined });
  const own = Array.from({ length: concurrency }, (_, lane) => ({ stream: `p${id}-lane${lane}`, revision: -1 }));
  const event = (n: number) => ({ eventId: randomUUID(), type: 'Appended', version: 1, data: { appender: id, n }, metadata: {} });
  let committed = 0;
  let refused = 0;
  let next = 0;

  const lane = async (l: number) => {
    for (let n = next++; n < appends; n = next++) {
      const dice = random();
      const mine = own[l];
      try {
        if (dice < 0.6) {
          const r = await store.appendToStream({
            tenantId: 't',
            streamId: mine.stream,
            events: [event(n)],
            expectedRevision: mine.revision < 0 ? 'no_stream' : mine.revision,
          });
          mine.revision = r.nextExpectedRevision;
        } else if (dice < 0.85) {
          await store.appendToStream({ tenantId: 't', streamId: `shared-${Math.floor(random() * 16)}`, events: [event(n), event(n)], expectedRevision: 'any' });
        } else if (dice < 0.95) {
          const batch: AppendRequest[] = [0, 1, 2].map((k) => ({
            tenantId: 't',
            streamId: `p${id}-batch-${n}-${k}`,
            events: [event(n)],
            expectedRevision: 'no_stream' as const,
          }));
          await store.appendBatch(batch);
        } else {
          // A stale revision on a shared stream: refused, nothing written, a position maybe burnt.
          await store.appendToStream({ tenantId: 't', streamId: `shared-${Math.floor(random() * 16)}`, events: [event(n)], expectedRevision: 0 });
        }
        committed += 1;
      } catch (e) {
        if (!(e instanceof WrongExpectedRevisionError)) throw e;
        refused += 1;
      }
    }
  };
  await Promise.all(own.map((_, l) => lane(l)));
  await store.close();
  process.stdout.write(`${JSON.stringify({ appender: id, committed, refused })}\n`);
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).stack}\n`);
  process.exit(1);
});
