import { hash } from 'node:crypto';

/** The canonical form built as a string, key by key: the definition, and the path for what `sortedForJson` cannot take. */
function canonicalByHand(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  // Plain loops and one string: the array-and-join form spent most of its time allocating.
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i === 0 ? '' : ',') + canonicalByHand(value[i]);
    return out + ']';
  }
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).sort();
  let out = '{';
  let first = true;
  for (const k of keys) {
    const v = obj[k];
    if (v === undefined) continue;
    out += (first ? '' : ',') + JSON.stringify(k) + ':' + canonicalByHand(v);
    first = false;
  }
  return out + '}';
}

/** Values that `JSON.stringify` writes otherwise than the canonical form: `sortedForJson` gives up on them. */
const UNSORTABLE = Symbol('unsortable');
/** An array index as a key: JavaScript orders such keys numerically whatever the order they were added in. */
const INDEX_KEY = /^(?:0|[1-9]\d*)$/;

/**
 * A copy of `value` with every object's keys added in sorted order, so that the engine's native
 * `JSON.stringify` writes the canonical form (a third faster than building it by hand, and the
 * bulk path hashes every event). Unchanged arrays and primitives are shared, not copied. Where
 * `JSON.stringify` would write something else than the definition (a `toJSON`, a boxed primitive,
 * a function or symbol as a property, index-like keys that no insertion order can sort as text,
 * an own `__proto__` key, which assigning to the copy would turn into its prototype instead of a
 * property), it returns `UNSORTABLE` and the caller builds the string by hand.
 */
function sortedForJson(value: unknown): unknown {
  if (value === null) return value;
  const t = typeof value;
  if (t === 'function' || t === 'symbol') return UNSORTABLE;
  if (t !== 'object') return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      if (v === null || (typeof v !== 'object' && typeof v !== 'function' && typeof v !== 'symbol')) continue;
      const s = sortedForJson(v);
      if (s === UNSORTABLE) return UNSORTABLE;
      if (s !== v) (copy ??= value.slice())[i] = s;
    }
    return copy ?? value;
  }
  const obj = value as Record<string, unknown>;
  if (typeof obj.toJSON === 'function' || value instanceof Number || value instanceof String || value instanceof Boolean) return UNSORTABLE;
  const keys = Object.keys(obj);
  // Index-like keys come first in Object.keys, so looking at the first one finds any.
  if (keys.length > 0 && INDEX_KEY.test(keys[0])) return UNSORTABLE;
  keys.sort();
  const out: Record<string, unknown> = {};
  for (let i = 0; i < keys.length; i++) {
    if (keys[i] === '__proto__') return UNSORTABLE;
    const v = obj[keys[i]];
    if (v === undefined) continue;
    const s = sortedForJson(v);
    if (s === UNSORTABLE) return UNSORTABLE;
    out[keys[i]] = s;
  }
  return out;
}

/**
 * Canonical JSON (keys sorted at every level, no whitespace): the same content always hashes the
 * same, whichever store or driver returned it (PostgreSQL's jsonb reorders keys).
 */
export function canonicalJson(value: unknown): string {
  const sorted = sortedForJson(value);
  return sorted === UNSORTABLE ? canonicalByHand(value) : (JSON.stringify(sorted) ?? 'null');
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
  // The one-shot digest: a quarter of the cost of a Hash object for an event-sized input.
  return hash('sha256', canonical, 'hex');
}
