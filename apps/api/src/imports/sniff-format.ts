import { closeSync, openSync, readSync } from 'node:fs';

/** What an uploaded file is, from its first bytes (never from its name or declared type alone). */
export type SniffedFormat = 'xml' | 'html' | 'zip' | 'text' | 'binary' | 'empty';

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
