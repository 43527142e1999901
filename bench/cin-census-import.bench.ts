import { createReadStream, createWriteStream, statSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { SaxesParser } from 'saxes';
import type { AppendRequest, EventStore } from '@journey-ledger/event-store';
import { importCinCensus } from '@journey-ledger/ingest';
import { Benchmark, BenchContext, BenchResult, loadTenantConfig, openBenchStore, peakRssMb, rate } from './lib/harness';

/** A small deterministic generator (mulberry32): the same seed gives the same return. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const day = (base: number, plus: number) => new Date(base + plus * 86_400_000).toISOString().slice(0, 10);
const SOURCES = ['1A', '2A', '3A', '3E', '4', '5C', '6', '8'];

/**
 * Writes a CIN census return of `children` children that passes the rules: about 1.2 episodes a
 * child, referral NFA for one in twelve, else an assessment, then a CIN or CP plan for some.
 */
export async function writeCinReturn(path: string, children: number, seed = 1): Promise<number> {
  const rnd = random(seed);
  const out = createWriteStream(path);
  let episodes = 0;
  const write = async (s: string) => {
    if (!out.write(s)) await once(out, 'drain');
  };
  await write(
    '<?xml version="1.0" encoding="utf-8"?>\n<Message><Header><CollectionDetails><Collection>CIN</Collection><Year>2025</Year><ReferenceDate>2025-03-31</ReferenceDate></CollectionDetails></Header>\n<Children>\n',
  );
  for (let c = 0; c < children; c++) {
    let xml = `<Child><ChildIdentifiers><LAchildID>G${String(c).padStart(8, '0')}</LAchildID><UPN>A${String(100000000000 + c)}</UPN><PersonBirthDate>2012-01-01</PersonBirthDate><GenderCurrent>1</GenderCurrent></ChildIdentifiers><ChildCharacteristics><Ethnicity>WBRI</Ethnicity></ChildCharacteristics>\n`;
    let t = Date.UTC(2019, 0, 1) + Math.floor(rnd() * 1500) * 86_400_000;
    const n = rnd() < 0.2 ? 2 : 1;
    for (let e = 0; e < n; e++) {
      episodes += 1;
      const src = SOURCES[Math.floor(rnd() * SOURCES.length)];
      const nfa = rnd() < 0.08;
      xml += `<CINdetails><CINreferralDate>${day(t, 0)}</CINreferralDate><ReferralSource>${src}</ReferralSource><PrimaryNeedCode>N${1 + Math.floor(rnd() * 8)}</PrimaryNeedCode>`;
      if (nfa) {
        xml += `<CINclosureDate>${day(t, 1)}</CINclosureDate><ReasonForClosure>RC7</ReasonForClosure><ReferralNFA>true</ReferralNFA></CINdetails>\n`;
        t += 200 * 86_400_000;
        continue;
      }
      const len = 10 + Math.floor(rnd() * 40);
      const planned = rnd();
      const factors = planned < 0.3 ? ['21'] : ['2B', '3A'];
      let end = len + 2;
      let plan = '';
      if (planned >= 0.3 && planned < 0.7) {
        plan = `<CINPlanDates><CINPlanStartDate>${day(t, len + 1)}</CINPlanStartDate><CINPlanEndDate>${day(t, len + 120)}</CINPlanEndDate></CINPlanDates>`;
        end = len + 121;
      } else if (planned >= 0.7) {
        plan = `<ChildProtectionPlans><CPPstartDate>${day(t, len + 1)}</CPPstartDate><CPPendDate>${day(t, len + 200)}</CPPendDate></ChildProtectionPlans>`;
        end = len + 201;
      }
      const reason = planned < 0.3 ? 'RC8' : 'RC7';
      xml += `<CINclosureDate>${day(t, end)}</CINclosureDate><ReasonForClosure>${reason}</ReasonForClosure><ReferralNFA>false</ReferralNFA>`;
      xml += `<Assessments><AssessmentActualStartDate>${day(t, 1)}</AssessmentActualStartDate><AssessmentAuthorisationDate>${day(t, len)}</AssessmentAuthorisationDate><FactorsIdentifiedAtAssessment>${factors.map((f) => `<AssessmentFactors>${f}</AssessmentFactors>`).join('')}</FactorsIdentifiedAtAssessment></Assessments>${plan}</CINdetails>\n`;
      t += (end + 30) * 86_400_000;
    }
    await write(xml + '</Child>\n');
  }
  await write('</Children></Message>\n');
  out.end();
  await once(out, 'finish');
  return episodes;
}

/** The ceiling: the same file through the same SAX parser, doing nothing but counting elements. */
async function rawParse(path: string): Promise<{ seconds: number; elements: number }> {
  const started = performance.now();
  const parser = new SaxesParser({ xmlns: true, position: true });
  let elements = 0;
  parser.on('opentag', () => (elements += 1));
  for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: 256 * 1024 })) parser.write(chunk as string);
  parser.close();
  return { seconds: (performance.now() - started) / 1000, elements };
}

