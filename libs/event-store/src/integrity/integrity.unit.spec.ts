import { createHash, createHmac, randomBytes } from 'node:crypto';
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
