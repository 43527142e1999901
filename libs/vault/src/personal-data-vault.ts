import { randomBytes } from 'node:crypto';
import { ddl, splitStatements } from '@journey-ledger/sql';
import type { SqlDatabase, SqlExecutor } from '@journey-ledger/sql';
import { MasterKey, open, recordAad, seal, VaultKeyring } from './envelope';

/** What the vault holds about a child. Every field is optional: only what was supplied. */
export interface PersonalData {
  readonly givenName?: string;
  readonly familyName?: string;
  /** ISO date, e.g. 2014-05-02. */
  readonly dateOfBirth?: string;
  readonly address?: { readonly lines: readonly string[]; readonly postcode?: string };
}

export class ChildErased extends Error {
  constructor(
    readonly childRef: string,
    readonly erasedAt: string,
  ) {
    super(`the personal data of ${childRef} was erased on ${erasedAt}`);
    this.name = 'ChildErased';
  }
}

export interface ErasureResult {
  readonly childRef: string;
  readonly erasedAt: string;
  /** False when the key had already been destroyed (an erasure repeated). */
  readonly keyDestroyed: boolean;
  /** Whether any personal data had been stored for the child. */
  readonly hadData: boolean;
}

const SCHEMA = `
create table if not exists vault_keys (
  tenant_id text not null,
  child_ref text not null,
  master_key_id text not null,
  wrapped_key text,
  key_iv text,
  key_tag text,
  created_at {{timestamp}} not null,
  erased_at {{timestamp}},
  erasure_reason text,
  primary key (tenant_id, child_ref)
);
create table if not exists vault_records (
  tenant_id text not null,
  child_ref text not null,
  iv text not null,
  tag text not null,
  ciphertext text not null,
  updated_at {{timestamp}} not null,
  primary key (tenant_id, child_ref)
);
`;

/** How far a key rotation got: data keys re-wrapped now, and any still under a key not configured. */
export interface RotationResult {
  readonly currentKeyId: string;
  readonly rewrapped: number;
  /** Data keys wrapped by a master key that is configured neither as current nor as previous. */
  readonly unreadable: number;
}

/** Where the vault stands on key rotation: what an operator checks before destroying an old key. */
export interface VaultKeyStatus {
  readonly currentKeyId: string;
  /** Live data keys by the master key that wraps them. */
  readonly liveKeysByMasterKey: Record<string, number>;
  /**
   * Erasures whose destroyed data key was wrapped by a master key still configured: until that
   * key is rotated out and destroyed, a copy of the database's history taken before the erasure,
   * together with that key, could still open the child's data.
   */
  readonly erasuresAwaitingRotation: number;
  readonly oldestErasureAwaitingRotation: string | null;
}

/** The master key id recorded for an erasure of a child whose data was never stored: no key ever existed. */
const NO_KEY = 'none';

interface KeyRow {
  master_key_id: string;
  wrapped_key: string | null;
  key_iv: string | null;
  key_tag: string | null;
  erased_at: string | null;
}

/**
 * The personal-data vault: names, dates of birth and addresses, per child reference, in two
 * tables of the ledger's SQL database. Events never hold any of it, only the child reference.
 */
export class PersonalDataVault {
  private readonly keyring: VaultKeyring;

  constructor(
    private readonly db: SqlDatabase,
    keys: VaultKeyring | MasterKey,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.keyring = keys instanceof VaultKeyring ? keys : new VaultKeyring(keys);
  }

  private get master(): MasterKey {
    return this.keyring.current;
  }

  async migrate(): Promise<void> {
    await this.db.transaction(async (tx) => {
      if (tx.dialect === 'postgres') await tx.execute('select pg_advisory_xact_lock(7342006)');
      for (const s of splitStatements(ddl(tx.dialect, SCHEMA))) await tx.execute(s);
    });
    // SQLite: deleted and overwritten content is zeroed in the file, so a destroyed key leaves no bytes behind.
    if (this.db.dialect === 'sqlite') await this.db.execute('pragma secure_delete = on');
  }

  private async keyRow(tx: SqlExecutor, tenantId: string, childRef: string): Promise<KeyRow | undefined> {
    return (
      await tx.query<KeyRow & Record<string, unknown>>(
        'select master_key_id, wrapped_key, key_iv, key_tag, erased_at from vault_keys where tenant_id = $1 and child_ref = $2',
        [tenantId, childRef],
      )
    )[0];
  }

