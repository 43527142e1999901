import { createReadStream } from 'node:fs';
import { Transform, TransformCallback } from 'node:stream';
import { parse } from 'csv-parse';

/**
 * Checks that a byte stream is UTF-8 as it passes, noting the line of each bad byte. Case
 * systems often export Windows-1252 ("Latin-1"): é is then byte 0xE9 alone, which UTF-8 forbids.
 */
export class Utf8Check extends Transform {
  readonly badLines = new Map<number, string>();
  private line = 1;
  private need = 0;
  private lead = 0;
  firstBytes: Buffer | undefined;

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    if (this.firstBytes === undefined) this.firstBytes = chunk.subarray(0, 4);
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i];
      if (this.need > 0) {
        if ((b & 0xc0) === 0x80) {
          this.need--;
          continue;
        }
        this.bad(this.lead);
        this.need = 0;
      }
      if (b === 0x0a) this.line++;
      else if (b < 0x80) continue;
      else if (b >= 0xc2 && b <= 0xdf) [this.need, this.lead] = [1, b];
      else if (b >= 0xe0 && b <= 0xef) [this.need, this.lead] = [2, b];
      else if (b >= 0xf0 && b <= 0xf4) [this.need, this.lead] = [3, b];
      else this.bad(b);
    }
    done(null, chunk);
  }

  private bad(b: number): void {
    if (!this.badLines.has(this.line) && this.badLines.size < 100_000) {
      this.badLines.set(
        this.line,
        `byte 0x${b.toString(16).toUpperCase().padStart(2, '0')} is not UTF-8: save the file as UTF-8 (it looks like Windows-1252/Latin-1)`,
      );
    }
  }
}

export interface CsvRecord {
  readonly fields: string[];
  /** First and last physical line of the record (1-based; they differ when a quoted value spans lines). */
  readonly line: number;
  readonly endLine: number;
}

/** The records of a CSV file, streamed; the header is the first. */
export async function* readRecords(path: string, check?: Utf8Check): AsyncGenerator<CsvRecord> {
  const parser = parse({ info: true, bom: true, relax_column_count: true, skip_empty_lines: true, relax_quotes: false });
  const source = createReadStream(path, { highWaterMark: 256 * 1024 });
  if (check) source.pipe(check).pipe(parser);
  else source.pipe(parser);
  source.on('error', (e) => parser.destroy(e));
  let previousEnd = 0;
  for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    yield { fields: record, line: previousEnd + 1, endLine: info.lines };
    previousEnd = info.lines;
  }
}

/** Journey ids in file order: numbers by value, anything else as text (what `LC_ALL=C sort` gives for ASCII). */
export function compareJourneyIds(a: string, b: string): number {
  const na = /^\d+$/.test(a);
  const nb = /^\d+$/.test(b);
  if (na && nb) {
    const x = a.replace(/^0+(?=\d)/, '');
    const y = b.replace(/^0+(?=\d)/, '');
    if (x.length !== y.length) return x.length - y.length;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}
