import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');

/** A Journey Ledger process (the API or the CLI) started from source, as an operator would start it. */
export interface LedgerProcess {
  readonly child: ChildProcess;
  output(): string;
  /** Resolves when the process has printed a line matching `pattern`. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export function startLedgerProcess(entry: 'api' | 'cli', args: string[], env: Record<string, string>): LedgerProcess {
  const main = entry === 'api' ? 'apps/api/src/main.ts' : 'apps/cli/src/main.ts';
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', main, ...args], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'test', JOURNEY_LEDGER_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const listeners = new Set<() => void>();
  const onData = (d: Buffer) => {
    out += d.toString();
    for (const l of listeners) l();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return {
    child,
    output: () => out,
    waitFor(pattern, timeoutMs = 60_000) {
      return new Promise<void>((ok, fail) => {
        const check = () => {
          if (pattern.test(out)) {
            listeners.delete(check);
            clearTimeout(timer);
            ok();
          }
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          fail(new Error(`no ${pattern} from ${entry} ${args.join(' ')} within ${timeoutMs} ms; it printed:\n${out}`));
        }, timeoutMs);
        listeners.add(check);
        child.once('exit', (code) => {
          if (!pattern.test(out)) {
            clearTimeout(timer);
            fail(new Error(`${entry} ${args.join(' ')} exited (${code}) before ${pattern}; it printed:\n${out}`));
          }
        });
        check();
      });
    },
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => ok(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
