import { mintDevelopmentToken } from '@journey-ledger/auth';
import autocannon from 'autocannon';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { spawn } from 'node:child_process';
import { generateSecrets } from '../apps/api/src/config/start-up-secrets';
import type { MoveReason } from '@journey-ledger/domain';
import type { Benchmark, BenchResult } from './lib/harness';
import { API_NODE_FLAGS } from './lib/harness';

const HANDOVER_REASON: MoveReason = 'threshold-decision';

async function waitForHealth(port: number, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/health`);
      if (res.ok) return;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) throw new Error('API did not start');
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** CPU seconds (user + system) each process has used so far, from Linux's /proc; none where there is no /proc. */
function cpuSeconds(pids: readonly number[]): Map<number, number> {
  const used = new Map<number, number>();
  for (const pid of pids) {
    try {
      // After the command name in parentheses: field 14 is utime, 15 stime, in clock ticks (100 a second on Linux).
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      used.set(pid, (Number(fields[11]) + Number(fields[12])) / 100);
    } catch {
      /* gone, or no /proc */
    }
  }
  return used;
}

/** CPU seconds used between two readings, by the processes of the second (one started in between counts from nothing). */
function cpuBetween(before: Map<number, number>, after: Map<number, number>): number {
  let seconds = 0;
  for (const [pid, used] of after) seconds += used - (before.get(pid) ?? 0);
  return seconds;
}

/** The PostgreSQL server's processes on this machine (its backends come and go with connections). */
function postgresPids(): number[] {
  try {
    return readdirSync('/proc')
      .filter((d) => /^\d+$/.test(d))
      .map(Number)
      .filter((pid) => {
        try {
          return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'postgres';
        } catch {
          return false;
        }
      });
  } catch {
    return [];
  }
}

export interface ApiCommandResult {
  readonly store: 'embedded' | 'postgres';
  readonly connections: number;
  readonly durationSeconds: number;
  readonly commands: number;
  readonly commandsPerSecond: number;
  readonly latencyMs: { p50: number; p90: number; p99: number; max: number };
  readonly non2xx: number;
  readonly errors: number;
  /** CPU milliseconds a command cost, measured from /proc over the run: the API process, and PostgreSQL's processes. */
  readonly cpuMsPerCommand: { api: number; postgres: number };
}

/**
 * API command throughput: concurrent clients recording contacts (each a new journey) and handing
 * cases over, through HTTP, validation, the command bus, the decider and the store.
 */
export async function benchApiCommands(
  store: 'embedded' | 'postgres',
  options: { connections?: number; duration?: number; projections?: 'inline' | 'worker' } = {},
): Promise<ApiCommandResult> {
  const connections = options.connections ?? 32;
  const port = 3900 + Math.floor(Math.random() * 90);
  const duration = options.duration ?? 10;
  let cleanup: () => Promise<void>;
  // The server starts as a service (not the demo), so it needs strong secrets of its own.
  const secrets = generateSecrets();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...secrets,
    PORT: String(port),
    JOURNEY_LEDGER_RATE_LIMIT: '100000000',
    JOURNEY_LEDGER_PROJECTIONS: options.projections ?? process.env.BENCH_PROJECTIONS ?? 'inline',
  };
  if (store === 'embedded') {
    const dir = mkdtempSync(join(tmpdir(), 'jl-bench-api-'));
    Object.assign(env, { JOURNEY_LEDGER_STORE: 'embedded', JOURNEY_LEDGER_DATA_DIR: dir });
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  } else {
    const schema = `jl_bench_${randomBytes(4).toString('hex')}`;
    const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
    Object.assign(env, { JOURNEY_LEDGER_STORE: 'postgres', DATABASE_URL: databaseUrl, JOURNEY_LEDGER_PG_SCHEMA: schema });
    cleanup = async () => {
      const c = new Client({ connectionString: databaseUrl });
      await c.connect();
      await c.query(`drop schema if exists ${schema} cascade`);
      await c.end();
    };
  }
  // The server runs in its own process, as in production: the load generator must not share its event loop.
  const server = spawn(
    process.execPath,
    [
      ...(process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? API_NODE_FLAGS),
      '-r',
      'ts-node/register/transpile-only',
      '-r',
      'tsconfig-paths/register',
      'apps/api/src/main.ts',
    ],
    {
      env,
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  await waitForHealth(port);
  const token = await mintDevelopmentToken({ userId: 'bench', tenantId: 'north-shire', roles: ['recorder'] }, { secret: secrets.JOURNEY_LEDGER_JWT_SECRET });
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
  const occurredAt = new Date(Date.now() - 86_400_000).toISOString();
  let refused: string | undefined;
  try {
    const cpuBefore = { api: cpuSeconds([server.pid as number]), postgres: cpuSeconds(postgresPids()) };
    const result = await autocannon({
      url: `http://127.0.0.1:${port}`,
      connections,
      duration,
      requests: [
        {
          method: 'POST',
          path: '/journeys',
          headers,
          setupRequest: (req) => ({
            ...req,
            body: JSON.stringify({
              commandId: randomUUID(),
              childRef: `child-${randomUUID().slice(0, 8)}`,
              source: '6',
              channel: 'phone',
              team: 'customer-access',
              levelOfNeed: '3',
              occurredAt,
            }),
          }),
          onResponse: (status, body, context) => {
            if (status === 201) (context as { journeyId?: string }).journeyId = JSON.parse(body).journeyId;
            else refused ??= `POST /journeys: ${status} ${body.slice(0, 300)}`;
          },
        },
        {
          method: 'POST',
          headers,
          setupRequest: (req, context) => ({
            ...req,
            path: `/journeys/${(context as { journeyId?: string }).journeyId}/handovers`,
            body: JSON.stringify({ commandId: randomUUID(), fromTeam: 'customer-access', toTeam: 'mash', reason: HANDOVER_REASON, occurredAt }),
          }),
          onResponse: (status, body) => {
            if (status >= 300) refused ??= `POST /journeys/…/handovers: ${status} ${body.slice(0, 300)}`;
          },
        },
      ],
    });
    // Backends started during the run (the API's pool connects as it needs) count from nothing; every
    // PostgreSQL process on the machine counts, so the figure means something on an otherwise idle server.
    const cpu = {
      api: cpuBetween(cpuBefore.api, cpuSeconds([server.pid as number])),
      postgres: cpuBetween(cpuBefore.postgres, cpuSeconds(postgresPids())),
    };
    const perCommand = (seconds: number) => Math.round((seconds * 1000 * 100) / Math.max(1, result.requests.total)) / 100;
    // A refused command is not a command served: the figure would count errors as throughput.
    if (result.non2xx > 0 || result.errors > 0)
      throw new Error(`${result.non2xx} responses were not 2xx and ${result.errors} failed; the first: ${refused ?? 'none seen'}`);
    return {
      store,
      connections,
      durationSeconds: duration,
      commands: result.requests.total,
      commandsPerSecond: Math.round(result.requests.average),
      latencyMs: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max },
      non2xx: result.non2xx,
      errors: result.errors,
      cpuMsPerCommand: { api: perCommand(cpu.api), postgres: store === 'postgres' ? perCommand(cpu.postgres) : 0 },
    };
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    await cleanup();
  }
}

