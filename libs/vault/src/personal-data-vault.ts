import { randomBytes } from 'node:crypto';
import { ddl, splitStatements } from '@journey-ledger/sql';
import type { SqlDatabase, SqlExecutor } from '@journey-ledger/sql';
import { MasterKey, open, recordAad, seal } from './envelope';

/** What the vault holds about a child. Every field is optional: only what was supplied. */
export interface PersonalData {
  readonly givenName?: string;
  readonly familyName?: string;
  /** ISO date, e.g. 2014-05-02. */
  readonly dateOfBirth?: string;
  readonly address?: { readonly lines: readonly string[]; readonly postcode?: string };
}

export class ChildErased extends Error {
  constructor(readonly childRef: string, readonly erasedAt: string) {
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
  constructor(
    private readonly db: SqlDatabase,
    private readonly master: MasterKey,
    private readonly clock: () => Date = () => new Date(),
  ) {}

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
    if (row.master_key_id !== this.master.id) throw new Error(`data key of ${childRef} is wrapped by master key ${row.master_key_id}, not the configured one`);
    return this.master.unwrap({ iv: row.key_iv as string, tag: row.key_tag as string, ciphertext: row.wrapped_key }, tenantId, childRef);
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
          [tenantId, childRef, this.master.id, now, reason],
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
   * The old row versions that still held the wrapped key must go too: SQLite's write-ahead log is
   * checkpointed and truncated (pages were zeroed by secure_delete), PostgreSQL's dead tuples are
   * vacuumed. Best effort: a concurrent reader may delay it; backups are a matter of retention.
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
