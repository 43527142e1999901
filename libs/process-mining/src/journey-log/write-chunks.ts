import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';

/** Pipes a document's chunks to a destination, gzipped on request, with back-pressure (memory stays flat). */
export async function writeChunks(chunks: AsyncIterable<string>, destination: Writable, options: { gzip?: boolean } = {}): Promise<void> {
  const source = Readable.from(chunks, { objectMode: false });
  if (options.gzip) await pipeline(source, createGzip({ level: 6 }), destination);
  else await pipeline(source, destination);
}