  private dataKey(row: KeyRow, tenantId: string, childRef: string): Buffer {
    if (row.erased_at !== null || row.wrapped_key === null) throw new ChildErased(childRef, String(row.erased_at));
    const master = this.keyring.byId(row.master_key_id);
    if (master === undefined) throw new Error(`a data key is wrapped by master key ${row.master_key_id}, which is not configured`);
    return master.unwrap({ iv: row.key_iv as string, tag: row.key_tag as string, ciphertext: row.wrapped_key }, tenantId, childRef);
  }

  /** Stores (replaces) a child's personal data; the first write creates the child's data key. Refused after erasure. */
  async put(tenantId: string, childRef: string, data: PersonalData): Promise<{ created: boolean }> {
    const now = this.clock().toISOString();
    return this.db.transaction(async (tx) => {
      let row = await this.keyRow(tx, tenantId, childRef);
      let created = false;
      if (row === undefined) {
        const wrapped = this.master.wrap(randomBytes(32), tenantId, childRef);
        await tx.execute(
          'insert into vault_keys (tenant_id, child_ref, master_key_id, wrapped_key, key_iv, key_tag, created_at) values ($1, $2, $3, $4, $5, $6, $7)',
          [tenantId, childRef, this.master.id, wrapped.ciphertext, wrapped.iv, wrapped.tag, now],
        );
        row = { master_key_id: this.master.id, wrapped_key: wrapped.ciphertext, key_iv: wrapped.iv, key_tag: wrapped.tag, erased_at: null };
        created = true;
      }
      const key = this.dataKey(row, tenantId, childRef);
      if (row.master_key_id !== this.master.id) await this.rewrap(tx, tenantId, childRef, key);
      const sealed = seal(key, Buffer.from(JSON.stringify(data), 'utf8'), recordAad(tenantId, childRef));
      key.fill(0);
      await tx.execute(
        `insert into vault_records (tenant_id, child_ref, iv, tag, ciphertext, updated_at) values ($1, $2, $3, $4, $5, $6)
         on conflict (tenant_id, child_ref) do update set iv = excluded.iv, tag = excluded.tag, ciphertext = excluded.ciphertext, updated_at = excluded.updated_at`,
        [tenantId, childRef, sealed.iv, sealed.tag, sealed.ciphertext, now],
      );
      return { created };
    });
  }

  /** The child's personal data, undefined if none was stored; throws `ChildErased` after erasure. */
  async get(tenantId: string, childRef: string): Promise<PersonalData | undefined> {
    const row = await this.keyRow(this.db, tenantId, childRef);
    if (row === undefined) return undefined;
    const key = this.dataKey(row, tenantId, childRef);
    const [rec] = await this.db.query<{ iv: string; tag: string; ciphertext: string }>(
      'select iv, tag, ciphertext from vault_records where tenant_id = $1 and child_ref = $2',
      [tenantId, childRef],
    );
    if (rec === undefined) return undefined;
    const plain = open(key, rec, recordAad(tenantId, childRef));
    key.fill(0);
    return JSON.parse(plain.toString('utf8')) as PersonalData;
  }

  /** Whether the child's key has been destroyed, and when. */
  async erasedAt(tenantId: string, childRef: string): Promise<string | undefined> {
    const row = await this.keyRow(this.db, tenantId, childRef);
    return row?.erased_at ?? undefined;
  }

  private async rewrap(tx: SqlExecutor, tenantId: string, childRef: string, dataKey: Buffer): Promise<void> {
    const wrapped = this.master.wrap(dataKey, tenantId, childRef);
    await tx.execute('update vault_keys set master_key_id = $3, wrapped_key = $4, key_iv = $5, key_tag = $6 where tenant_id = $1 and child_ref = $2', [
      tenantId,
      childRef,
      this.master.id,
      wrapped.ciphertext,
      wrapped.iv,
      wrapped.tag,
    ]);
  }

