import { createHash, createPrivateKey, createPublicKey, KeyObject, sign, verify } from 'node:crypto';
import { canonicalJson } from '@journey-ledger/event-store';
import type { EventSeal, EventStore } from '@journey-ledger/event-store';
import type { SqlDatabase } from '@journey-ledger/sql';
import type { ChainBreak } from './chain-verification';
import { verifyStore } from './store-verification';

export const DIGEST_FORMAT = 'journey-ledger/tenant-digest@1';

export interface DigestLeaf {
  readonly streamId: string;
  readonly revision: number;
  readonly hash: string;
}

export interface UnsignedTenantDigest {
  readonly format: typeof DIGEST_FORMAT;
  readonly tenantId: string;
  readonly generatedAt: string;
  /** Everything up to this log position is covered. */
  readonly headPosition: number;
  readonly streamCount: number;
  readonly eventCount: number;
  /** Merkle root over the stream heads, sorted by stream id (see `merkleRoot`). */
  readonly merkleRoot: string;
  /** The chain verification run while the digest was built: a digest of a broken store says so. */
  readonly verification: { readonly status: 'intact' | 'broken'; readonly brokenStreamCount: number; readonly breaks: readonly ChainBreak[] };
  /** The leaves: each stream's revision and head hash. Keep the digest: it anchors a later `verify --against`. */
  readonly streams: readonly DigestLeaf[];
}

export interface DigestSignature {
  readonly algorithm: 'Ed25519';
  /** SHA-256 of the public key (SPKI DER), hex: which key signed. */
  readonly keyId: string;
  readonly publicKey: string;
  /** Base64 Ed25519 signature over `canonicalJson(digest without signature)`. */
  readonly value: string;
}

export interface SignedTenantDigest extends UnsignedTenantDigest {
  readonly signature: DigestSignature;
}

const sha256 = (s: string | Buffer) => createHash('sha256').update(s).digest('hex');

/** The leaf hash of one stream head. */
export const leafHash = (l: DigestLeaf) => sha256(canonicalJson({ streamId: l.streamId, revision: l.revision, hash: l.hash }));

/**
 * A binary Merkle tree over the leaf hashes (leaves in stream id order): a parent is
 * SHA-256(left ‖ right) over the hex strings, an odd node is carried up unchanged. The root of no
 * leaves is SHA-256 of the empty string.
 */
export function merkleRoot(leaves: readonly DigestLeaf[]): string {
  let level = leaves.map(leafHash);
  if (level.length === 0) return sha256('');
  while (level.length > 1) {
    const next: string[] = [];
    for (let i = 0; i < level.length; i += 2) next.push(i + 1 < level.length ? sha256(level[i] + level[i + 1]) : level[i]);
    level = next;
  }
  return level[0];
}

/** Verifies every stream of a tenant and summarises the heads in one Merkle root. */
export async function buildTenantDigest(
  store: EventStore,
  tenantId: string,
  options: { db?: SqlDatabase; seal?: EventSeal; now?: () => Date } = {},
): Promise<UnsignedTenantDigest> {
  const v = await verifyStore(store, { tenantId, db: options.db, seal: options.seal });
  const streams: DigestLeaf[] = v.heads.filter((h) => h.hash !== null).map((h) => ({ streamId: h.streamId, revision: h.revision, hash: h.hash as string }));
  return {
    format: DIGEST_FORMAT,
    tenantId,
    generatedAt: (options.now ?? (() => new Date()))().toISOString(),
    headPosition: v.headPosition,
    streamCount: streams.length,
    eventCount: v.eventCount,
    merkleRoot: merkleRoot(streams),
    verification: { status: v.status, brokenStreamCount: v.brokenStreamCount, breaks: v.breaks },
    streams,
  };
}

/** Development only: a fixed Ed25519 seed, so a digest signed by the demo verifies anywhere. */
const DEV_SEED = createHash('sha256').update('journey-ledger-development-audit-signing-key').digest();
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/**
 * Signs digests with an Ed25519 key from configuration: `JOURNEY_LEDGER_AUDIT_SIGNING_KEY`, a PEM
 * PKCS#8 private key or the base64 of a 32-byte seed. Outside production a development key is used
 * when none is set. Ed25519 (not an HMAC) so that anyone holding the public key can check a digest
 * without being able to forge one.
 */
export class DigestSigner {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly publicKeyPem: string;
  readonly keyId: string;

  constructor(key: KeyObject) {
    if (key.asymmetricKeyType !== 'ed25519') throw new Error('the audit signing key must be an Ed25519 private key');
    this.privateKey = key;
    this.publicKey = createPublicKey(key);
    this.publicKeyPem = this.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    this.keyId = sha256(this.publicKey.export({ type: 'spki', format: 'der' }));
  }

  static fromConfig(env: NodeJS.ProcessEnv = process.env): DigestSigner {
    const configured = env.JOURNEY_LEDGER_AUDIT_SIGNING_KEY;
    if (!configured) {
      if (env.NODE_ENV === 'production') throw new Error('JOURNEY_LEDGER_AUDIT_SIGNING_KEY must be set in production');
      return DigestSigner.fromSeed(DEV_SEED);
    }
    if (configured.includes('BEGIN')) return new DigestSigner(createPrivateKey(configured));
    const seed = Buffer.from(configured, 'base64');
    if (seed.length !== 32) throw new Error('JOURNEY_LEDGER_AUDIT_SIGNING_KEY must be a PEM private key or the base64 of 32 bytes');
    return DigestSigner.fromSeed(seed);
  }

  static fromSeed(seed: Buffer): DigestSigner {
    return new DigestSigner(createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: 'der', type: 'pkcs8' }));
  }

  sign(digest: UnsignedTenantDigest): SignedTenantDigest {
    const value = sign(null, Buffer.from(canonicalJson(digest)), this.privateKey).toString('base64');
    return { ...digest, signature: { algorithm: 'Ed25519', keyId: this.keyId, publicKey: this.publicKeyPem, value } };
  }
}

/**
 * Checks a signed digest: its signature (against `trustedPublicKey` if given — the key published
 * by the council, not the one inside the document — else the embedded one) and its Merkle root.
 */
export function verifyDigest(digest: SignedTenantDigest, trustedPublicKey?: string): { signatureValid: boolean; rootValid: boolean } {
  const { signature, ...unsigned } = digest;
  let signatureValid = false;
  try {
    const key = createPublicKey(trustedPublicKey ?? signature.publicKey);
    signatureValid = verify(null, Buffer.from(canonicalJson(unsigned)), key, Buffer.from(signature.value, 'base64'));
  } catch {
    signatureValid = false;
  }
  return { signatureValid, rootValid: merkleRoot(digest.streams) === digest.merkleRoot };
}

/** The anchors a digest gives a later verification. */
export function anchorsOf(digest: UnsignedTenantDigest): Map<string, { revision: number; hash: string }> {
  return new Map(digest.streams.map((s) => [s.streamId, { revision: s.revision, hash: s.hash }]));
}
