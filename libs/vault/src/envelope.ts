import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * Envelope encryption, AES-256-GCM throughout: each child has its own random 256-bit data key
 * that encrypts its personal data; the data key is stored only wrapped (encrypted) by the master
 * key from configuration. Destroying the wrapped data key makes every copy of that child's
 * ciphertext (the table, backups, replicas) unreadable, while other children are untouched:
 * crypto-shredding.
 *
 * Both layers bind their ciphertext to the tenant and child reference as additional
 * authenticated data, so a row copied to another child fails to decrypt.
 */
export interface Sealed {
  readonly iv: string;
  readonly tag: string;
  readonly ciphertext: string;
}

export class VaultDecryptionError extends Error {
  constructor(message = 'the data could not be decrypted') {
    super(message);
    this.name = 'VaultDecryptionError';
  }
}

export function seal(key: Buffer, plaintext: Buffer, aad: string): Sealed {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), ciphertext: ciphertext.toString('base64') };
}

export function open(key: Buffer, sealed: Sealed, aad: string): Buffer {
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64'));
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(sealed.ciphertext, 'base64')), decipher.final()]);
  } catch {
    throw new VaultDecryptionError();
  }
}

export const keyAad = (tenantId: string, childRef: string) => `journey-ledger/vault/data-key/v1|${tenantId}|${childRef}`;
export const recordAad = (tenantId: string, childRef: string) => `journey-ledger/vault/record/v1|${tenantId}|${childRef}`;

/** The development master key: derived from a public phrase, so only the demo may use it. */
export const DEVELOPMENT_VAULT_KEY = createHash('sha256').update('journey-ledger-development-vault-master-key').digest();

/** 32 bytes as base64 (44 characters) or hex (64); undefined when the text is neither. */
export function parseMasterKey(text: string): Buffer | undefined {
  const bytes = /^[0-9a-fA-F]{64}$/.test(text) ? Buffer.from(text, 'hex') : /^[A-Za-z0-9+/]{43}=$/.test(text) ? Buffer.from(text, 'base64') : undefined;
  return bytes?.length === 32 ? bytes : undefined;
}

/** The master key that wraps every data key, with an id (not secret) naming it for rotation. */
export class MasterKey {
  readonly id: string;

  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('the vault master key must be 32 bytes');
    this.id = createHash('sha256')
      .update(Buffer.concat([Buffer.from('key-id|'), key]))
      .digest('hex')
      .slice(0, 16);
  }

  /** `JOURNEY_LEDGER_VAULT_KEY`: 32 bytes as base64 (44 characters) or hex (64). Always required: the demo sets a development one. */
  static fromConfig(env: NodeJS.ProcessEnv = process.env): MasterKey {
    return VaultKeyring.fromConfig(env).current;
  }

  wrap(dataKey: Buffer, tenantId: string, childRef: string): Sealed {
    return seal(this.key, dataKey, keyAad(tenantId, childRef));
  }

  unwrap(wrapped: Sealed, tenantId: string, childRef: string): Buffer {
    return open(this.key, wrapped, keyAad(tenantId, childRef));
  }
}

/**
 * The master keys the vault may use: the current one, which wraps every new data key, and the
 * previous ones still configured during a rotation (`JOURNEY_LEDGER_VAULT_PREVIOUS_KEYS`,
 * comma-separated), which only unwrap data keys not yet re-wrapped. See docs/erasure.md.
 */
export class VaultKeyring {
  constructor(
    readonly current: MasterKey,
    readonly previous: readonly MasterKey[] = [],
  ) {}

  static fromConfig(env: NodeJS.ProcessEnv = process.env): VaultKeyring {
    const parse = (setting: string, text: string) => {
      const bytes = parseMasterKey(text.trim());
      if (bytes === undefined) throw new Error(`${setting} must be 32 bytes, base64 or hex`);
      return new MasterKey(bytes);
    };
    const configured = env.JOURNEY_LEDGER_VAULT_KEY;
    if (!configured) throw new Error('JOURNEY_LEDGER_VAULT_KEY must be set');
    const current = parse('JOURNEY_LEDGER_VAULT_KEY', configured);
    const previous = (env.JOURNEY_LEDGER_VAULT_PREVIOUS_KEYS ?? '')
      .split(',')
      .filter((k) => k.trim() !== '')
      .map((k) => parse('JOURNEY_LEDGER_VAULT_PREVIOUS_KEYS', k))
      .filter((k) => k.id !== current.id);
    return new VaultKeyring(current, previous);
  }

  /** The configured key with this id, current or previous. */
  byId(id: string): MasterKey | undefined {
    return [this.current, ...this.previous].find((k) => k.id === id);
  }

  ids(): string[] {
    return [this.current.id, ...this.previous.map((k) => k.id)];
  }
}
