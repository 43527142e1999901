import { randomBytes } from 'node:crypto';
import { MasterKey, open, recordAad, seal, VaultDecryptionError } from './envelope';

describe('envelope encryption', () => {
  const master = new MasterKey(randomBytes(32));

  it('wraps and unwraps a data key bound to its child', () => {
    const dataKey = randomBytes(32);
    const wrapped = master.wrap(dataKey, 'north-shire', 'child-1');
    expect(master.unwrap(wrapped, 'north-shire', 'child-1').equals(dataKey)).toBe(true);
    expect(() => master.unwrap(wrapped, 'north-shire', 'child-2')).toThrow(VaultDecryptionError);
    expect(() => master.unwrap(wrapped, 'south-vale', 'child-1')).toThrow(VaultDecryptionError);
    expect(() => new MasterKey(randomBytes(32)).unwrap(wrapped, 'north-shire', 'child-1')).toThrow(VaultDecryptionError);
  });

  it('refuses tampered ciphertext', () => {
    const key = randomBytes(32);
    const s = seal(key, Buffer.from('{"givenName":"Ada"}'), recordAad('t', 'c'));
    const bytes = Buffer.from(s.ciphertext, 'base64');
    bytes[0] ^= 1;
    expect(() => open(key, { ...s, ciphertext: bytes.toString('base64') }, recordAad('t', 'c'))).toThrow(VaultDecryptionError);
    expect(open(key, s, recordAad('t', 'c')).toString()).toBe('{"givenName":"Ada"}');
  });

  it('reads the master key from configuration', () => {
    const hex = randomBytes(32).toString('hex');
    expect(MasterKey.fromConfig({ JOURNEY_LEDGER_VAULT_KEY: hex }).id).toBe(
      MasterKey.fromConfig({ JOURNEY_LEDGER_VAULT_KEY: Buffer.from(hex, 'hex').toString('base64') }).id,
    );
    expect(() => MasterKey.fromConfig({ JOURNEY_LEDGER_VAULT_KEY: 'short' })).toThrow();
    expect(() => MasterKey.fromConfig({ NODE_ENV: 'production' })).toThrow(/must be set/);
  });
});