/**
 * A store that keeps nothing: what the import costs without the store's own work (hash chain,
 * seal, inserts, commit). Every journey of a first import is new, so only `appendBatch` is asked.
 */
function discardingStore(): EventStore {
  return {
    kind: 'discard',
    async appendBatch(requests: readonly AppendRequest[]) {
      return requests.map((r) => ({ nextExpectedRevision: r.events.length - 1, position: 0, events: [] }));
    },
    async streamRevision() {
      return undefined;
    },
    async readStream() {
      return [];
    },
  } as unknown as EventStore;
}

async function importFile(path: string, store: EventStore, ctx: BenchContext, worker = false) {
  const started = performance.now();
  const report = await importCinCensus(createReadStream(path, { highWaterMark: 256 * 1024 }), {
    store,
    tenant: loadTenantConfig(ctx.tenant),
    source: 'generated',
    worker,
  });
  const seconds = (performance.now() - started) / 1000;
  const children = report.lists.children;
  if (children.rejected > 0) throw new Error(`${children.rejected} children rejected: ${JSON.stringify(report.rejects.slice(0, 3))}`);
  return { report, seconds, children };
}

/**
 * One run, one file: the raw parse (the ceiling), the import into a store that keeps nothing
 * (parse, census rules, decider, event ids), then the real import. `ctx.journeys` is the number of
 * children: 20,000 is a large county, 540,000 (about 650,000 referrals) is England.
 */
async function run(ctx: BenchContext, kind: 'embedded' | 'postgres'): Promise<BenchResult[]> {
  const { store, dir, dispose } = await openBenchStore(ctx, kind);
  try {
    const path = join(dir, 'cin-return.xml');
    const episodes = await writeCinReturn(path, ctx.journeys, Number(ctx.seed) || 1);
    const mb = Math.round(statSync(path).size / 1048576);
    const raw = await rawParse(path);
    const rawRss = peakRssMb();
    const dry = await importFile(path, discardingStore(), ctx);
    const dryRss = peakRssMb();
    const real = await importFile(path, store, ctx);
    const realRss = peakRssMb();
    const second = await openBenchStore(ctx, kind);
    const inWorker = await importFile(path, second.store, ctx, true).finally(() => second.dispose());
    const events = real.report.events;
    const perChild = (s: number) => rate(ctx.journeys, s);
    return [
      {
        benchmark: 'cin-census-import',
        store: kind,
        subject: 'raw saxes parse',
        journeys: episodes,
        events,
        seconds: raw.seconds,
        eventsPerSecond: rate(events, raw.seconds),
        peakRssMb: rawRss,
        note: `${ctx.journeys} children, ${episodes} referrals, ${mb} MB file parsed only (${raw.elements} elements, ${perChild(raw.seconds)} children/s): the ceiling`,
      },
      {
        benchmark: 'cin-census-import',
        store: kind,
        subject: 'import, store discards',
        journeys: dry.report.journeys.written,
        events: dry.report.events,
        seconds: dry.seconds,
        eventsPerSecond: rate(dry.report.events, dry.seconds),
        peakRssMb: dryRss,
        note: `${perChild(dry.seconds)} children/s: parse, census rules, decider, event ids; appendBatch keeps nothing`,
        compareTo: ['raw saxes parse'],
      },
      {
        benchmark: 'cin-census-import',
        store: kind,
        subject: 'ours',
        journeys: real.report.journeys.written,
        events,
        seconds: real.seconds,
        eventsPerSecond: rate(events, real.seconds),
        peakRssMb: realRss,
        note: `${real.children.loaded} children (${perChild(real.seconds)}/s): streamed, census rules, decider, appendBatch (hash chain, seal, commit)`,
        compareTo: ['raw saxes parse', 'import, store discards'],
      },
      {
        benchmark: 'cin-census-import',
        store: kind,
        subject: 'ours, reading in a worker',
        journeys: inWorker.report.journeys.written,
        events: inWorker.report.events,
        seconds: inWorker.seconds,
        eventsPerSecond: rate(inWorker.report.events, inWorker.seconds),
        peakRssMb: peakRssMb(),
        note: `${inWorker.children.loaded} children (${perChild(inWorker.seconds)}/s): the same, reading and deciding in a worker thread beside the store's writes (a fresh store)`,
        compareTo: ['raw saxes parse', 'ours'],
      },
    ];
  } finally {
    await dispose();
  }
}

export const cinCensusImport: Benchmark = {
  name: 'cin-census-import',
  cases: () => [
    { id: 'cin-census-import:embedded', run: (ctx) => run(ctx, 'embedded') },
    { id: 'cin-census-import:postgres', run: (ctx) => run(ctx, 'postgres') },
  ],
};