  /**
   * Master-key rotation: re-wraps every live data key still under a previous master key with the
   * current one, in batches, then purges the old row versions. Once it reports nothing left under
   * a previous key, that key can be destroyed: every erasure made while it was current is then
   * final, in the database's history (WAL, data files, replicas, backups) as in its tables.
   * Idempotent and safe to run while the API serves requests.
   */
  async rotate(batchSize = 500): Promise<RotationResult> {
    let rewrapped = 0;
    for (const previous of this.keyring.previous) {
      for (;;) {
        const done = await this.db.transaction(async (tx) => {
          const rows = await tx.query<KeyRow & { tenant_id: string; child_ref: string } & Record<string, unknown>>(
            `select tenant_id, child_ref, master_key_id, wrapped_key, key_iv, key_tag, erased_at from vault_keys
             where master_key_id = $1 and wrapped_key is not null and erased_at is null limit ${Math.max(1, Math.floor(batchSize))}`,
            [previous.id],
          );
          for (const row of rows) {
            const key = this.dataKey(row, row.tenant_id, row.child_ref);
            await this.rewrap(tx, row.tenant_id, row.child_ref, key);
            key.fill(0);
          }
          rewrapped += rows.length;
          return rows.length === 0;
        });
        if (done) break;
      }
    }
    await this.purgeOldVersions();
    const [left] = await this.db.query<{ n: number }>(
      `select count(*) as n from vault_keys where wrapped_key is not null and master_key_id not in (${this.keyring
        .ids()
        .map((_, i) => `$${i + 1}`)
        .join(', ')})`,
      this.keyring.ids(),
    );
    return { currentKeyId: this.master.id, rewrapped, unreadable: Number(left.n) };
  }

  /** Live keys per master key, and the erasures that a still-configured key could undo from old copies. */
  async keyStatus(): Promise<VaultKeyStatus> {
    const live = await this.db.query<{ master_key_id: string; n: number }>(
      'select master_key_id, count(*) as n from vault_keys where wrapped_key is not null group by master_key_id order by master_key_id',
    );
    const ids = this.keyring.ids();
    const [pending] = await this.db.query<{ n: number; oldest: string | null }>(
      `select count(*) as n, min(erased_at) as oldest from vault_keys where erased_at is not null and master_key_id in (${ids.map((_, i) => `$${i + 1}`).join(', ')})`,
      ids,
    );
    return {
      currentKeyId: this.master.id,
      liveKeysByMasterKey: Object.fromEntries(live.map((r) => [r.master_key_id, Number(r.n)])),
      erasuresAwaitingRotation: Number(pending.n),
      oldestErasureAwaitingRotation: pending.oldest === null ? null : new Date(pending.oldest).toISOString(),
    };
  }

  /**
   * Crypto-shredding: destroys the child's wrapped data key (and drops the ciphertext row too).
   * Any copy of the ciphertext anywhere is unreadable from now on. A tombstone stays so the
   * erasure is known and later writes for the same reference are refused. Idempotent.
   */
  async erase(tenantId: string, childRef: string, reason: string): Promise<ErasureResult> {
    const now = this.clock().toISOString();
    const result = await this.db.transaction(async (tx): Promise<ErasureResult> => {
      const row = await this.keyRow(tx, tenantId, childRef);
      if (row?.erased_at) return { childRef, erasedAt: row.erased_at, keyDestroyed: false, hadData: true };
      const hadData = row !== undefined;
      if (row === undefined) {
        await tx.execute(
          'insert into vault_keys (tenant_id, child_ref, master_key_id, created_at, erased_at, erasure_reason) values ($1, $2, $3, $4, $4, $5)',
          [tenantId, childRef, NO_KEY, now, reason],
        );
      } else {
        await tx.execute(
          'update vault_keys set wrapped_key = null, key_iv = null, key_tag = null, erased_at = $3, erasure_reason = $4 where tenant_id = $1 and child_ref = $2',
          [tenantId, childRef, now, reason],
        );
      }
      await tx.execute('delete from vault_records where tenant_id = $1 and child_ref = $2', [tenantId, childRef]);
      return { childRef, erasedAt: now, keyDestroyed: hadData, hadData };
    });
    await this.purgeOldVersions();
    return result;
  }

  /**
   * The old row versions that still held the wrapped key go too: SQLite's write-ahead log is
   * checkpointed and truncated (pages were zeroed by secure_delete), PostgreSQL's dead tuples are
   * vacuumed. On PostgreSQL that is not enough: the WAL, freed page space, replicas and backups
   * keep old versions, which is why erasure is made final by rotating the master key (`rotate`).
   * Best effort: a concurrent reader may delay it.
   */
  private async purgeOldVersions(): Promise<void> {
    try {
      if (this.db.dialect === 'sqlite') await this.db.execute('pragma wal_checkpoint(TRUNCATE)');
      else {
        await this.db.execute('vacuum vault_keys');
        await this.db.execute('vacuum vault_records');
      }
    } catch {
      /* best effort */
    }
  }
}
