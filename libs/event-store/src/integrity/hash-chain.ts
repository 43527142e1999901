import { createHash } from 'node:crypto';

/**
 * Canonical JSON (keys sorted at every level, no whitespace): the same content always hashes the
 * same, whichever store or driver returned it (PostgreSQL's jsonb reorders keys).
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

export interface HashableEvent {
  readonly tenantId: string;
  readonly streamId: string;
  readonly revision: number;
  readonly eventId: string;
  readonly type: string;
  readonly version: number;
  readonly data: unknown;
  readonly metadata: unknown;
  readonly recordedAt: string;
}

/** Each event's hash covers its whole content and the previous event's hash in the same stream. */
export function eventHash(event: HashableEvent, previousHash: string | null): string {
  const canonical = canonicalJson({
    tenantId: event.tenantId,
    streamId: event.streamId,
    revision: event.revision,
    eventId: event.eventId,
    type: event.type,
    version: event.version,
    data: event.data,
    metadata: event.metadata,
    recordedAt: event.recordedAt,
    previousHash,
  });
  return createHash('sha256').update(canonical).digest('hex');
}
