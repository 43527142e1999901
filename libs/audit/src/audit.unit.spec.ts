import { createHash, generateKeyPairSync } from 'node:crypto';
import { eventHash } from '@journey-ledger/event-store';
import type { RecordedEvent } from '@journey-ledger/event-store';
import { DigestSigner, merkleRoot, verifyDigest, verifyStream } from './index';
import type { UnsignedTenantDigest } from './index';

function chain(n: number): RecordedEvent[] {
  const out: RecordedEvent[] = [];
  let prev: string | null = null;
  for (let i = 0; i < n; i++) {
    const base = {
      tenantId: 't',
      streamId: 'journey-1',
      revision: i,
      position: i + 1,
      eventId: `e${i}`,
      type: 'X',
      version: 1,
      data: { n: i },
      metadata: { occurredAt: '2025-01-01T00:00:00.000Z' },
      recordedAt: '2025-01-01T00:00:00.000Z',
    };
    const hash = eventHash(base, prev);
    out.push({ ...base, hash, previousHash: prev });
    prev = hash;
  }
  return out;
}

describe('chain verification', () => {
  it('accepts an untouched chain', () => {
    const v = verifyStream('t', 'journey-1', chain(5));
    expect(v.status).toBe('intact');
    expect(v.events.every((e) => e.valid)).toBe(true);
  });

  it('pinpoints an edited event', () => {
    const events = chain(5);
    events[2] = { ...events[2], data: { n: 99 } };
    const v = verifyStream('t', 'journey-1', events);
    expect(v.firstBroken).toMatchObject({ revision: 2, eventId: 'e2', reason: 'hash-mismatch' });
  });

  it('pinpoints an edit whose hash was recomputed: the next link breaks', () => {
    const events = chain(5);
    const edited = { ...events[2], data: { n: 99 } };
    events[2] = { ...edited, hash: eventHash(edited, edited.previousHash) };
    expect(verifyStream('t', 'journey-1', events).firstBroken).toMatchObject({ revision: 3, reason: 'previous-hash-mismatch' });
  });

  it('pinpoints a deleted event', () => {
    const events = chain(5);
    events.splice(1, 1);
    expect(verifyStream('t', 'journey-1', events).firstBroken).toMatchObject({ revision: 2, reason: 'revision-gap' });
  });

  it('catches a rewritten tail against an anchor from an earlier digest', () => {
    const events = chain(3);
    const v = verifyStream('t', 'journey-1', events, { anchor: { revision: 1, hash: createHash('sha256').update('other').digest('hex') } });
    expect(v.firstBroken).toMatchObject({ revision: 1, reason: 'anchor-mismatch' });
  });
});

describe('tenant digest', () => {
  const unsigned: UnsignedTenantDigest = {
    format: 'journey-ledger/tenant-digest@1',
    tenantId: 't',
    generatedAt: '2025-01-01T00:00:00.000Z',
    headPosition: 3,
    streamCount: 2,
    eventCount: 3,
    merkleRoot: '',
    verification: { status: 'intact', brokenStreamCount: 0, breaks: [] },
    streams: [
      { streamId: 'journey-a', revision: 1, hash: 'a'.repeat(64) },
      { streamId: 'journey-b', revision: 0, hash: 'b'.repeat(64) },
    ],
  };
  const digest = { ...unsigned, merkleRoot: merkleRoot(unsigned.streams) };

  it('signs with Ed25519 and verifies; any change breaks the signature', () => {
    const signer = DigestSigner.fromConfig({});
    const signed = signer.sign(digest);
    expect(verifyDigest(signed)).toEqual({ signatureValid: true, rootValid: true });
    expect(verifyDigest(signed, signer.publicKeyPem).signatureValid).toBe(true);
    expect(verifyDigest({ ...signed, eventCount: 4 }).signatureValid).toBe(false);
    const other = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(verifyDigest(signed, other).signatureValid).toBe(false);
  });

  it('takes the signing key from configuration', () => {
    const seed = Buffer.alloc(32, 7).toString('base64');
    const a = DigestSigner.fromConfig({ JOURNEY_LEDGER_AUDIT_SIGNING_KEY: seed });
    expect(a.keyId).not.toBe(DigestSigner.fromConfig({}).keyId);
    expect(() => DigestSigner.fromConfig({ NODE_ENV: 'production' })).toThrow(/must be set/);
  });

  it('has a root that changes with any head', () => {
    expect(merkleRoot([{ ...unsigned.streams[0], revision: 2 }, unsigned.streams[1]])).not.toBe(digest.merkleRoot);
    expect(merkleRoot([])).toHaveLength(64);
  });
});
