import { randomBytes } from 'node:crypto';
import { eventStoreContract } from '../contract/event-store.contract';
import { EventSeal } from '../integrity/seal';
import { KurrentDbEventStore } from './kurrentdb-event-store';

/*
 * The same contract as the embedded and PostgreSQL stores, on a real KurrentDB: `KURRENTDB_URL`
 * when set, else a testcontainer where a Docker engine answers (test/global-setup.ts decides).
 * Every test gets a namespace of its own on the one server, so nothing needs deleting.
 * Without either, one pending test says why, and the run's summary prints that line.
 */
const KURRENTDB_IMAGE = 'docker.kurrent.io/kurrent-latest/kurrentdb:25.1';
const notRun = process.env.JOURNEY_LEDGER_KURRENTDB_NOT_RUN;

if (notRun) {
  it.skip(`KurrentDB contract tests did not run: ${notRun}`, () => undefined);
} else {
  let container: { stop(): Promise<unknown> } | undefined;
  let url: Promise<string> | undefined;
  const connectionString = (): Promise<string> => {
    url ??= (async () => {
      if (process.env.KURRENTDB_URL) return process.env.KURRENTDB_URL;
      const { KurrentDbContainer } = await import('@testcontainers/kurrentdb');
      const started = await new KurrentDbContainer(KURRENTDB_IMAGE).start();
      container = started;
      return started.getConnectionString();
    })();
    return url;
  };
  afterAll(async () => {
    await container?.stop();
  });

  eventStoreContract('KurrentDB', async () => {
    const store = KurrentDbEventStore.connect(await connectionString(), {
      namespace: `jl${randomBytes(4).toString('hex')}`,
      seal: EventSeal.fromKey(undefined),
      pollMs: 50,
    });
    await store.migrate();
    return {
      store,
      async dispose() {
        await store.close();
      },
    };
  });
}
