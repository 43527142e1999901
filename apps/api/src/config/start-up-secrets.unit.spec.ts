import { DEVELOPMENT_JWT_SECRET } from '@journey-ledger/auth';
import { DEVELOPMENT_VAULT_KEY } from '@journey-ledger/vault';
import { generateSecrets, prepareSecrets, secretProblems, StartUpRefused } from './start-up-secrets';

const strong = generateSecrets();
const settingsAtFault = (env: NodeJS.ProcessEnv) => secretProblems(env).map((p) => p.setting);

describe('secrets checked at start-up', () => {
  it('accepts strong, configured secrets whatever NODE_ENV says', () => {
    for (const NODE_ENV of [undefined, 'production', 'Production', 'development', 'test']) expect(secretProblems({ ...strong, NODE_ENV })).toEqual([]);
  });

  it('names every missing setting', () => {
    expect(settingsAtFault({})).toEqual([
      'JOURNEY_LEDGER_JWT_SECRET',
      'JOURNEY_LEDGER_VAULT_KEY',
      'JOURNEY_LEDGER_AUDIT_SIGNING_KEY',
      'JOURNEY_LEDGER_SEAL_KEY',
    ]);
    expect(settingsAtFault({ NODE_ENV: 'production' })).toEqual([
      'JOURNEY_LEDGER_JWT_SECRET',
      'JOURNEY_LEDGER_VAULT_KEY',
      'JOURNEY_LEDGER_AUDIT_SIGNING_KEY',
      'JOURNEY_LEDGER_SEAL_KEY',
    ]);
  });

  it.each<[string, NodeJS.ProcessEnv, RegExp]>([
    [
      'the shipped development JWT secret',
      { JOURNEY_LEDGER_JWT_SECRET: DEVELOPMENT_JWT_SECRET },
      /JOURNEY_LEDGER_JWT_SECRET is the shipped development secret/,
    ],
    ['a 1-character JWT secret', { JOURNEY_LEDGER_JWT_SECRET: 'x' }, /JOURNEY_LEDGER_JWT_SECRET is too short \(1 characters; at least 32\)/],
    ['a long but repetitive JWT secret', { JOURNEY_LEDGER_JWT_SECRET: 'ab'.repeat(40) }, /JOURNEY_LEDGER_JWT_SECRET is too predictable/],
    [
      'the development vault key',
      { JOURNEY_LEDGER_VAULT_KEY: DEVELOPMENT_VAULT_KEY.toString('base64') },
      /JOURNEY_LEDGER_VAULT_KEY is the development vault key/,
    ],
    [
      'the development vault key in hex',
      { JOURNEY_LEDGER_VAULT_KEY: DEVELOPMENT_VAULT_KEY.toString('hex') },
      /JOURNEY_LEDGER_VAULT_KEY is the development vault key/,
    ],
    ['a vault key of zeros', { JOURNEY_LEDGER_VAULT_KEY: Buffer.alloc(32).toString('base64') }, /JOURNEY_LEDGER_VAULT_KEY is not random/],
    ['a short vault key', { JOURNEY_LEDGER_VAULT_KEY: 'short' }, /JOURNEY_LEDGER_VAULT_KEY must be 32 random bytes/],
    [
      'a development previous vault key',
      { JOURNEY_LEDGER_VAULT_PREVIOUS_KEYS: DEVELOPMENT_VAULT_KEY.toString('base64') },
      /JOURNEY_LEDGER_VAULT_PREVIOUS_KEYS is the development vault key/,
    ],
    ['an unreadable audit signing key', { JOURNEY_LEDGER_AUDIT_SIGNING_KEY: 'nope' }, /JOURNEY_LEDGER_AUDIT_SIGNING_KEY must be an Ed25519/],
    ['an unreadable maximum token lifetime', { JOURNEY_LEDGER_JWT_MAX_LIFETIME: 'forever' }, /JOURNEY_LEDGER_JWT_MAX_LIFETIME must be a duration/],
  ])('refuses %s, naming the setting', (_, weak, message) => {
    const env = { ...strong, NODE_ENV: 'production', ...weak };
    expect(() => prepareSecrets('service', env)).toThrow(StartUpRefused);
    expect(() => prepareSecrets('service', env)).toThrow(message);
  });

  it('refuses the development audit signing key', () => {
    const demo: NodeJS.ProcessEnv = {};
    prepareSecrets('demo', demo);
    expect(settingsAtFault({ ...strong, JOURNEY_LEDGER_AUDIT_SIGNING_KEY: demo.JOURNEY_LEDGER_AUDIT_SIGNING_KEY })).toEqual([
      'JOURNEY_LEDGER_AUDIT_SIGNING_KEY',
    ]);
  });

  it('refuses the development seal key', () => {
    const demo: NodeJS.ProcessEnv = {};
    prepareSecrets('demo', demo);
    expect(settingsAtFault({ ...strong, JOURNEY_LEDGER_SEAL_KEY: demo.JOURNEY_LEDGER_SEAL_KEY })).toEqual(['JOURNEY_LEDGER_SEAL_KEY']);
  });

  it('lets the demo, and only the demo, fall back to the development secrets, and says which', () => {
    const env: NodeJS.ProcessEnv = { NODE_ENV: 'production' };
    expect(prepareSecrets('demo', env)).toEqual([
      'JOURNEY_LEDGER_JWT_SECRET',
      'JOURNEY_LEDGER_VAULT_KEY',
      'JOURNEY_LEDGER_AUDIT_SIGNING_KEY',
      'JOURNEY_LEDGER_SEAL_KEY',
    ]);
    expect(env.JOURNEY_LEDGER_JWT_SECRET).toBe(DEVELOPMENT_JWT_SECRET);
    expect(settingsAtFault(env)).toEqual([
      'JOURNEY_LEDGER_JWT_SECRET',
      'JOURNEY_LEDGER_VAULT_KEY',
      'JOURNEY_LEDGER_AUDIT_SIGNING_KEY',
      'JOURNEY_LEDGER_SEAL_KEY',
    ]);
    // What the demo is given explicitly, it keeps.
    const own = { ...strong };
    expect(prepareSecrets('demo', own)).toEqual([]);
    expect(own).toEqual(strong);
  });

  it('needs no JWT secret when tokens are verified against an identity provider’s keys', () => {
    const { JOURNEY_LEDGER_JWT_SECRET: _, ...rest } = strong;
    expect(settingsAtFault({ ...rest, JOURNEY_LEDGER_JWKS_URL: 'https://idp.example/jwks.json' })).toEqual([]);
    expect(settingsAtFault({ ...rest, JOURNEY_LEDGER_JWKS_URL: 'not a url' })).toEqual(['JOURNEY_LEDGER_JWKS_URL']);
  });
});
