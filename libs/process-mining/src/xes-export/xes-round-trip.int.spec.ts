import { createWriteStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { XMLParser } from 'fast-xml-parser';
import { STORE_KINDS } from '@journey-ledger/testing';
import type { StoreFixture } from '@journey-ledger/testing';
import { readJourneys } from '../journey-log/journey-log';
import { writeChunks } from '../journey-log/write-chunks';
import { measureHandovers } from '../handover-measures/handover-measures';
import { defaultMapping } from '../xes-import/import-mapping';
import { importXes } from '../xes-import/import-xes';
import { logsTenant } from '../testing/external-logs';
import { northShire, seedDemoJourneys } from '../testing/demo-journeys';
import { xesChunks } from './xes-writer';

describe.each(STORE_KINDS)('XES export and round trip on the %s store', (_name, open) => {
  let f: StoreFixture;
  beforeAll(async () => {
    f = await open();
    await seedDemoJourneys(f.store, 400);
  });
  afterAll(async () => f.dispose());

  const exportTo = async (name: string, gzip = false) => {
    const path = join(f.dir, name);
    const counts = { journeys: 0, events: 0 };
    await writeChunks(xesChunks(readJourneys(f.store, { tenantId: northShire.id }), { tenantId: northShire.id }, counts), createWriteStream(path), { gzip });
    return { path, counts };
  };

  it('writes one trace per journey and one event per standing domain event, gzipped on request', async () => {
    const { path, counts } = await exportTo('demo.xes.gz', true);
    const doc = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '',
      isArray: (t) => ['trace', 'event', 'string', 'int', 'date'].includes(t),
    }).parse(gunzipSync(readFileSync(path)).toString('utf8'));
    const traces: any[] = doc.log.trace;
    let standing = 0;
    for await (const c of readJourneys(f.store, { tenantId: northShire.id })) {
      standing += c.steps.length;
    }
    expect(traces.length).toBe(400);
    expect(counts).toEqual({ journeys: 400, events: standing });
    expect(traces.reduce((n, t) => n + t.event.length, 0)).toBe(standing);
    const names = new Set(traces.flatMap((t) => t.event.map((e: any) => e.string.find((s: any) => s.key === 'concept:name').value)));
    expect(names.has('EntryRecordedInError')).toBe(false);
    // Every event says who held the case; no name or free text: only the trace's pseudonymous child reference.
    for (const t of traces) for (const e of t.event) expect(e.string.some((s: any) => s.key === 'org:group')).toBe(true);
  });

  it('given the export imported as a log, the handover counts, flows and paths are identical', async () => {
    const { path } = await exportTo('demo.xes');
    const back = logsTenant('round-trip');
    const report = await importXes({ path, store: f.store, tenant: back, logId: 'demo', mapping: defaultMapping('org:group') });
    expect(report.rejectedTraces).toBe(0);
    const before = await measureHandovers(readJourneys(f.store, { tenantId: northShire.id }), { pathLimit: 1000 });
    const after = await measureHandovers(readJourneys(f.store, { tenantId: back.id }), { pathLimit: 1000 });
    expect(before.handovers.total).toBeGreaterThan(0);
    expect(after.handovers).toEqual(before.handovers);
    expect(after.flowMatrix).toEqual(before.flowMatrix);
    expect(after.paths).toEqual(before.paths);
    expect(report.handovers).toBe(before.handovers.total);
  });
});
