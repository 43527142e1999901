import { DEVELOPMENT_JWT_SECRET } from '@journey-ledger/auth';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSecrets } from '../../apps/api/src/config/start-up-secrets';
import { DEVELOPMENT_SEAL_KEY } from '@journey-ledger/event-store';

/**
 * The API started as an operator starts it (`npm start`: ts-node on main.ts), in its own process.
 * Only `--demo` may run on the public development secrets, and says so; any other start refuses,
 * naming the setting at fault.
 */
interface Run {
  readonly code: number | null;
  readonly output: string;
}

const SECRET_SETTINGS = [
  'JOURNEY_LEDGER_JWT_SECRET',
  'JOURNEY_LEDGER_VAULT_KEY',
  'JOURNEY_LEDGER_AUDIT_SIGNING_KEY',
  'JOURNEY_LEDGER_SEAL_KEY',
  'JOURNEY_LEDGER_JWKS_URL',
  'JOURNEY_LEDGER_VAULT_PREVIOUS_KEYS',
];

function start(env: Record<string, string | undefined>, args: string[] = [], until?: RegExp): Promise<Run> {
  const dir = mkdtempSync(join(tmpdir(), 'jl-start-'));
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !SECRET_SETTINGS.includes(k) && k !== 'NODE_ENV'));
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'apps/api/src/main.ts', ...args], {
    env: {
      ...base,
      JOURNEY_LEDGER_STORE: 'embedded',
      JOURNEY_LEDGER_DATA_DIR: dir,
      JOURNEY_LEDGER_DEMO_JOURNEYS: '20',
      PORT: String(31_000 + Math.floor(Math.random() * 900)),
      JOURNEY_LEDGER_LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGTERM'), 45_000);
    const seen = (chunk: Buffer) => {
      output += chunk.toString();
      if (until !== undefined && until.test(output)) child.kill('SIGTERM');
    };
    child.stdout.on('data', seen);
    child.stderr.on('data', seen);
    child.on('exit', (code) => {
      clearTimeout(timer);
      rmSync(dir, { recursive: true, force: true });
      resolve({ code, output });
    });
  });
}

/** The JSON log line in which the server explains why it refused. */
const refusal = (run: Run) => run.output.split('\n').find((l) => l.includes('"start-up-refused"')) ?? '';

describe('starting the API', () => {
  const strong = generateSecrets();

  it.each<[string, Record<string, string | undefined>, string[]]>([
    [
      'NODE_ENV unset, no secrets',
      {},
      [
        'JOURNEY_LEDGER_JWT_SECRET is not set',
        'JOURNEY_LEDGER_VAULT_KEY is not set',
        'JOURNEY_LEDGER_AUDIT_SIGNING_KEY is not set',
        'JOURNEY_LEDGER_SEAL_KEY is not set',
      ],
    ],
    [
      'NODE_ENV=production, the development seal key',
      { ...strong, NODE_ENV: 'production', JOURNEY_LEDGER_SEAL_KEY: DEVELOPMENT_SEAL_KEY.toString('base64') },
      ['JOURNEY_LEDGER_SEAL_KEY is the development seal key'],
    ],
    [
      'NODE_ENV=production, the shipped JWT secret',
      { ...strong, NODE_ENV: 'production', JOURNEY_LEDGER_JWT_SECRET: DEVELOPMENT_JWT_SECRET },
      ['JOURNEY_LEDGER_JWT_SECRET is the shipped development secret'],
    ],
    [
      'NODE_ENV=Production, a 1-character secret',
      { ...strong, NODE_ENV: 'Production', JOURNEY_LEDGER_JWT_SECRET: 'x' },
      ['JOURNEY_LEDGER_JWT_SECRET is too short'],
    ],
    [
      'NODE_ENV=development, no vault key',
      { ...strong, NODE_ENV: 'development', JOURNEY_LEDGER_VAULT_KEY: undefined },
      ['JOURNEY_LEDGER_VAULT_KEY is not set'],
    ],
  ])('refuses to start (%s), with a log line naming the setting', async (_, env, expected) => {
    const run = await start(env);
    expect(run.code).toBe(1);
    const line = refusal(run);
    for (const e of expected) expect(line).toContain(e);
    expect(run.output).not.toContain('{"msg":"{}"}');
    expect(run.output).not.toContain(DEVELOPMENT_JWT_SECRET);
  });

  it('starts as the demo on the development secrets, and says so', async () => {
    const run = await start({ NODE_ENV: 'production' }, ['--demo'], /Journey Ledger on http/);
    expect(run.output).toMatch(
      /demo mode: using the public development secrets for JOURNEY_LEDGER_JWT_SECRET, JOURNEY_LEDGER_VAULT_KEY, JOURNEY_LEDGER_AUDIT_SIGNING_KEY, JOURNEY_LEDGER_SEAL_KEY/,
    );
    expect(run.output).toMatch(/Journey Ledger on http:\/\/127\.0\.0\.1:\d+\/ .*DEMO, development secrets/);
  });

  it('starts as a service on strong secrets', async () => {
    const run = await start({ ...strong, NODE_ENV: 'production' }, [], /Journey Ledger on http/);
    expect(run.output).toMatch(/Journey Ledger on http:\/\/127\.0\.0\.1:\d+\/ — open it in a browser \(API: same address, OpenAPI/);
    expect(run.output).not.toMatch(/demo mode/);
  });
});
