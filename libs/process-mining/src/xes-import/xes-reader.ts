import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { SaxesParser } from 'saxes';

/** The file is not a readable XES log at all (not XML, not XES, unsafe): nothing of it is imported. */
export class XesFormatError extends Error {
  constructor(
    readonly code: 'NotXml' | 'NotXes' | 'DoctypeRefused' | 'ValueTooLong' | 'NoTimestamps' | 'MixedTimeZones' | 'NoTraces',
    message: string,
  ) {
    super(message);
    this.name = 'XesFormatError';
  }
}

/** One event as read: only the attributes an import uses are kept. */
export interface XesEvent {
  readonly activity?: string;
  readonly timestamp?: string;
  readonly lifecycle?: string;
  readonly holder?: string;
}

export interface XesTrace {
  /** 0-based position of the trace in the file. */
  readonly index: number;
  readonly caseId?: string;
  readonly events: XesEvent[];
}

export interface XesReadOptions {
  /** The event attribute whose value holds the case (default `org:group`). */
  readonly holderAttribute?: string;
  /** Longest attribute value or text run accepted, in characters (default 1 MiB). */
  readonly maxValueLength?: number;
  /** Bytes read from the file so far (compressed bytes for `.xes.gz`), for a progress bar. */
  readonly onBytes?: (bytes: number) => void;
}

const ATTRIBUTE_ELEMENTS = new Set(['string', 'date', 'int', 'float', 'boolean', 'id', 'list', 'container']);
const GZIP_MAGIC = [0x1f, 0x8b];

/** The file's bytes as text, gunzipped when the file is gzip (by its first bytes, not its name). */
async function openText(path: string, onBytes?: (bytes: number) => void): Promise<Readable> {
  const head = await new Promise<Buffer>((resolve, reject) => {
    const s = createReadStream(path, { start: 0, end: 1 });
    const parts: Buffer[] = [];
    s.on('data', (b) => parts.push(b as Buffer))
      .on('end', () => resolve(Buffer.concat(parts)))
      .on('error', reject);
  });
  const raw = createReadStream(path, { highWaterMark: 1 << 16 });
  let read = 0;
  if (onBytes) raw.on('data', (b) => onBytes((read += (b as Buffer).length)));
  const gz = head.length === 2 && head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1];
  const text = gz ? raw.pipe(createGunzip()) : raw;
  if (gz) raw.on('error', (e) => text.destroy(e));
  text.setEncoding('utf8');
  return text;
}

/**
 * Reads an XES log (IEEE 1849-2016 or XES 1.0, plain or gzip) as a stream of traces with a SAX
 * parser (saxes), one trace in memory at a time. Only the first level of a trace's or event's
 * attributes is read (nested attributes are skipped). A DOCTYPE is refused outright, so no entity
 * can expand; a value longer than `maxValueLength` is refused before it is ever held whole.
 */
export async function* readXesTraces(path: string, options: XesReadOptions = {}): AsyncGenerator<XesTrace> {
  const holderKey = options.holderAttribute ?? 'org:group';
  const maxValue = options.maxValueLength ?? 1 << 20;
  const parser = new SaxesParser({ xmlns: false, position: false });
  const ready: XesTrace[] = [];
  let failure: Error | undefined;
  let rootSeen = false;
  // Where we are: element names from the root.
  const stack: string[] = [];
  let trace: { index: number; caseId?: string; events: XesEvent[] } | undefined;
  let event: { activity?: string; timestamp?: string; lifecycle?: string; holder?: string } | undefined;
  let traces = 0;

  const fail = (e: Error) => {
    if (failure === undefined) failure = e;
  };
  parser.on('error', (e) => fail(new XesFormatError('NotXml', `not well-formed XML: ${e.message}`)));
  parser.on('doctype', () => fail(new XesFormatError('DoctypeRefused', 'a DOCTYPE is not accepted in an XES log (it could define expanding entities)')));
  parser.on('opentag', (node) => {
    const name = node.name.includes(':') ? node.name.slice(node.name.indexOf(':') + 1) : node.name;
    if (!rootSeen) {
      rootSeen = true;
      if (name !== 'log') fail(new XesFormatError('NotXes', `not an XES log: the root element is <${node.name}>, not <log>`));
    }
    const depth = stack.length;
    stack.push(name);
    if (name === 'trace' && depth === 1) {
      trace = { index: traces++, events: [] };
      return;
    }
    if (name === 'event' && trace !== undefined && depth === 2) {
      event = {};
      return;
    }
    if (!ATTRIBUTE_ELEMENTS.has(name)) return;
    const key = node.attributes.key as string | undefined;
    const value = node.attributes.value as string | undefined;
    if (key === undefined || value === undefined) return;
    if (event !== undefined && depth === 3) {
      if (key === 'concept:name') event.activity = value;
      else if (key === 'time:timestamp' && name === 'date') event.timestamp = value;
      else if (key === 'lifecycle:transition') event.lifecycle = value;
      if (key === holderKey) event.holder = value;
    } else if (trace !== undefined && event === undefined && depth === 2 && key === 'concept:name') {
      trace.caseId = value;
    }
  });
  parser.on('closetag', () => {
    const name = stack.pop();
    const depth = stack.length;
    if (name === 'event' && depth === 2 && trace !== undefined && event !== undefined) {
      trace.events.push(event);
      event = undefined;
    } else if (name === 'trace' && depth === 1 && trace !== undefined) {
      ready.push(trace);
      trace = undefined;
    }
  });

  const text = await openText(path, options.onBytes);
  // Characters since the last markup delimiter: a value longer than the limit is refused mid-stream.
  let run = 0;
  try {
    for await (const chunk of text as AsyncIterable<string>) {
      const last = Math.max(chunk.lastIndexOf('<'), chunk.lastIndexOf('>'));
      const firstLt = chunk.indexOf('<');
      const firstGt = chunk.indexOf('>');
      const first = firstLt < 0 ? firstGt : firstGt < 0 ? firstLt : Math.min(firstLt, firstGt);
      const carried = last < 0 ? run + chunk.length : run + first;
      run = last < 0 ? carried : chunk.length - last - 1;
      if (carried > maxValue || run > maxValue || (chunk.length > maxValue && longestRun(chunk) > maxValue)) {
        fail(new XesFormatError('ValueTooLong', `a value or text longer than ${maxValue} characters: refused`));
      }
      if (failure === undefined) parser.write(chunk);
      if (failure !== undefined) throw failure;
      while (ready.length > 0) yield ready.shift()!;
    }
  } catch (e) {
    text.destroy();
    if (e instanceof XesFormatError) throw e;
    if ((e as NodeJS.ErrnoException).code === 'Z_DATA_ERROR') throw new XesFormatError('NotXml', `not a readable gzip file: ${(e as Error).message}`);
    throw e;
  }
  if (failure === undefined) parser.close();
  if (failure !== undefined) throw failure;
  if (!rootSeen) throw new XesFormatError('NotXml', 'the file is empty: no XML element');
  while (ready.length > 0) yield ready.shift()!;
}

/** The longest stretch between markup delimiters inside one chunk (chunks are small; this is cheap). */
function longestRun(chunk: string): number {
  let longest = 0;
  let from = 0;
  for (let i = 0; i < chunk.length; i++) {
    const c = chunk.charCodeAt(i);
    if (c === 60 || c === 62) {
      if (i - from > longest) longest = i - from;
      from = i + 1;
    }
  }
  return longest;
}
