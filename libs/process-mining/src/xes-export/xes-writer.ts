import type { JourneyCase } from '../journey-log/journey-log';
import { journeyLevelOfNeed, journeySource } from '../journey-log/journey-log';
import { pseudonymFor } from '../journey-log/pseudonym';
import { xmlAttribute as a } from '../journey-log/xml-text';

export interface XesExportOptions {
  readonly tenantId: string;
  /** When set, each event's recording user becomes `org:resource`, pseudonymised under this key. */
  readonly pseudonymKey?: Buffer;
  /** Characters gathered before a chunk is handed on. */
  readonly chunkSize?: number;
}

export interface ExportCounts {
  journeys: number;
  events: number;
}

/** Event data that may go out: codes and team ids only (never a child reference, never a list of free codes). */
const EXPORTED_DATA = ['team', 'fromTeam', 'toTeam', 'reason', 'outcome', 'kind', 'source', 'channel', 'levelOfNeed', 'primaryNeedCode'] as const;

/** The document's opening: extensions, globals, classifiers and the log's name. */
export function xesHeader(tenantId: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<log xes.version="1849-2016" xes.features="" xmlns="http://www.xes-standard.org/">
\t<extension name="Concept" prefix="concept" uri="http://www.xes-standard.org/concept.xesext"/>
\t<extension name="Time" prefix="time" uri="http://www.xes-standard.org/time.xesext"/>
\t<extension name="Lifecycle" prefix="lifecycle" uri="http://www.xes-standard.org/lifecycle.xesext"/>
\t<extension name="Organizational" prefix="org" uri="http://www.xes-standard.org/org.xesext"/>
\t<global scope="trace">
\t\t<string key="concept:name" value="__INVALID__"/>
\t</global>
\t<global scope="event">
\t\t<string key="concept:name" value="__INVALID__"/>
\t\t<date key="time:timestamp" value="1970-01-01T00:00:00.000Z"/>
\t\t<string key="org:group" value="__INVALID__"/>
\t</global>
\t<classifier name="Activity" keys="concept:name"/>
\t<classifier name="Activity and transition" keys="concept:name lifecycle:transition"/>
\t<string key="concept:name" value="${a(`Journey Ledger: ${tenantId}`)}"/>
`;
}

export const XES_FOOTER = '</log>\n';

/**
 * Where an event's recording user goes in a stored trace: the user id between two U+0001
 * characters (URI-encoded, so the id cannot hold one). XML text can never contain U+0001 (it
 * is replaced on the way in), so a marker cannot be confused with data. The pseudonym is
 * put in only when a document is written, under that export's key: a trace kept in a read model
 * never depends on a key, and the same kept trace serves exports with and without one.
 */
// eslint-disable-next-line no-control-regex -- U+0001 is the marker precisely because XML text cannot hold it
const RESOURCE_MARK = /\u0001([^\u0001]*)\u0001/g;
const resourceMark = (userId: string) => `\u0001${encodeURIComponent(userId)}\u0001`;

/** Writes a trace template's resource markers out: as pseudonymous `org:resource` entries under a key, or as nothing. */
export class TraceResources {
  /** Pseudonyms by user id: a council has a few hundred workers, and HMAC per event would cost more than the rest of the export. */
  private readonly pseudonyms = new Map<string, string>();
  private readonly line = (_: string, encoded: string): string => {
    let entry = this.pseudonyms.get(encoded);
    if (entry === undefined) {
      entry = `\t\t\t<string key="org:resource" value="${pseudonymFor(this.key!, decodeURIComponent(encoded))}"/>\n`;
      this.pseudonyms.set(encoded, entry);
    }
    return entry;
  };

  constructor(private readonly key: Buffer | undefined) {}

  fill(template: string): string {
    if (template.indexOf('\u0001') < 0) return template;
    return this.key === undefined ? template.replace(RESOURCE_MARK, '') : template.replace(RESOURCE_MARK, this.line);
  }
}

/** One journey as a `<trace>`: journey attributes, then one `<event>` per standing domain event. */
export function xesTrace(c: JourneyCase, options: Pick<XesExportOptions, 'pseudonymKey'> = {}): string {
  return new TraceResources(options.pseudonymKey).fill(xesTraceTemplate(c));
}

/** A journey's `<trace>` with each recording user as a marker for `TraceResources` (what the traces read model keeps). */
export function xesTraceTemplate(c: JourneyCase): string {
  const s = c.state;
  const out: string[] = [`\t<trace>\n\t\t<string key="concept:name" value="${a(c.journeyId)}"/>\n`];
  if (s.childRef !== undefined) out.push(`\t\t<string key="child" value="${a(s.childRef)}"/>\n`);
  const source = journeySource(s);
  if (source !== undefined) out.push(`\t\t<string key="source" value="${a(source)}"/>\n`);
  const level = journeyLevelOfNeed(s);
  if (level !== undefined) out.push(`\t\t<string key="levelOfNeed" value="${a(level)}"/>\n`);
  out.push(`\t\t<string key="outcome" value="${a(s.closureReason ?? s.status)}"/>\n`);
  out.push(`\t\t<int key="handovers" value="${s.handovers}"/>\n`);
  for (const step of c.steps) {
    const e = step.event;
    out.push(`\t\t<event>\n\t\t\t<string key="concept:name" value="${a(step.activity)}"/>\n`);
    if (step.lifecycle !== undefined) out.push(`\t\t\t<string key="lifecycle:transition" value="${a(step.lifecycle)}"/>\n`);
    out.push(`\t\t\t<date key="time:timestamp" value="${a(step.occurredAt)}"/>\n`);
    out.push(`\t\t\t<string key="org:group" value="${a(step.holder)}"/>\n`);
    const actor = e.metadata.actor;
    if (actor?.role) out.push(`\t\t\t<string key="org:role" value="${a(actor.role)}"/>\n`);
    if (actor?.userId) out.push(resourceMark(actor.userId));
    out.push(`\t\t\t<string key="event" value="${a(e.type)}"/>\n`);
    const data = e.data as unknown as Record<string, unknown>;
    for (const k of EXPORTED_DATA) {
      const v = data[k];
      if (typeof v === 'string' && !(e.type === 'ActivityRecorded' && k === 'team')) out.push(`\t\t\t<string key="${k}" value="${a(v)}"/>\n`);
    }
    out.push(`\t\t</event>\n`);
  }
  out.push(`\t</trace>\n`);
  // Joined, not concatenated: `+=` leaves a rope of a few hundred pieces per trace, and the traces
  // read model holds a page of them before writing (most of a rebuild's heap, by a heap snapshot).
  return out.join('');
}

/**
 * The journeys as an IEEE 1849-2016 XES document, as text chunks: one trace per journey, one event
 * per standing domain event (withdrawn entries are left out, as the state is folded without them).
 * Nothing is held but the current chunk. `counts` fills in as the document is consumed.
 */
export function xesChunks(
  journeys: AsyncIterable<JourneyCase>,
  options: XesExportOptions,
  counts: ExportCounts = { journeys: 0, events: 0 },
): AsyncGenerator<string> {
  return xesChunksOfStoredTraces(tracesOf(journeys), options, counts);
}

/** Each journey's trace, serialised as it is folded: what the traces read model keeps ready. */
async function* tracesOf(journeys: AsyncIterable<JourneyCase>): AsyncGenerator<StoredTrace> {
  for await (const c of journeys) yield { journeyId: c.journeyId, events: c.steps.length, template: xesTraceTemplate(c) };
}

/** A trace kept ready (the traces read model): its journey, its number of events and its template. */
export interface StoredTrace {
  readonly journeyId: string;
  readonly events: number;
  readonly template: string;
}

/**
 * The same document as `xesChunks`, byte for byte, from traces kept ready instead of journeys
 * folded now: nothing is folded or serialised but the pseudonyms, so the export runs at the
 * speed the traces are read.
 */
export async function* xesChunksOfStoredTraces(
  traces: AsyncIterable<StoredTrace>,
  options: XesExportOptions,
  counts: ExportCounts = { journeys: 0, events: 0 },
): AsyncGenerator<string> {
  const chunkSize = options.chunkSize ?? 1 << 16;
  const resources = new TraceResources(options.pseudonymKey);
  let buffer = xesHeader(options.tenantId);
  for await (const t of traces) {
    buffer += resources.fill(t.template);
    counts.journeys += 1;
    counts.events += t.events;
    if (buffer.length >= chunkSize) {
      yield buffer;
      buffer = '';
    }
  }
  yield buffer + XES_FOOTER;
}
