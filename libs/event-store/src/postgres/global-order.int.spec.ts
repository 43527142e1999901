import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freshPostgres } from '@journey-ledger/testing';
import { PostgresEventStore } from './postgres-event-store';

/*
 * The invariant behind every figure on PostgreSQL: a reader that checkpoints on the last
 * position it read never passes over an event that commits later. Tested as an invariant, not
 * a scenario: appenders in several processes, with random stalls inside their transactions and
 * before their commits, and several followers reading the log in batches of random size while
 * they write. Every follower must read every committed event exactly once, all in one order.
 */
const APPENDS = Number(process.env.JL_INVARIANT_APPENDS ?? 100_000);
const APPENDERS = 4;
const FOLLOWERS = 3;
const ROOT = resolve(__dirname, '../../../..');

interface Finished {
  readonly stdout: string;
}

function run(script: string, env: Record<string, string>, stdinOpen = false): { done: Promise<Finished>; signal(): void } {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', join(__dirname, 'testing', script)], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: [stdinOpen ? 'pipe' : 'ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d) => (stdout += d));
  child.stderr?.on('data', (d) => (stderr += d));
  const done = new Promise<Finished>((ok, fail) =>
    child.on('exit', (code) => (code === 0 ? ok({ stdout }) : fail(new Error(`${script} exited ${code}: ${stderr}`)))),
  );
  return { done, signal: () => child.stdin?.end('appenders finished\n') };
}

describe('PostgreSQL global log: no committed event is ever passed over', () => {
  it(`${APPENDERS} appending processes (${APPENDS} appends, random stalls), ${FOLLOWERS} following processes: each reads every event exactly once, in one order`, async () => {
    const db = await freshPostgres('jl_order');
    const dir = mkdtempSync(join(tmpdir(), 'jl-order-'));
    try {
      await new PostgresEventStore(db).migrate();
      const schema = db.options.schema as string;
      const common = { DATABASE_URL: db.options.connectionString, SCHEMA: schema, SEED: String(Date.now() % 100_000) };
      const followers = Array.from({ length: FOLLOWERS }, (_, f) =>
        run('follower.process.ts', { ...common, FOLLOWER: String(f), OUTPUT: join(dir, `f${f}.log`) }, true),
      );
      const appenders = Array.from({ length: APPENDERS }, (_, a) =>
        run('appender.process.ts', { ...common, APPENDER: String(a), APPENDS: String(Math.ceil(APPENDS / APPENDERS)), CONCURRENCY: '8' }),
      );
      const appended = (await Promise.all(appenders.map((a) => a.done))).map((f) => JSON.parse(f.stdout) as { committed: number; refused: number });
      for (const f of followers) f.signal();
      await Promise.all(followers.map((f) => f.done));

      const truth = await db.query<{ position: number; event_id: string }>('select position, event_id from events order by position');
      const expected = truth.map((r) => `${r.position} ${r.event_id}`);
      const committedAppends = appended.reduce((n, a) => n + a.committed, 0);
      expect(committedAppends + appended.reduce((n, a) => n + a.refused, 0)).toBeGreaterThanOrEqual(APPENDS);
      expect(new Set(truth.map((r) => r.event_id)).size).toBe(truth.length);

      for (let f = 0; f < FOLLOWERS; f++) {
        const read = readFileSync(join(dir, `f${f}.log`), 'utf8')
          .split('\n')
          .filter(Boolean);
        const missed = expected.length - new Set(read).size;
        const twice = read.length - new Set(read).size;
        expect({ follower: f, read: read.length, missed, twice }).toEqual({ follower: f, read: expected.length, missed: 0, twice: 0 });
        expect(read).toEqual(expected);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await db.drop();
    }
  }, 900_000);
});
