/**
 * One following process of the global-order invariant test: reads the global log from the
 * start in batches of random size, checkpointing on the last position it saw, exactly as a
 * projection does, until it is told on stdin that the appenders have finished and it has read
 * up to the head. Writes every (position, event id) it read, in order, to `OUTPUT`.
 */
import { createWriteStream } from 'node:fs';
import { PostgresDatabase } from '@journey-ledger/sql';
import { PostgresEventStore } from '../postgres-event-store';
import { seededRandom } from './delaying-database';

async function main(): Promise<void> {
  const env = process.env;
  const random = seededRandom(Number(env.SEED ?? 1) * 104729 + Number(env.FOLLOWER));
  const store = new PostgresEventStore(new PostgresDatabase({ connectionString: env.DATABASE_URL as string, schema: env.SCHEMA, max: 2 }));
  const out = createWriteStream(env.OUTPUT as string);
  let appendersDone = false;
  process.stdin.on('data', () => (appendersDone = true));
  let checkpoint = 0;
  let read = 0;
  for (;;) {
    const batch = await store.readAll({ after: checkpoint, maxCount: 1 + Math.floor(random() * 300) });
    for (const e of batch) out.write(`${e.position} ${e.eventId}\n`);
    read += batch.length;
    if (batch.length > 0) {
      checkpoint = batch[batch.length - 1].position;
      continue;
    }
    if (appendersDone && checkpoint >= (await store.committedPosition())) break;
    await new Promise((r) => setTimeout(r, random() * 5));
  }
  await new Promise<void>((resolve) => out.end(resolve));
  await store.close();
  process.stdout.write(`${JSON.stringify({ follower: Number(env.FOLLOWER), read })}\n`);
  process.stdin.destroy();
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).stack}\n`);
  process.exit(1);
});
