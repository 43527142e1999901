import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { XMLParser } from 'fast-xml-parser';
import type { TenantConfig } from '@journey-ledger/domain';

/** Public event logs written by others (see that folder's provenance): the inputs the import is held to. */
export const EXTERNAL = join(__dirname, '../../../../../shared/data/external/process-mining');
export const externalLog = (name: string) => join(EXTERNAL, name);

/** A tenant with no teams of its own: everything comes from the log. */
export const logsTenant = (id = 'public-logs'): TenantConfig => ({
  id,
  name: 'Public event logs',
  timeZone: 'Europe/London',
  officeHours: { days: [1, 2, 3, 4, 5], opens: '09:00', closes: '17:00' },
  teams: [],
  levelsOfNeed: [],
});

export interface IndependentCount {
  readonly cases: number;
  readonly events: number;
  /** Changes of holder between consecutive events that name one (time order). */
  readonly handovers: number;
  /** PM4Py's count: consecutive pairs of events, a resource to itself included. */
  readonly pairs: number;
}

/**
 * Counts a log with a general XML parser, whole in memory, with none of the product's code: the
 * independent figure the import must match.
 */
export function countIndependently(name: string, holderKey: string): IndependentCount {
  const raw = readFileSync(externalLog(name));
  const xml = (name.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8');
  const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (tag) => ['trace', 'event', 'string', 'date'].includes(tag) }).parse(
    xml,
  );
  const traces: any[] = doc.log.trace ?? [];
  let events = 0;
  let handovers = 0;
  let pairs = 0;
  for (const t of traces) {
    const evs = (t.event ?? []).map((e: any) => ({
      time: Date.parse((e.date ?? []).find((d: any) => d.key === 'time:timestamp').value),
      holder: (e.string ?? []).find((s: any) => s.key === holderKey)?.value as string | undefined,
    }));
    evs.sort((a: any, b: any) => a.time - b.time);
    events += evs.length;
    pairs += Math.max(0, evs.length - 1);
    const holders = evs.map((e: any) => e.holder).filter((h: string | undefined) => h !== undefined);
    for (let i = 1; i < holders.length; i++) if (holders[i] !== holders[i - 1]) handovers++;
  }
  return { cases: traces.length, events, handovers, pairs };
}
