import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { STORE_KINDS } from '@journey-ledger/testing';
import type { StoreFixture } from '@journey-ledger/testing';
import { readJourneys } from '../journey-log/journey-log';
import { measureHandovers } from '../handover-measures/handover-measures';
import { countIndependently, externalLog, logsTenant } from '../testing/external-logs';
import { defaultMapping, parseMapping } from './import-mapping';
import { importXes } from './import-xes';
import { XesFormatError } from './xes-reader';

const tenant = logsTenant();
const now = () => new Date('2026-01-01T00:00:00Z');

describe.each(STORE_KINDS)('XES import of public logs on the %s store', (_name, open) => {
  let f: StoreFixture;
  beforeEach(async () => {
    f = await open();
  });
  afterEach(async () => f.dispose());

  it.each([
    ['running-example.xes', 'org:resource'],
    ['helpdesk.xes.gz', 'workgroup'],
    ['helpdesk.xes.gz', 'org:resource'],
  ])('given %s with holder %s, it imports every case, event and handover the file holds', async (file, holder) => {
    const expected = countIndependently(file, holder);
    const report = await importXes({ path: externalLog(file), store: f.store, tenant, logId: file, mapping: defaultMapping(holder), now });
    expect(report).toMatchObject({
      traces: expected.cases,
      events: expected.events,
      cases: expected.cases,
      caseEvents: expected.events,
      handovers: expected.handovers,
      rejectedTraces: 0,
    });
    expect(report.journeysWritten).toBe(expected.cases);

    // The journeys as stored, folded by the domain, give the same figures.
    const measured = await measureHandovers(readJourneys(f.store, { tenantId: tenant.id }));
    expect(measured.journeys).toBe(expected.cases);
    expect(measured.handovers.total).toBe(expected.handovers);
    expect(measured.notApplicable).toEqual(expect.arrayContaining(['nfa-rates', 're-referrals']));
    // PM4Py's convention: every consecutive pair, a resource to itself included.
    const pm4py = await measureHandovers(readJourneys(f.store, { tenantId: tenant.id }), { convention: 'pm4py' });
    expect(pm4py.handovers.total).toBe(expected.pairs);
    expect(pm4py.flowMatrix.reduce((s, c) => s + (c.share ?? 0), 0)).toBeCloseTo(1, 9);
  });

  it('when the same log is imported again, it writes nothing twice', async () => {
    const first = await importXes({
      path: externalLog('running-example.xes'),
      store: f.store,
      tenant,
      logId: 'running',
      mapping: defaultMapping('org:resource'),
      now,
    });
    const head = await f.store.headPosition();
    const again = await importXes({
      path: externalLog('running-example.xes'),
      store: f.store,
      tenant,
      logId: 'running',
      mapping: defaultMapping('org:resource'),
      now,
    });
    expect(await f.store.headPosition()).toBe(head);
    expect(again).toMatchObject({ journeysWritten: 0, journeysAlreadyImported: first.journeysWritten, handovers: first.handovers, eventsWritten: 0 });
  });

  it('maps activities as the mapping says and reports what it left out', async () => {
    const mapping = parseMapping(
      { activities: { 'pay compensation': { event: 'JourneyClosed', reason: 'RC8' }, 'check ticket': { event: 'ignore' } } },
      { holderAttribute: 'org:resource' },
    );
    const report = await importXes({ path: externalLog('running-example.xes'), store: f.store, tenant, logId: 'mapped', mapping, now });
    expect(report.unmapped.activitiesIgnored['check ticket']).toBeGreaterThan(0);
    const closed = [];
    for await (const c of readJourneys(f.store, { tenantId: tenant.id })) if (c.state.status === 'closed') closed.push(c);
    expect(closed.length).toBe(3); // the three cases that pay compensation, as the log's last step
    expect(closed.every((c) => c.state.closureReason === 'RC8')).toBe(true);
  });
});

describe('XES import of BPI Challenge 2012 (262,200 events)', () => {
  let f: StoreFixture;
  beforeAll(async () => {
    f = await STORE_KINDS[0][1]();
  });
  afterAll(async () => f.dispose());

  it('imports every case, event and holder change, holder org:resource', async () => {
    const expected = countIndependently('bpic2012.xes.gz', 'org:resource');
    expect(expected.events).toBe(262200);
    const report = await importXes({
      path: externalLog('bpic2012.xes.gz'),
      store: f.store,
      tenant,
      logId: 'bpic2012',
      mapping: defaultMapping('org:resource'),
      now,
      batchJourneys: 1000,
    });
    expect(report).toMatchObject({
      traces: expected.cases,
      events: expected.events,
      cases: expected.cases,
      caseEvents: expected.events,
      handovers: expected.handovers,
      rejectedTraces: 0,
    });
    // Events with no resource (the log's automatic steps) stay with the case's holder: reported, not lost.
    expect(report.unmapped.eventsWithoutHolder).toBeGreaterThan(0);
    const ours = await measureHandovers(readJourneys(f.store, { tenantId: tenant.id }));
    const pm4py = await measureHandovers(readJourneys(f.store, { tenantId: tenant.id }), { convention: 'pm4py' });
    expect([ours.handovers.total, pm4py.handovers.total]).toEqual([expected.handovers, expected.pairs]);
  }, 300_000);
});

