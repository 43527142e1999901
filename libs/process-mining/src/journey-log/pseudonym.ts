import { createHmac } from 'node:crypto';

/**
 * A user id as a stable pseudonym for exports (`org:resource`): HMAC-SHA256 under a key the
 * export's recipient never holds, so the same worker is the same resource across an export but
 * cannot be looked up or guessed back. Without a key, no resource is exported at all.
 */
export function pseudonymFor(key: Buffer, value: string): string {
  return `r-${createHmac('sha256', key).update(value).digest('hex').slice(0, 16)}`;
}

/** The export pseudonym key from the environment (32 bytes, base64 or hex), if set. */
export function exportPseudonymKeyFromEnv(env: NodeJS.ProcessEnv = process.env): Buffer | undefined {
  const raw = env.JOURNEY_LEDGER_EXPORT_PSEUDONYM_KEY;
  if (raw === undefined || raw === '') return undefined;
  const key = /^[0-9a-f]{64}$/i.test(raw) ? Buffer.from(raw, 'hex') : Buffer.from(raw, 'base64');
  if (key.length !== 32) throw new Error('JOURNEY_LEDGER_EXPORT_PSEUDONYM_KEY: 32 bytes, base64 or hex');
  return key;
}

/** The key for the holder pseudonyms of an XES import (`JOURNEY_LEDGER_PSEUDONYM_KEY`, base64 or hex), if set, read as the command line reads it. */
export function importPseudonymKeyFromEnv(env: NodeJS.ProcessEnv = process.env): Buffer | undefined {
  const raw = env.JOURNEY_LEDGER_PSEUDONYM_KEY;
  if (raw === undefined || raw === '') return undefined;
  return Buffer.from(raw, /^[0-9a-f]{64}$/i.test(raw) ? 'hex' : 'base64');
}
