import { existsSync, readFileSync } from 'node:fs';
import type { SqlDatabase } from '@journey-ledger/sql';
import { keyAad, MasterKey, open, recordAad } from '../envelope';
import type { PersonalData } from '../personal-data-vault';

/**
 * What an attacker holding a copy of the database's own history would do: take the raw bytes
 * (PostgreSQL's WAL segments and relation files, SQLite's file and its -wal), find everything that
 * looks like a wrapped data key or a sealed record, and try to open it with every master key
 * they hold. Nothing here knows the table layout beyond "base64 fields close together".
 */

/** Where the write-ahead log stands now: history is read from here on. */
export async function walPosition(db: SqlDatabase): Promise<string> {
  const [row] = await db.query<{ lsn: string }>('select pg_current_wal_insert_lsn()::text as lsn');
  return row.lsn;
}

/**
 * The WAL written since `fromLsn` (whole segments, as a WAL archive or a replica would hold them),
 * then the vault's relation files after a checkpoint (as a file-level backup would hold them).
 * Needs a superuser connection, which the test server gives.
 */
export async function postgresHistory(db: SqlDatabase, fromLsn: string, tables: readonly string[]): Promise<Buffer> {
  const [range] = await db.query<{ first: string; last: string }>(
    'select pg_walfile_name($1::pg_lsn) as first, pg_walfile_name(pg_current_wal_insert_lsn()) as last',
    [fromLsn],
  );
  const segments = (await db.query<{ name: string }>("select name from pg_ls_waldir() where name ~ '^[0-9A-F]{24}$' order by name"))
    .map((r) => r.name)
    .filter((n) => n >= range.first && n <= range.last);
  if (segments.length === 0) throw new Error('no WAL segment found for the test’s range');
  const [{ size }] = await db.query<{ size: string }>("select current_setting('wal_block_size') as size");
  const parts: Buffer[] = [];
  for (const name of segments) {
    const [f] = await db.query<{ bytes: Buffer }>('select pg_read_binary_file($1) as bytes', [`pg_wal/${name}`]);
    parts.push(walRecordBytes(f.bytes, Number(size)));
  }
  await db.execute('checkpoint');
  for (const table of tables) {
    const [p] = await db.query<{ path: string }>('select pg_relation_filepath($1::regclass) as path', [table]);
    const [f] = await db.query<{ bytes: Buffer }>('select pg_read_binary_file($1) as bytes', [p.path]);
    parts.push(f.bytes);
  }
  return Buffer.concat(parts);
}

const XLP_LONG_HEADER = 0x0002;
const SHORT_PAGE_HEADER = 24;
const LONG_PAGE_HEADER = 40;

/**
 * A WAL segment with each page's header cut out, so a record that runs over a page boundary
 * reads as one run of bytes again, as it would to anyone decoding the WAL (pg_waldump does the
 * same). Without this, whether a sealed value can be found depends on where the page boundary
 * happens to fall, and an attack that works most of the time would look like one that fails.
 */
function walRecordBytes(segment: Buffer, blockSize: number): Buffer {
  const pages: Buffer[] = [];
  for (let at = 0; at + blockSize <= segment.length; at += blockSize) {
    const info = segment.readUInt16LE(at + 2);
    const header = info & XLP_LONG_HEADER ? LONG_PAGE_HEADER : SHORT_PAGE_HEADER;
    pages.push(segment.subarray(at + header, at + blockSize));
  }
  return Buffer.concat(pages);
}

/** The SQLite database file and its write-ahead log, byte for byte. */
export function sqliteHistory(filename: string): Buffer {
  return Buffer.concat([filename, `${filename}-wal`, `${filename}-journal`].filter(existsSync).map((f) => readFileSync(f)));
}

const B64 = new Uint8Array(256);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=') B64[c.charCodeAt(0)] = 1;

/** Start offsets of every base64 window of `length` chars whose padding is exactly `pad` '='. */
function windows(bytes: Buffer, length: number, pad: number, from = 0, to = bytes.length): number[] {
  const out: number[] = [];
  let run = 0;
  const end = Math.min(to, bytes.length);
  for (let i = from; i < end; i++) {
    run = B64[bytes[i]] ? run + 1 : 0;
    if (run < length) continue;
    const start = i - length + 1;
    let ok = true;
    for (let k = 0; k < length; k++) {
      const isPad = bytes[start + k] === 0x3d;
      if (isPad !== k >= length - pad) {
        ok = false;
        break;
      }
    }
    if (ok) out.push(start);
  }
  return out;
}

const text = (bytes: Buffer, at: number, length: number) => bytes.toString('latin1', at, at + length);

/**
 * Every data key of `childRef` that some key in `masterKeys` unwraps from the bytes: a wrapped key
 * is 44 base64 characters (32 bytes), its IV 16 and its tag 24, written close together.
 */
export function recoverDataKeys(bytes: Buffer, masterKeys: readonly MasterKey[], tenantId: string, childRef: string): Buffer[] {
  const found = new Map<string, Buffer>();
  const aad = keyAad(tenantId, childRef);
  for (const k of windows(bytes, 44, 1)) {
    const tags = windows(bytes, 24, 2, k + 44, k + 44 + 96);
    const ivs = windows(bytes, 16, 0, k + 44, k + 44 + 96);
    for (const t of tags) {
      for (const v of ivs) {
        if (v + 16 > t) continue;
        const sealed = { ciphertext: text(bytes, k, 44), iv: text(bytes, v, 16), tag: text(bytes, t, 24) };
        for (const master of masterKeys) {
          try {
            const key = open(masterKeyBytes(master), sealed, aad);
            found.set(key.toString('hex'), key);
          } catch {
            /* not this one */
          }
        }
      }
    }
  }
  return [...found.values()];
}

/** Every sealed record of `childRef` that one of `dataKeys` opens: IV (16), tag (24), then the ciphertext. */
export function recoverRecords(bytes: Buffer, dataKeys: readonly Buffer[], tenantId: string, childRef: string): PersonalData[] {
  if (dataKeys.length === 0) return [];
  const out: PersonalData[] = [];
  const aad = recordAad(tenantId, childRef);
  for (const t of windows(bytes, 24, 2)) {
    const ivs = windows(bytes, 16, 0, Math.max(0, t - 24), t);
    for (let start = t + 24; start <= t + 24 + 8; start++) {
      // The ciphertext runs to the end of the base64, give or take a few bytes of the next column.
      let runEnd = start;
      while (runEnd < bytes.length && runEnd < start + 8192 && B64[bytes[runEnd]]) runEnd++;
      for (let length = runEnd - start - ((runEnd - start) % 4); length >= 4 && length > runEnd - start - 12; length -= 4) {
        for (const v of ivs) {
          for (const key of dataKeys) {
            try {
              const plain = open(key, { iv: text(bytes, v, 16), tag: text(bytes, t, 24), ciphertext: text(bytes, start, length) }, aad);
              out.push(JSON.parse(plain.toString('utf8')) as PersonalData);
            } catch {
              /* not this one */
            }
          }
        }
      }
    }
  }
  return out;
}

/** The attacker holds the key itself (a copy of the configuration), not our wrapper object. */
function masterKeyBytes(master: MasterKey): Buffer {
  return (master as unknown as { key: Buffer }).key;
}
