import { DEVELOPMENT_JWT_SECRET } from '@journey-ledger/auth';
import { createHash, randomBytes } from 'node:crypto';
import { DigestSigner } from '@journey-ledger/audit';
import { DEVELOPMENT_SEAL_KEY, parseSealKey } from '@journey-ledger/event-store';
import { DEVELOPMENT_VAULT_KEY, parseMasterKey } from '@journey-ledger/vault';
import { parseDuration } from '../auth/token-policy';

/**
 * The secrets the API signs, verifies and encrypts with. Only the demo may run on the shipped
 * development values, and it says so; every other start (whatever NODE_ENV says) refuses unless
 * each one is configured and strong. The development values are public: they are in this file.
 */
export type StartMode = 'demo' | 'service';

export interface SettingProblem {
  /** The environment variable at fault. */
  readonly setting: string;
  readonly problem: string;
}

export class StartUpRefused extends Error {
  constructor(readonly problems: readonly SettingProblem[]) {
    super(`refusing to start: ${problems.map((p) => `${p.setting} ${p.problem}`).join('; ')}`);
    this.name = 'StartUpRefused';
  }
}

/** An HS256 key should carry at least 256 bits; 32 characters from a generator's base64 do. */
export const MIN_JWT_SECRET_LENGTH = 32;
const MIN_DISTINCT_CHARACTERS = 10;

const DEVELOPMENT_AUDIT_KEY_ID = DigestSigner.fromConfig({}).keyId;

function jwtProblems(env: NodeJS.ProcessEnv): SettingProblem[] {
  const secret = env.JOURNEY_LEDGER_JWT_SECRET;
  const jwks = env.JOURNEY_LEDGER_JWKS_URL;
  const problems: SettingProblem[] = [];
  if (jwks) {
    try {
      new URL(jwks);
    } catch {
      problems.push({ setting: 'JOURNEY_LEDGER_JWKS_URL', problem: 'is not a URL' });
    }
  }
  if (secret === undefined || secret === '') {
    if (!jwks) problems.push({ setting: 'JOURNEY_LEDGER_JWT_SECRET', problem: 'is not set (nor JOURNEY_LEDGER_JWKS_URL): tokens could not be verified' });
  } else if (secret === DEVELOPMENT_JWT_SECRET) {
    problems.push({ setting: 'JOURNEY_LEDGER_JWT_SECRET', problem: 'is the shipped development secret, which anyone can read' });
  } else if (secret.length < MIN_JWT_SECRET_LENGTH) {
    problems.push({ setting: 'JOURNEY_LEDGER_JWT_SECRET', problem: `is too short (${secret.length} characters; at least ${MIN_JWT_SECRET_LENGTH})` });
  } else if (new Set(secret).size < MIN_DISTINCT_CHARACTERS) {
    problems.push({ setting: 'JOURNEY_LEDGER_JWT_SECRET', problem: `is too predictable (fewer than ${MIN_DISTINCT_CHARACTERS} distinct characters)` });
  }
  const maxLifetime = env.JOURNEY_LEDGER_JWT_MAX_LIFETIME;
  if (maxLifetime !== undefined && parseDuration(maxLifetime) === undefined) {
    problems.push({ setting: 'JOURNEY_LEDGER_JWT_MAX_LIFETIME', problem: 'must be a duration such as 900s, 30m or 12h' });
  }
  return problems;
}

function vaultProblems(env: NodeJS.ProcessEnv): SettingProblem[] {
  const problems: SettingProblem[] = [];
  const check = (setting: string, value: string | undefined, required: boolean) => {
    if (value === undefined || value === '') {
      if (required) problems.push({ setting, problem: 'is not set: personal data could not be encrypted' });
      return;
    }
    const key = parseMasterKey(value);
    if (key === undefined) problems.push({ setting, problem: 'must be 32 random bytes, as base64 (44 characters) or hex (64)' });
    else if (key.equals(DEVELOPMENT_VAULT_KEY)) problems.push({ setting, problem: 'is the development vault key, which anyone can derive' });
    else if (new Set(key).size < 16) problems.push({ setting, problem: 'is not random (too few distinct bytes)' });
  };
  check('JOURNEY_LEDGER_VAULT_KEY', env.JOURNEY_LEDGER_VAULT_KEY, true);
  const previous = env.JOURNEY_LEDGER_VAULT_PREVIOUS_KEYS;
  if (previous) for (const k of previous.split(',')) check('JOURNEY_LEDGER_VAULT_PREVIOUS_KEYS', k.trim(), true);
  return problems;
}

