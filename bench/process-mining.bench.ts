import { createReadStream } from 'node:fs';
import { Writable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { SaxesParser } from 'saxes';
import { AccessLog } from '@journey-ledger/audit';
import { BulkWriter } from '@journey-ledger/ingest';
import {
  auditedJourneys,
  defaultMapping,
  importXes,
  ocelChunks,
  readJourneys,
  writeChunks,
  xesChunks,
  xesChunksOfStoredTraces,
} from '@journey-ledger/process-mining';
import { ProjectionRunner, storedTraces, TracesProjection } from '@journey-ledger/read-models';
import { externalLog, logsTenant, readJourneysTwoPass } from '@journey-ledger/process-mining/testing';
import type { Benchmark, BenchContext, BenchResult } from './lib/harness';
import { openBenchStore, peakRssMb, rate, syntheticSource } from './lib/harness';

const BPIC = 'bpic2012.xes.gz';
const BPIC_EVENTS = 262_200;

/** A sink that counts bytes and keeps none: what the export costs, without a disk's. */
const nullSink = () => {
  let bytes = 0;
  const sink = new Writable({ write: (chunk, _enc, done) => ((bytes += chunk.length), done()) });
  return { sink, bytes: () => bytes };
};

/** The peer: the same SAX parser over the same file, gunzip included, doing nothing with what it reads. */
async function rawParse(): Promise<BenchResult> {
  const started = performance.now();
  const parser = new SaxesParser({ xmlns: false, position: false });
  let events = 0;
  parser.on('opentag', (node) => {
    if (node.name === 'event') events++;
  });
  const text = createReadStream(externalLog(BPIC), { highWaterMark: 1 << 16 }).pipe(createGunzip());
  text.setEncoding('utf8');
  for await (const chunk of text) parser.write(chunk as string);
  parser.close();
  const seconds = (performance.now() - started) / 1000;
  return {
    benchmark: 'xes import bpic2012',
    store: 'embedded',
    subject: 'saxes raw parse',
    journeys: 13087,
    events,
    seconds,
    eventsPerSecond: rate(events, seconds),
    peakRssMb: peakRssMb(),
    note: 'gunzip + saxes over the file, no handling',
  };
}

async function importBpic(ctx: BenchContext, kind: 'embedded' | 'postgres'): Promise<BenchResult> {
  const { store, dispose } = await openBenchStore(ctx, kind);
  try {
    const started = performance.now();
    const report = await importXes({
      path: externalLog(BPIC),
      store,
      tenant: logsTenant(),
      logId: 'bpic2012',
      mapping: defaultMapping('org:resource'),
      batchJourneys: 1000,
    });
    const seconds = (performance.now() - started) / 1000;
    return {
      benchmark: 'xes import bpic2012',
      store: kind,
      subject: 'ours',
      journeys: report.cases,
      events: BPIC_EVENTS,
      seconds,
      eventsPerSecond: rate(BPIC_EVENTS, seconds),
      peakRssMb: peakRssMb(),
      note: `two passes (check, then decide and write ${report.eventsWritten} ledger events); holder org:resource`,
      compareTo: ['saxes raw parse'],
    };
  } finally {
    await dispose();
  }
}

/**
 * The process's largest RSS while `work` runs, sampled every 20 ms: what the timed part itself
 * holds, where `peakRssMb` also counts writing the journeys before it.
 */
async function rssDuring<T>(work: () => Promise<T>): Promise<{ result: T; rssBeforeMb: number; rssPeakMb: number }> {
  const mb = () => Math.round(process.memoryUsage.rss() / 2 ** 20);
  global.gc?.();
  const rssBeforeMb = mb();
  let rssPeakMb = rssBeforeMb;
  const timer = setInterval(() => (rssPeakMb = Math.max(rssPeakMb, mb())), 20);
  try {
    const result = await work();
    return { result, rssBeforeMb, rssPeakMb: Math.max(rssPeakMb, mb()) };
  } finally {
    clearInterval(timer);
  }
}

/**
 * The export from the traces read model (what `GET /process-mining/xes` sends): the journeys are
 * written and the read model built first, each timed on its own line; then the document is
 * streamed from the kept traces to a null sink.
 */
async function exportFromTraces(ctx: BenchContext, kind: 'embedded' | 'postgres', audited: boolean): Promise<BenchResult[]> {
  const { store, db, dispose } = await openBenchStore(ctx, kind);
  try {
    const { tenant, journeys } = syntheticSource(ctx);
    await new BulkWriter({ store, teamsFor: () => tenant.teams }).write(journeys); // not timed
    const tenantId = tenant.config.id;
    const head = await store.headPosition();
    const runner = new ProjectionRunner(store, db, [new TracesProjection(store)]);
    await runner.migrate();
    const building = performance.now();
    await runner.rebuild();
    const buildSeconds = (performance.now() - building) / 1000;
    const counts = { journeys: 0, events: 0 };
    const { sink, bytes } = nullSink();
    const access = { tenantId, userId: 'bench', roles: ['designer'], correlationId: 'bench', route: 'bench' };
    const started = performance.now();
    const { rssBeforeMb, rssPeakMb } = await rssDuring(async () => {
      const traces = storedTraces(db, { tenantId });
      await writeChunks(xesChunksOfStoredTraces(audited ? auditedJourneys(traces, new AccessLog(store), access) : traces, { tenantId }, counts), sink);
    });
    const seconds = (performance.now() - started) / 1000;
    const exportLine: BenchResult = {
      benchmark: 'xes export',
      store: kind,
      subject: audited ? 'ours, kept traces, access logged' : 'ours, kept traces',
      journeys: counts.journeys,
      events: counts.events,
      seconds,
      eventsPerSecond: rate(counts.events, seconds),
      peakRssMb: peakRssMb(),
      ...(audited ? {} : { compareTo: ['raw read', 'ours'] }),
      note: `${Math.round(bytes() / 1e6)} MB from the traces read model to a null sink, 2,000 traces a page${audited ? '; one access event per page of 1,000 journeys' : ''}; RSS during the export ${rssBeforeMb} → ${rssPeakMb} MB (sampled every 20 ms)`,
    };
    if (audited) return [exportLine];
    return [
      exportLine,
      {
        benchmark: 'xes export',
        store: kind,
        subject: 'traces read model, batch rebuild',
        journeys: counts.journeys,
        events: head,
        seconds: buildSeconds,
        eventsPerSecond: rate(head, buildSeconds),
        peakRssMb: peakRssMb(),
        note: 'ProjectionRunner.rebuild of the traces read model alone from the whole log (shadow tables, swap); paid when journeys are recorded, not per export',
      },
    ];
  } finally {
    await dispose();
  }
}

/** How the journeys are read: in one pass (`readAllToHead`, what the export uses) or in the two passes through `readAll` it replaced (the baseline). */
type Reading = 'one-pass' | 'two-pass';

async function exportJourneys(
  ctx: BenchContext,
  kind: 'embedded' | 'postgres',
  format: 'xes' | 'ocel',
  audited: boolean,
  reading: Reading = 'one-pass',
): Promise<BenchResult> {
  const { store, dispose } = await openBenchStore(ctx, kind);
  try {
    const { tenant, journeys } = syntheticSource(ctx);
    await new BulkWriter({ store, teamsFor: () => tenant.teams }).write(journeys); // not timed
    const tenantId = tenant.config.id;
    const counts = { journeys: 0, events: 0 };
    const { sink, bytes } = nullSink();
    const access = { tenantId, userId: 'bench', roles: ['designer'], correlationId: 'bench', route: 'bench' };
    const started = performance.now();
    const readJourneysBy = reading === 'one-pass' ? readJourneys : readJourneysTwoPass;
    if (format === 'xes') {
      const read = readJourneysBy(store, { tenantId });
      await writeChunks(xesChunks(audited ? auditedJourneys(read, new AccessLog(store), access) : read, { tenantId }, counts), sink);
    } else {
      const head = await store.headPosition();
      let pass = 0;
      const open = () => {
        const read = readJourneysBy(store, { tenantId, head });
        return audited && pass++ === 0 ? auditedJourneys(read, new AccessLog(store), access) : read;
      };
      await writeChunks(ocelChunks(open, { teams: tenant.teams }, counts), sink);
    }
    const seconds = (performance.now() - started) / 1000;
    return {
      benchmark: `${format} export`,
      store: kind,
      subject: reading === 'two-pass' ? `${format}: two passes through readAll` : audited ? 'ours, access logged' : 'ours',
      journeys: counts.journeys,
      events: counts.events,
      seconds,
      eventsPerSecond: rate(counts.events, seconds),
      peakRssMb: peakRssMb(),
      // Subjects are matched across the run by name: each format is compared with its own baseline.
      ...(reading === 'one-pass' && !audited ? { compareTo: [`${format}: two passes through readAll`, ...(format === 'xes' ? ['raw read'] : [])] } : {}),
      note: `${Math.round(bytes() / 1e6)} MB streamed to a null sink${audited ? '; one access event per page of 1,000 journeys' : ''} (peak includes writing the journeys first)`,
    };
  } finally {
    await dispose();
  }
}

/** The ceiling for any export through the port: the tenant's log read once by `readAll`, nothing folded or written. */
async function rawRead(ctx: BenchContext, kind: 'embedded' | 'postgres'): Promise<BenchResult> {
  const { store, dispose } = await openBenchStore(ctx, kind);
  try {
    const { tenant, journeys } = syntheticSource(ctx);
    await new BulkWriter({ store, teamsFor: () => tenant.teams }).write(journeys); // not timed
    const head = await store.headPosition();
    let events = 0;
    const started = performance.now();
    for (let after = 0; after < head;) {
      const batch = await store.readAll({ after, maxCount: 5000, tenantId: tenant.config.id });
      if (batch.length === 0) break;
      events += batch.length;
      after = batch[batch.length - 1].position;
    }
    const seconds = (performance.now() - started) / 1000;
    return {
      benchmark: 'xes export',
      store: kind,
      subject: 'raw read',
      journeys: ctx.journeys,
      events,
      seconds,
      eventsPerSecond: rate(events, seconds),
      peakRssMb: peakRssMb(),
      note: 'the tenant’s whole log once through readAll (5,000 a page), every stream, nothing folded or written',
    };
  } finally {
    await dispose();
  }
}

export const processMining: Benchmark = {
  name: 'process-mining',
  cases: () => [
    { id: 'xes-raw-parse', run: () => rawParse() },
    ...(['embedded', 'postgres'] as const).flatMap((kind) => [
      { id: `xes-import-${kind}`, run: (ctx: BenchContext) => importBpic(ctx, kind) },
      { id: `xes-export-${kind}`, run: (ctx: BenchContext) => exportJourneys(ctx, kind, 'xes', false) },
      { id: `xes-export-traces-${kind}`, run: (ctx: BenchContext) => exportFromTraces(ctx, kind, false) },
      { id: `xes-export-traces-audited-${kind}`, run: (ctx: BenchContext) => exportFromTraces(ctx, kind, true) },
      { id: `xes-export-two-pass-${kind}`, run: (ctx: BenchContext) => exportJourneys(ctx, kind, 'xes', false, 'two-pass') },
      { id: `xes-export-raw-read-${kind}`, run: (ctx: BenchContext) => rawRead(ctx, kind) },
      { id: `xes-export-audited-${kind}`, run: (ctx: BenchContext) => exportJourneys(ctx, kind, 'xes', true) },
      { id: `ocel-export-${kind}`, run: (ctx: BenchContext) => exportJourneys(ctx, kind, 'ocel', false) },
      { id: `ocel-export-two-pass-${kind}`, run: (ctx: BenchContext) => exportJourneys(ctx, kind, 'ocel', false, 'two-pass') },
    ]),
  ],
};
