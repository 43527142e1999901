import { createHash, createHmac, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { canonicalJson, eventHash } from './hash-chain';
import { EventSeal } from './seal';

/** The definition the stored hashes were made with: keys sorted at every level, undefined dropped. */
function referenceCanonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(referenceCanonical).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${referenceCanonical(obj[k])}`).join(',')}}`;
}

/** An array with a missing element anywhere inside. */
function hasHole(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return Object.keys(value).length !== value.length || value.some(hasHole);
  return Object.values(value).some(hasHole);
}

const samples: unknown[] = [
  null,
  0,
  -1.5,
  'a "quoted" \u2028 string',
  true,
  [],
  {},
  [1, undefined, null, 'x', { b: 1, a: [2, { z: undefined, y: 'é' }] }],
  { z: 1, a: undefined, m: { '': 0, ü: [true, false], A: 'B' }, 'key with "quotes"': null },
];

describe('event integrity', () => {
  it.each(samples.map((s) => [JSON.stringify(s) ?? 'undefined', s]))('canonical JSON of %s is the same as the definition', (_, value) => {
    expect(canonicalJson(value)).toBe(referenceCanonical(value));
  });

  it.each([
    ['a toJSON', { at: new Date(0), b: 1 }],
    ['boxed primitives', { n: Object(1), s: Object('ab'), t: Object(true) }],
    ['a function and a symbol as properties', { f: () => 1, s: Symbol('s'), a: [() => 1, Symbol('t')] }],
    ['index-like keys beside others', { b: 1, '10': 2, '9': 3, a: { '0': 'x', z: 'y' } }],
    ['keys past the array indices', { a: 1, '4294967295': 2, '4294967296': 3 }],
    // As JSON.parse makes it: an own property named __proto__, not a prototype.
    ['an own __proto__ key', JSON.parse('{"b": 1, "__proto__": {"y": 2, "x": 1}, "a": [{"__proto__": 0}]}')],
  ])('canonical JSON of values with %s is still the definition', (_, value) => {
    expect(canonicalJson(value)).toBe(referenceCanonical(value));
  });

  // Sparse arrays are left out: no event holds one (events are JSON), and the definition's `map` skips holes where JSON writes null.
  it('canonical JSON of any value is the definition (stored hashes stay verifiable)', () => {
    fc.assert(
      fc.property(
        fc.anything({
          withBoxedValues: true,
          withNullPrototype: true,
          withSparseArray: true,
          withDate: true,
          withObjectString: true,
          withMap: true,
          withSet: true,
          withTypedArray: true,
        }),
        (value) => {
          fc.pre(!hasHole(value));
          expect(canonicalJson(value)).toBe(referenceCanonical(value));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('hashes an event as SHA-256 over its canonical content and the previous hash', () => {
    const event = {
      tenantId: 't',
      streamId: 'journey-1',
      revision: 3,
      eventId: 'e',
      type: 'ReferralReceived',
      version: 1,
      data: { b: 2, a: 1 },
      metadata: { occurredAt: '2025-01-01T00:00:00.000Z' },
      recordedAt: '2025-01-02T00:00:00.000Z',
    };
    const expected = createHash('sha256')
      .update(referenceCanonical({ ...event, previousHash: 'p' }))
      .digest('hex');
    expect(eventHash(event, 'p')).toBe(expected);
  });

  it('seals a hash with HMAC-SHA256 under the key, whatever the hash', () => {
    const key = randomBytes(32);
    const sealer = EventSeal.fromKey(key.toString('base64'));
    for (const hash of [createHash('sha256').update('x').digest('hex'), 'not a hash', 'A'.repeat(64), '']) {
      expect(sealer.seal(hash)).toBe(createHmac('sha256', key).update(hash).digest('hex'));
      expect(sealer.verify(hash, sealer.seal(hash))).toBe(true);
    }
  });
});
