import { randomUUID } from 'node:crypto';
import { eventKey } from './event-key';

describe('the embedded store’s key for an event id', () => {
  it('is the same for the same id and fits in 32 bits', () => {
    const id = randomUUID();
    expect(eventKey(id)).toBe(eventKey(id));
    expect(Number.isInteger(eventKey(id))).toBe(true);
    expect(Math.abs(eventKey(id))).toBeLessThanOrEqual(2 ** 31);
  });

  it('spreads ids whose digits are alike in part (time-ordered UUIDs), as well as random ones', () => {
    // A v7 UUID begins with the time in milliseconds: ids made in the same millisecond share their first 12 digits.
    const sameMillisecond = Array.from({ length: 10_000 }, (_, i) => `0193a5b2-7c4e-7${i.toString(16).padStart(3, '0')}-8000-000000000000`);
    const random = Array.from({ length: 10_000 }, () => randomUUID());
    for (const ids of [sameMillisecond, random]) expect(new Set(ids.map(eventKey)).size).toBeGreaterThan(9_990);
  });
});
