import { mintDevelopmentToken } from '@journey-ledger/auth';
import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import request from 'supertest';
import { freePort, LedgerProcess, startLedgerProcess } from './processes';

/*
 * The multi-process set-up for PostgreSQL as it is documented: two API processes started with
 * JOURNEY_LEDGER_PROJECTIONS=worker and one `project --follow` worker, each its own process.
 * Under concurrent writes through both APIs, every read answers (never a 500), every client
 * reads its own writes through the other API process, /health never claims to be caught up
 * while the worker is behind, and the worker's read models equal a clean rebuild.
 */
const CLIENTS = 24;
const JOURNEYS_PER_CLIENT = 8;

describe('PostgreSQL with two API processes and a projection worker', () => {
  const schema = `jl_workers_${randomBytes(4).toString('hex')}`;
  const secret = randomBytes(32).toString('base64');
  const env = {
    JOURNEY_LEDGER_STORE: 'postgres',
    JOURNEY_LEDGER_PG_SCHEMA: schema,
    JOURNEY_LEDGER_JWT_SECRET: secret,
    JOURNEY_LEDGER_VAULT_KEY: randomBytes(32).toString('base64'),
    JOURNEY_LEDGER_TENANTS_DIR: 'config/tenants',
  };
  const processes: LedgerProcess[] = [];
  const apis: string[] = [];
  let pg: Client;

  beforeAll(async () => {
    const databaseUrl = process.env.DATABASE_URL as string;
    pg = new Client({ connectionString: databaseUrl });
    await pg.connect();
    const all = { ...env, DATABASE_URL: databaseUrl };
    for (let i = 0; i < 2; i++) {
      const port = await freePort();
      const api = startLedgerProcess('api', [], { ...all, PORT: String(port), JOURNEY_LEDGER_PROJECTIONS: 'worker' });
      processes.push(api);
      await api.waitFor(/Journey Ledger on http/);
      apis.push(`http://127.0.0.1:${port}`);
    }
    const worker = startLedgerProcess('cli', ['project', '--follow'], all);
    processes.push(worker);
    await worker.waitFor(/following the log/);
  }, 120_000);

  afterAll(async () => {
    await Promise.all(processes.map((p) => p.stop()));
    await pg.query(`drop schema if exists ${schema} cascade`);
    await pg.end();
  });

  it('answers every read with the writer’s own writes, reports its lag truthfully, and keeps read models equal to a clean rebuild', async () => {
    const recorder = await mintDevelopmentToken({ userId: 'load-recorder', tenantId: 'north-shire', roles: ['recorder'] }, { secret });
    const analyst = await mintDevelopmentToken({ userId: 'load-analyst', tenantId: 'north-shire', roles: ['analyst'] }, { secret });
    const statuses: Record<string, number> = {};
    const stale: string[] = [];
    const count = (s: number) => (statuses[s] = (statuses[s] ?? 0) + 1);
    const post = async (api: string, path: string, body: object) => {
      const res = await request(api)
        .post(path)
        .set('Authorization', `Bearer ${recorder}`)
        .send({ commandId: randomUUID(), ...body });
      count(res.status);
      return res;
    };

    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, c) => {
        for (let j = 0; j < JOURNEYS_PER_CLIENT; j++) {
          const [here, there] = (c + j) % 2 === 0 ? apis : [apis[1], apis[0]];
          const started = await post(here, '/journeys', {
            childRef: `child-${c}-${j}`,
            source: '2A',
            channel: 'phone',
            team: 'customer-access',
            levelOfNeed: '3',
          });
          if (started.status !== 201) continue;
          const id = started.body.journeyId as string;
          const moves = [
            ['customer-access', 'mash'],
            ['mash', 'assessment-north'],
          ].slice(0, 1 + (j % 2));
          for (const [fromTeam, toTeam] of moves) await post(there, `/journeys/${id}/handovers`, { fromTeam, toTeam, reason: 'threshold-decision' });
          // Read through the other process: it must wait for the worker to have applied these writes.
          const read = await request(here).get(`/journeys/${id}`).set('Authorization', `Bearer ${recorder}`);
          count(read.status);
          if (read.status === 200 && (read.body.handovers !== moves.length || read.body.revision !== moves.length)) stale.push(id);
        }
      }),
    );
    const metrics = await request(apis[1]).get('/metrics/handovers').set('Authorization', `Bearer ${analyst}`);
    count(metrics.status);

    expect({ statuses: Object.keys(statuses).filter((s) => Number(s) >= 300), stale }).toEqual({ statuses: [], stale: [] });

    // /health on an API process never says caught up while the worker's checkpoint is behind the log.
    for (const api of apis) {
      for (;;) {
        const health = (await request(api).get('/health')).body as { head: number; projections: { position: number; lag: number }[] };
        const [{ head }] = (await pg.query(`select coalesce(max(position), 0)::int as head from ${schema}.events`)).rows;
        for (const p of health.projections) expect(p.lag).toBe(health.head - p.position);
        expect(health.head).toBeLessThanOrEqual(head);
        if (health.projections.every((p) => p.lag === 0)) {
          expect(health.head).toBe(head);
          break;
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    }

    // The worker's tables against a clean rebuild of the same log.
    await processes[2].stop();
    const before = await readModelDigests(pg, schema);
    const rebuild = startLedgerProcess('cli', ['project', '--rebuild'], { ...env, DATABASE_URL: process.env.DATABASE_URL as string });
    await rebuild.waitFor(/rebuilt/, 120_000);
    await rebuild.stop();
    const after = await readModelDigests(pg, schema);
    expect(Object.keys(before).length).toBeGreaterThan(3);
    expect(before).toEqual(after);
    const summary = await pg.query(`select count(*)::int as journeys, sum(handovers)::int as handovers from ${schema}.journey_summary`);
    expect(summary.rows[0]).toEqual({ journeys: CLIENTS * JOURNEYS_PER_CLIENT, handovers: CLIENTS * JOURNEYS_PER_CLIENT * 1.5 });
  }, 300_000);
});

/** One digest per read-model table: every row, in a fixed order. */
async function readModelDigests(pg: Client, schema: string): Promise<Record<string, string>> {
  const tables = await pg.query<{ table_name: string }>(
    `select table_name from information_schema.tables where table_schema = $1 and table_name not in ('events', 'streams', 'projection_checkpoints')
       and (table_name like 'journey\\_%' or table_name like 'analytics\\_%' or table_name like 'measures\\_%') order by table_name`,
    [schema],
  );
  const digests: Record<string, string> = {};
  for (const { table_name } of tables.rows) {
    const [row] = (
      await pg.query(`select count(*)::int as n, md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as digest from ${schema}.${table_name} t`)
    ).rows;
    digests[table_name] = `${row.n} rows ${row.digest}`;
  }
  return digests;
}
