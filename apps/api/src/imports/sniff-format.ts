import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { createGunzip } from 'node:zlib';

/** What an uploaded file is, from its first bytes (never from its name or declared type alone). */
export type SniffedFormat = 'xml' | 'html' | 'zip' | 'gzip' | 'text' | 'binary' | 'empty';

const HEAD_BYTES = 64 * 1024;

/** The first bytes of a file (at most 64 KiB). */
export function headOf(path: string): Buffer {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(HEAD_BYTES);
    const n = readSync(fd, buf, 0, HEAD_BYTES, 0);
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

export function sniff(head: Buffer): SniffedFormat {
  if (head.length === 0) return 'empty';
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return 'zip';
  if (head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  // Text is UTF-8 without NUL bytes; a UTF-8 BOM is allowed.
  if (head.includes(0)) return 'binary';
  const text = head
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart();
  if (text.includes('\uFFFD')) return 'binary';
  if (!text.startsWith('<')) return 'text';
  // A web page saved under a return's or a workbook's name (a download that was really a sign-in page, say).
  return /^(?:<\?xml[^>]*\?>\s*)?(?:<!--[\s\S]*?-->\s*)*<(?:!doctype\s+html|html[\s>])/i.test(text) ? 'html' : 'xml';
}

/** The first bytes (at most 64 KiB) of a gzip file once unpacked, read as a stream: a gzip bomb is never unpacked whole. */
export async function gunzippedHeadOf(path: string): Promise<Buffer> {
  const parts: Buffer[] = [];
  let length = 0;
  const text = createReadStream(path, { highWaterMark: HEAD_BYTES }).pipe(createGunzip());
  try {
    for await (const chunk of text) {
      parts.push(chunk as Buffer);
      length += (chunk as Buffer).length;
      if (length >= HEAD_BYTES) break;
    }
  } catch {
    // A damaged or truncated gzip: what was unpacked before the damage is all there is to sniff.
  } finally {
    text.destroy();
  }
  return Buffer.concat(parts).subarray(0, HEAD_BYTES);
}

/** An XML document whose root element is `<log>` (any prefix): an XES event log. */
export function isXesHead(head: Buffer): boolean {
  const text = head.toString('utf8').replace(/^\uFEFF/, '');
  const root =
    /^\s*(?:<\?xml[^>]*\?>\s*)?(?:(?:<!--[\s\S]*?-->|<\?[\s\S]*?\?>)\s*)*(?:<!DOCTYPE[^>[]*(?:\[[\s\S]*?\])?\s*>\s*(?:(?:<!--[\s\S]*?-->|<\?[\s\S]*?\?>)\s*)*)?<(?:[\w.-]+:)?([\w.-]+)/i.exec(
      text,
    );
  return root?.[1] === 'log';
}