describe('XES import of bad input', () => {
  let f: StoreFixture;
  beforeEach(async () => {
    f = await STORE_KINDS[0][1]();
  });
  afterEach(async () => f.dispose());

  const file = (name: string, content: string | Buffer) => {
    const path = join(f.dir, name);
    writeFileSync(path, content);
    return path;
  };
  const run = (path: string) => importXes({ path, store: f.store, tenant, logId: 'bad', mapping: defaultMapping('org:resource'), now });
  const event = (activity: string, time: string | undefined, resource = 'r1') =>
    `<event><string key="concept:name" value="${activity}"/>${time ? `<date key="time:timestamp" value="${time}"/>` : ''}<string key="org:resource" value="${resource}"/></event>`;
  const trace = (id: string, ...events: string[]) => `<trace><string key="concept:name" value="${id}"/>${events.join('')}</trace>`;
  const log = (...traces: string[]) => `<?xml version="1.0" encoding="UTF-8"?><log xes.version="1849-2016">${traces.join('')}</log>`;
  const good = trace('ok', event('a', '2024-01-01T10:00:00+00:00'), event('b', '2024-01-02T10:00:00+00:00', 'r2'));

  async function refusedWith(path: string, code: XesFormatError['code']) {
    await expect(run(path)).rejects.toMatchObject({ name: 'XesFormatError', code });
    expect(await f.store.headPosition()).toBe(0); // nothing half-imported
  }

  it('refuses a file that is not XML', () => refusedWith(file('a.xes', 'case,activity,time\n1,a,2024-01-01\n'), 'NotXml'));
  it('refuses a gzip file that is not XML', () => refusedWith(file('a.xes.gz', gzipSync('{"json": true}')), 'NotXml'));
  it('refuses XML that is not XES', () => refusedWith(file('a.xml', '<?xml version="1.0"?><catalog><book/></catalog>'), 'NotXes'));
  it('refuses a log with no timestamps', () =>
    refusedWith(file('a.xes', log(trace('1', event('a', undefined)), trace('2', event('b', undefined)))), 'NoTimestamps'));
  it('refuses a log mixing timestamps with and without a UTC offset', () =>
    refusedWith(file('a.xes', log(trace('1', event('a', '2024-01-01T10:00:00+01:00')), trace('2', event('b', '2024-01-01T10:00:00')))), 'MixedTimeZones'));
  it('refuses an entity-expansion bomb without expanding it', () =>
    refusedWith(
      file(
        'a.xes',
        `<?xml version="1.0"?><!DOCTYPE log [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><log>${trace('1', event('&c;', '2024-01-01T10:00:00Z'))}</log>`,
      ),
      'DoctypeRefused',
    ));
  it('refuses an attribute value too long to hold, before holding it, even at the end of a good log', () =>
    refusedWith(file('a.xes', log(good, trace('2', event('x'.repeat(3 << 20), '2024-01-01T10:00:00Z')))), 'ValueTooLong'));
  it('refuses a truncated file, having written nothing of its good start', () =>
    refusedWith(file('a.xes', log(good, good.replace('ok', 'ok2')).slice(0, -30)), 'NotXml'));

  it('rejects traces one by one and says why: duplicate case ids, no timestamp, an unparsable date', async () => {
    const report = await run(
      file(
        'a.xes',
        log(
          good,
          trace('dup', event('a', '2024-01-01T10:00:00Z')),
          trace('dup', event('a', '2024-01-01T11:00:00Z')),
          trace('no-time', event('a', '2024-01-01T10:00:00Z'), event('b', undefined)),
          trace('bad-date', event('a', '01/02/2024 10:00')),
          trace('future', event('a', '2030-01-01T10:00:00Z')),
        ),
      ),
    );
    expect(report.cases).toBe(1);
    expect(report.rejectionsByCode).toEqual({ DuplicateCaseId: 2, NoTimestamp: 1, BadTimestamp: 1, OccurredInFuture: 1 });
    expect(report.rejections.map((r) => r.caseId)).toEqual(['dup', 'dup', 'no-time', 'bad-date', 'future']);
  });

  it('orders events by time (equal times keep file order) and says how many traces it reordered', async () => {
    const report = await run(file('a.xes', log(trace('1', event('second', '2024-01-02T10:00:00Z', 'r2'), event('first', '2024-01-01T10:00:00Z', 'r1')))));
    expect(report.reordered).toBe(1);
    const [c] = await all();
    expect(c.steps.filter((s) => s.event.type === 'ActivityRecorded').map((s) => s.activity)).toEqual(['first', 'second']);
  });

  const all = async () => {
    const out = [];
    for await (const c of readJourneys(f.store, { tenantId: tenant.id })) out.push(c);
    return out;
  };
});