function auditProblems(env: NodeJS.ProcessEnv): SettingProblem[] {
  const setting = 'JOURNEY_LEDGER_AUDIT_SIGNING_KEY';
  if (!env[setting]) return [{ setting, problem: 'is not set: audit digests could not be signed' }];
  let keyId: string;
  try {
    keyId = DigestSigner.fromConfig({ [setting]: env[setting] }).keyId;
  } catch {
    return [{ setting, problem: 'must be an Ed25519 PEM private key or the base64 of a 32-byte seed' }];
  }
  return keyId === DEVELOPMENT_AUDIT_KEY_ID ? [{ setting, problem: 'is the development signing key, which anyone can derive' }] : [];
}

function sealProblems(env: NodeJS.ProcessEnv): SettingProblem[] {
  const setting = 'JOURNEY_LEDGER_SEAL_KEY';
  const value = env[setting];
  if (!value) return [{ setting, problem: 'is not set: events could not be sealed against writes made around the server' }];
  const key = parseSealKey(value);
  if (key === undefined) return [{ setting, problem: 'must be 32 random bytes, as base64 (44 characters) or hex (64)' }];
  if (key.equals(DEVELOPMENT_SEAL_KEY)) return [{ setting, problem: 'is the development seal key, which anyone can derive' }];
  if (new Set(key).size < 16) return [{ setting, problem: 'is not random (too few distinct bytes)' }];
  return [];
}

/** Every missing or weak secret, by the setting to fix. Empty when the API may start as a service. */
export function secretProblems(env: NodeJS.ProcessEnv): SettingProblem[] {
  return [...jwtProblems(env), ...vaultProblems(env), ...auditProblems(env), ...sealProblems(env)];
}

/** The development values the demo falls back to, by setting. */
const DEVELOPMENT_VALUES: Record<string, string> = {
  JOURNEY_LEDGER_JWT_SECRET: DEVELOPMENT_JWT_SECRET,
  JOURNEY_LEDGER_VAULT_KEY: DEVELOPMENT_VAULT_KEY.toString('base64'),
  JOURNEY_LEDGER_AUDIT_SIGNING_KEY: createHash('sha256').update('journey-ledger-development-audit-signing-key').digest('base64'),
  JOURNEY_LEDGER_SEAL_KEY: DEVELOPMENT_SEAL_KEY.toString('base64'),
};

/**
 * Checks the secrets before anything starts. A service start throws `StartUpRefused` naming every
 * missing or weak setting. The demo fills what is missing with the development values (in `env`)
 * and returns the settings it filled, for the start-up warning.
 */
export function prepareSecrets(mode: StartMode, env: NodeJS.ProcessEnv = process.env): string[] {
  if (mode === 'service') {
    const problems = secretProblems(env);
    if (problems.length > 0) throw new StartUpRefused(problems);
    return [];
  }
  const filled: string[] = [];
  for (const [setting, value] of Object.entries(DEVELOPMENT_VALUES)) {
    if (setting === 'JOURNEY_LEDGER_JWT_SECRET' && env.JOURNEY_LEDGER_JWKS_URL) continue;
    if (!env[setting]) {
      env[setting] = value;
      filled.push(setting);
    }
  }
  return filled;
}

/** Fresh strong secrets, for tests and benchmarks that start the API without the demo. */
export function generateSecrets(): Record<
  'JOURNEY_LEDGER_JWT_SECRET' | 'JOURNEY_LEDGER_VAULT_KEY' | 'JOURNEY_LEDGER_AUDIT_SIGNING_KEY' | 'JOURNEY_LEDGER_SEAL_KEY',
  string
> {
  return {
    JOURNEY_LEDGER_SEAL_KEY: randomBytes(32).toString('base64'),
    JOURNEY_LEDGER_JWT_SECRET: randomBytes(48).toString('base64url'),
    JOURNEY_LEDGER_VAULT_KEY: randomBytes(32).toString('base64'),
    JOURNEY_LEDGER_AUDIT_SIGNING_KEY: randomBytes(32).toString('base64'),
  };
}
