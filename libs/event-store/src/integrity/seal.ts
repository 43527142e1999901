import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The server's seal on every event: HMAC-SHA256 under a key the database never holds, over the
 * event's hash (which already covers its content, its place in the stream and the hash before
 * it). The hash chain shows that history was not edited, but anyone with write access to the
 * tables can compute SHA-256 and append a well-linked forgery; without the key they cannot seal
 * it. Auditors verify the chain with public information; the server verifies the seals.
 */
/** Derived from a published phrase: the demo's seal key, refused everywhere else. */
export const DEVELOPMENT_SEAL_KEY = createHash('sha256').update('journey-ledger-development-event-seal-key').digest();

/** 32 bytes from base64 or hex, or undefined when it is neither. */
export function parseSealKey(configured: string): Buffer | undefined {
  const bytes = /^[0-9a-fA-F]{64}$/.test(configured) ? Buffer.from(configured, 'hex') : Buffer.from(configured, 'base64');
  return bytes.length === 32 ? bytes : undefined;
}

export class EventSeal {
  private constructor(
    private readonly key: Buffer,
    /** True for the key derived from a published phrase: fine for the demo, never for real data. */
    readonly development: boolean,
  ) {}

  /** `JOURNEY_LEDGER_SEAL_KEY`: 32 bytes as base64 or hex. Without it, the development key. */
  static fromKey(configured: string | undefined): EventSeal {
    if (!configured) return new EventSeal(DEVELOPMENT_SEAL_KEY, true);
    const bytes = parseSealKey(configured);
    if (bytes === undefined) throw new Error('JOURNEY_LEDGER_SEAL_KEY must be 32 bytes, base64 or hex');
    return new EventSeal(bytes, bytes.equals(DEVELOPMENT_SEAL_KEY));
  }

  seal(hash: string): string {
    return createHmac('sha256', this.key).update(hash).digest('hex');
  }

  /** False for a missing seal too: a row written around the server carries none. */
  verify(hash: string, seal: string | null | undefined): boolean {
    if (typeof seal !== 'string' || seal.length !== 64) return false;
    return timingSafeEqual(Buffer.from(this.seal(hash), 'hex'), Buffer.from(seal, 'hex'));
  }
}
