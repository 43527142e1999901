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

function header(tenantId: string): string {
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

/** One journey as a `<trace>`: journey attributes, then one `<event>` per standing domain event. */
export function xesTrace(c: JourneyCase, options: Pick<XesExportOptions, 'pseudonymKey'> = {}): string {
  const s = c.state;
  let out = `\t<trace>\n\t\t<string key="concept:name" value="${a(c.journeyId)}"/>\n`;
  if (s.childRef !== undefined) out += `\t\t<string key="child" value="${a(s.childRef)}"/>\n`;
  const source = journeySource(s);
  if (source !== undefined) out += `\t\t<string key="source" value="${a(source)}"/>\n`;
  const level = journeyLevelOfNeed(s);
  if (level !== undefined) out += `\t\t<string key="levelOfNeed" value="${a(level)}"/>\n`;
  out += `\t\t<string key="outcome" value="${a(s.closureReason ?? s.status)}"/>\n`;
  out += `\t\t<int key="handovers" value="${s.handovers}"/>\n`;
  for (const step of c.steps) {
    const e = step.event;
    out += `\t\t<event>\n\t\t\t<string key="concept:name" value="${a(step.activity)}"/>\n`;
    if (step.lifecycle !== undefined) out += `\t\t\t<string key="lifecycle:transition" value="${a(step.lifecycle)}"/>\n`;
    out += `\t\t\t<date key="time:timestamp" value="${a(step.occurredAt)}"/>\n`;
    out += `\t\t\t<string key="org:group" value="${a(step.holder)}"/>\n`;
    const actor = e.metadata.actor;
    if (actor?.role) out += `\t\t\t<string key="org:role" value="${a(actor.role)}"/>\n`;
    if (options.pseudonymKey !== undefined && actor?.userId)
      out += `\t\t\t<string key="org:resource" value="${pseudonymFor(options.pseudonymKey, actor.userId)}"/>\n`;
    out += `\t\t\t<string key="event" value="${a(e.type)}"/>\n`;
    const data = e.data as unknown as Record<string, unknown>;
    for (const k of EXPORTED_DATA) {
      const v = data[k];
      if (typeof v === 'string' && !(e.type === 'ActivityRecorded' && k === 'team')) out += `\t\t\t<string key="${k}" value="${a(v)}"/>\n`;
    }
    out += `\t\t</event>\n`;
  }
  return out + `\t</trace>\n`;
}

/**
 * The journeys as an IEEE 1849-2016 XES document, as text chunks: one trace per journey, one event
 * per standing domain event (withdrawn entries are left out, as the state is folded without them).
 * Nothing is held but the current chunk. `counts` fills in as the document is consumed.
 */
export async function* xesChunks(
  journeys: AsyncIterable<JourneyCase>,
  options: XesExportOptions,
  counts: ExportCounts = { journeys: 0, events: 0 },
): AsyncGenerator<string> {
  const chunkSize = options.chunkSize ?? 1 << 16;
  let buffer = header(options.tenantId);
  for await (const c of journeys) {
    buffer += xesTrace(c, options);
    counts.journeys += 1;
    counts.events += c.steps.length;
    if (buffer.length >= chunkSize) {
      yield buffer;
      buffer = '';
    }
  }
  yield buffer + '</log>\n';
}
