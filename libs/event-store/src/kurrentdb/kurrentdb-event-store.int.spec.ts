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
      // testcontainers' own KurrentDB module needs testcontainers 12 (Node 22); a generic container keeps to Node 20.
      const { GenericContainer, Wait } = await import('testcontainers');
      const started = await new GenericContainer(KURRENTDB_IMAGE)
        .withEnvironment({ KURRENTDB_INSECURE: 'true', KURRENTDB_ENABLE_ATOM_PUB_OVER_HTTP: 'true' })
        .withExposedPorts(2113)
        .withWaitStrategy(Wait.forHttp('/health/live', 2113).forStatusCode(204))
        .start();
      container = started;
      return `kurrentdb://${started.getHost()}:${started.getMappedPort(2113)}?tls=false`;
    })();
    return url;
  };
  afterAll(async () => {
    await container?.stop();
  });

  eventStoreContract(
    'KurrentDB',
    async () => {
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
    },
    { readsWholeStreams: false },
  );
}
