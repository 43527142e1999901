import { createReadStream, createWriteStream, existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { SaxesParser } from 'saxes';
import { PostgresEventStore } from '@journey-ledger/event-store';
import type { AppendRequest, EventStore } from '@journey-ledger/event-store';
import type { PostgresDatabase } from '@journey-ledger/sql';
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

async function importFile(path: string, store: EventStore, ctx: BenchContext) {
  const started = performance.now();
  const report = await importCinCensus(createReadStream(path, { highWaterMark: 256 * 1024 }), {
    store,
    tenant: loadTenantConfig(ctx.tenant),
    source: 'generated',
  });
  const seconds = (performance.now() - started) / 1000;
  const children = report.lists.children;
  if (children.rejected > 0) throw new Error(`${children.rejected} children rejected: ${JSON.stringify(report.rejects.slice(0, 3))}`);
  return { report, seconds, children };
}

/**
 * The generated return of `ctx.journeys` children, written once and shared by the cases of one
 * store (each case is a process of its own, so that its peak memory is its own); the last case of
 * the store removes it. An England-size return is about half a gigabyte.
 */
async function sharedReturn(ctx: BenchContext): Promise<{ path: string; episodes: number; mb: number }> {
  const path = join(tmpdir(), `jl-bench-cin-${ctx.journeys}-${ctx.seed}.xml`);
  const counted = `${path}.referrals`;
  if (!existsSync(path) || !existsSync(counted)) {
    const partial = `${path}.${process.pid}.part`;
    const episodes = await writeCinReturn(partial, ctx.journeys, Number(ctx.seed) || 1);
    renameSync(partial, path);
    writeFileSync(counted, String(episodes));
  }
  return { path, episodes: Number(readFileSync(counted, 'utf8')), mb: Math.round(statSync(path).size / 1048576) };
}

function removeSharedReturn(path: string): void {
  for (const f of [path, `${path}.referrals`, `${path}.events`]) rmSync(f, { force: true });
}

type Subject = 'raw' | 'discard' | 'ours' | 'insert-path';

/**
 * One subject of one store, on the shared file: the import into a store that keeps nothing (parse, census rules, decider, event ids), the raw parse (the ceiling), the real import, and on
 * PostgreSQL the real import with COPY turned off (the insert path it replaced), each in a fresh
 * store. `ctx.journeys` is the number of children: 20,000 is a large county, 540,000 (about
 * 650,000 referrals) is England.
 */
async function run(ctx: BenchContext, kind: 'embedded' | 'postgres', subject: Subject, last: boolean): Promise<BenchResult> {
  const file = await sharedReturn(ctx);
  const perChild = (s: number) => rate(ctx.journeys, s);
  const base = { benchmark: 'cin-census-import', store: kind } as const;
  try {
    if (subject === 'raw') {
      const raw = await rawParse(file.path);
      // The parse's rate in the events the import makes of the same file (counted by the case before), so that the ratios compare like with like.
      const events = existsSync(`${file.path}.events`) ? Number(readFileSync(`${file.path}.events`, 'utf8')) : 0;
      return {
        ...base,
        subject: 'raw saxes parse',
        journeys: file.episodes,
        events,
        seconds: raw.seconds,
        eventsPerSecond: rate(events, raw.seconds),
        peakRssMb: peakRssMb(),
        note: `${ctx.journeys} children, ${file.episodes} referrals, ${file.mb} MB file parsed only (${raw.elements} elements, ${perChild(raw.seconds)} children/s): the ceiling`,
      };
    }
    if (subject === 'discard') {
      const dry = await importFile(file.path, discardingStore(), ctx);
      writeFileSync(`${file.path}.events`, String(dry.report.events));
      return {
        ...base,
        subject: 'import, store discards',
        journeys: dry.report.journeys.written,
        events: dry.report.events,
        seconds: dry.seconds,
        eventsPerSecond: rate(dry.report.events, dry.seconds),
        peakRssMb: peakRssMb(),
        note: `${perChild(dry.seconds)} children/s: parse, census rules, decider, event ids; appendBatch keeps nothing`,
        compareTo: ['raw saxes parse'],
      };
    }
    const opened = await openBenchStore(ctx, kind);
    try {
      const store =
        subject === 'insert-path' ? new PostgresEventStore(opened.db as PostgresDatabase, undefined, undefined, { copyFromEvents: Infinity }) : opened.store;
      const real = await importFile(file.path, store, ctx);
      return {
        ...base,
        subject: subject === 'ours' ? 'ours' : 'ours, insert without COPY',
        journeys: real.report.journeys.written,
        events: real.report.events,
        seconds: real.seconds,
        eventsPerSecond: rate(real.report.events, real.seconds),
        peakRssMb: peakRssMb(),
        note:
          subject === 'ours'
            ? `${real.children.loaded} children (${perChild(real.seconds)}/s): streamed, census rules, decider, appendBatch (hash chain, seal, commit${kind === 'postgres' ? ', COPY' : ''})`
            : `${real.children.loaded} children (${perChild(real.seconds)}/s): the same with every batch inserted from array parameters (the path before COPY)`,
        compareTo: subject === 'ours' ? ['raw saxes parse', 'import, store discards', 'ours, insert without COPY'] : ['raw saxes parse', 'ours'],
      };
    } finally {
      await opened.dispose();
    }
  } finally {
    if (last) removeSharedReturn(file.path);
  }
}

export const cinCensusImport: Benchmark = {
  name: 'cin-census-import',
  cases: () =>
    (['embedded', 'postgres'] as const).flatMap((kind) => {
      const subjects: Subject[] = kind === 'postgres' ? ['discard', 'raw', 'insert-path', 'ours'] : ['discard', 'raw', 'ours'];
      return subjects.map((subject, i) => ({
        id: `cin-census-import:${subject}:${kind}`,
        run: (ctx: BenchContext) => run(ctx, kind, subject, i === subjects.length - 1),
      }));
    }),
};