if (require.main === module) {
  const store = (process.argv[2] ?? 'postgres') as 'embedded' | 'postgres';
  benchApiCommands(store, { duration: Number(process.argv[3] ?? 10) })
    .then((r) => process.stdout.write(`${JSON.stringify(r, null, 2)}\n`))
    .catch((e) => {
      process.stderr.write(`${(e as Error).stack}\n`);
      process.exit(1);
    });
}

/** For `npm run bench`: commands through HTTP, projections in a worker process (as deployed) and inline. */
export const apiCommands: Benchmark = {
  name: 'api-commands',
  cases: () =>
    (['embedded', 'postgres'] as const).flatMap((store) =>
      (['inline', 'worker'] as const).map((projections) => ({
        id: `api-commands-${store}-${projections}`,
        run: async (): Promise<BenchResult> => {
          const r = await benchApiCommands(store, { duration: 10, projections });
          return {
            benchmark: `api-commands (projections ${projections === 'inline' ? 'in the API process' : 'in a worker, not running'})`,
            store,
            subject: 'ours',
            journeys: 0,
            events: r.commands,
            seconds: r.durationSeconds,
            eventsPerSecond: r.commandsPerSecond,
            peakRssMb: 0,
            latencyMs: { p50: r.latencyMs.p50, p99: r.latencyMs.p99 },
            note:
              `${r.connections} concurrent clients; commands/s (record contact, hand over); p50 ${r.latencyMs.p50} ms, p99 ${r.latencyMs.p99} ms; ${r.non2xx} non-2xx; ` +
              `CPU per command: API process ${r.cpuMsPerCommand.api} ms${store === 'postgres' ? `, PostgreSQL ${r.cpuMsPerCommand.postgres} ms` : ''}`,
          };
        },
      })),
    ),
};
