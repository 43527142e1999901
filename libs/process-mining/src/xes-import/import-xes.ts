import { v5 as uuidv5 } from 'uuid';
import { TeamDirectory } from '@journey-ledger/domain';
import type { JourneyCommand, Team, TenantConfig } from '@journey-ledger/domain';
import type { EventStore } from '@journey-ledger/event-store';
import { BulkWriter } from '@journey-ledger/ingest';
import type { IdentifiedCommand, JourneyCommands } from '@journey-ledger/ingest';
import { HolderTeams } from './import-mapping';
import type { ImportMapping } from './import-mapping';
import { readXesTraces, XesFormatError } from './xes-reader';
import type { XesTrace } from './xes-reader';

const NAMESPACE = '6f1d2a7e-3c1b-4e0a-9a55-0d6c9b1f4e21';
/** XES `xs:dateTime`: a date and time, optional fraction, optional offset. */
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/;

export interface XesImportOptions {
  readonly path: string;
  readonly store: EventStore;
  readonly tenant: TenantConfig;
  /** Names the log within the tenant: journey ids derive from it and the case id, so a re-import writes nothing twice. */
  readonly logId: string;
  readonly mapping: ImportMapping;
  /** Keys holder pseudonyms (`JOURNEY_LEDGER_PSEUDONYM_KEY`). */
  readonly pseudonymKey?: Buffer;
  readonly now?: () => Date;
  readonly actor?: { readonly userId: string; readonly role: string };
  readonly batchJourneys?: number;
  /** Per trace and per phase, for a progress bar: `phase` 1 checks the file, 2 writes. */
  readonly onProgress?: (p: { readonly phase: 1 | 2; readonly traces: number; readonly bytes: number }) => void;
  /** The first pass, when the caller has already made it (`surveyXes`). */
  readonly surveyed?: XesSurvey;
}

export type TraceRejectionCode = 'NoCaseId' | 'DuplicateCaseId' | 'NoEvents' | 'NoTimestamp' | 'BadTimestamp' | 'NoActivity' | string;

export interface TraceRejection {
  readonly trace: number;
  readonly caseId?: string;
  readonly code: TraceRejectionCode;
  readonly message: string;
}

export interface XesImportReport {
  readonly logId: string;
  readonly tenantId: string;
  readonly holderAttribute: string;
  /** In the file. */
  readonly traces: number;
  readonly events: number;
  /** Journeys written now, and those a previous import had already written (nothing written twice). */
  readonly journeysWritten: number;
  readonly journeysAlreadyImported: number;
  readonly eventsWritten: number;
  /** Cases and events of the traces imported (now or before), and the holder changes among them. */
  readonly cases: number;
  readonly caseEvents: number;
  readonly handovers: number;
  /** Traces whose events were not in time order in the file (they are imported in time order). */
  readonly reordered: number;
  readonly rejectedTraces: number;
  readonly rejectionsByCode: Record<string, number>;
  /** The first 100 rejected traces. */
  readonly rejections: readonly TraceRejection[];
  /** What could not be mapped onto the ledger's concepts. */
  readonly unmapped: {
    readonly eventsWithoutHolder: number;
    readonly tracesWithoutHolder: number;
    readonly activitiesIgnored: Record<string, number>;
  };
  /** Teams the log introduced (add them to the tenant's team map). */
  readonly teamsFound: readonly Team[];
}

/** What the first pass learnt of the whole file: enough to refuse it before anything is written. */
export interface XesSurvey {
  traces: number;
  events: number;
  timestamps: number;
  withOffset: number;
  withoutOffset: number;
  caseIds: Map<string, number>;
}

/**
 * Pass 1: reads the whole file before anything is written, so a broken or unsafe file leaves
 * nothing behind. Throws `XesFormatError` for a file that cannot be imported at all. An upload
 * runs it before answering, so such a file is refused at once.
 */
export async function surveyXes(options: Pick<XesImportOptions, 'path' | 'mapping' | 'onProgress'>): Promise<XesSurvey> {
  const s: XesSurvey = { traces: 0, events: 0, timestamps: 0, withOffset: 0, withoutOffset: 0, caseIds: new Map() };
  for await (const t of readXesTraces(options.path, {
    holderAttribute: options.mapping.holderAttribute,
    onBytes: (bytes) => options.onProgress?.({ phase: 1, traces: s.traces, bytes }),
  })) {
    s.traces++;
    s.events += t.events.length;
    if (t.caseId !== undefined) s.caseIds.set(t.caseId, (s.caseIds.get(t.caseId) ?? 0) + 1);
    for (const e of t.events) {
      if (e.timestamp === undefined) continue;
      s.timestamps++;
      const m = DATE_TIME.exec(e.timestamp);
      if (m === null) continue;
      if (m[8] === undefined) s.withoutOffset++;
      else s.withOffset++;
    }
  }
  if (s.traces === 0) throw new XesFormatError('NoTraces', 'the log has no traces');
  if (s.timestamps === 0) throw new XesFormatError('NoTimestamps', 'no event of the log has a time:timestamp: a journey needs the time of each step');
  if (s.withOffset > 0 && s.withoutOffset > 0) {
    throw new XesFormatError(
      'MixedTimeZones',
      `${s.withoutOffset} timestamps have no UTC offset and ${s.withOffset} have one: the ones without cannot be placed in time; give every timestamp an offset`,
    );
  }
  return s;
}

interface Step {
  readonly activity: string;
  readonly lifecycle?: string;
  readonly at: string;
  readonly atMs: number;
  readonly holderValue?: string;
  readonly order: number;
}

type Planned = { readonly ok: true; readonly journey: JourneyCommands<TraceRef> } | { readonly ok: false; readonly rejection: TraceRejection };

interface TraceRef {
  readonly trace: number;
  readonly caseId: string;
  readonly events: number;
  readonly handovers: number;
}

/**
 * Imports an XES log into a tenant: each trace becomes a journey, each event an `ActivityRecorded`
 * (or what the mapping says) held by the team named by the holder attribute; a change of holder
 * between consecutive events is a handover (the decider records it). Events are put in time order
 * (a stable sort: equal times keep file order). An event without the holder attribute stays with
 * the holder before it; events before the first named holder go to that holder; a trace with no
 * holder at all is held by team `unassigned`. A trace is all or nothing; a file that cannot be
 * read as XES writes nothing.
 */
export async function importXes(options: XesImportOptions): Promise<XesImportReport> {
  const surveyed = options.surveyed ?? (await surveyXes(options));
  const { mapping, tenant } = options;
  const teams = new HolderTeams(mapping, options.pseudonymKey);
  const actor = options.actor ?? { userId: 'xes-import', role: 'recorder' };
  const rejections: TraceRejection[] = [];
  const rejectionsByCode: Record<string, number> = {};
  const activitiesIgnored: Record<string, number> = {};
  let eventsWithoutHolder = 0;
  let tracesWithoutHolder = 0;
  let reordered = 0;
  let cases = 0;
  let caseEvents = 0;
  let handovers = 0;
  const reject = (r: TraceRejection) => {
    rejectionsByCode[r.code] = (rejectionsByCode[r.code] ?? 0) + 1;
    if (rejections.length < 100) rejections.push(r);
  };

  const plan = (t: XesTrace): Planned => {
    const no = (code: string, message: string): Planned => ({ ok: false, rejection: { trace: t.index, caseId: t.caseId, code, message } });
    if (t.caseId === undefined || t.caseId === '') return no('NoCaseId', 'the trace has no concept:name (case id)');
    if ((surveyed.caseIds.get(t.caseId) ?? 0) > 1)
      return no('DuplicateCaseId', `case id "${t.caseId}" names ${surveyed.caseIds.get(t.caseId)} traces: none of them is imported`);
    if (t.events.length === 0) return no('NoEvents', 'the trace has no events');
    const steps: Step[] = [];
    for (let i = 0; i < t.events.length; i++) {
      const e = t.events[i];
      if (e.timestamp === undefined) return no('NoTimestamp', `event ${i + 1} has no time:timestamp`);
      const m = DATE_TIME.exec(e.timestamp);
      const atMs = m === null ? NaN : Date.parse(m[8] === undefined ? `${e.timestamp}Z` : e.timestamp);
      if (Number.isNaN(atMs)) return no('BadTimestamp', `event ${i + 1}: "${e.timestamp.slice(0, 40)}" is not an XES date-time`);
      if (e.activity === undefined || e.activity.trim() === '') return no('NoActivity', `event ${i + 1} has no concept:name (activity)`);
      steps.push({ activity: e.activity, lifecycle: e.lifecycle, at: new Date(atMs).toISOString(), atMs, holderValue: e.holder, order: i });
    }
    if (steps.some((s, i) => i > 0 && s.atMs < steps[i - 1].atMs)) {
      steps.sort((a, b) => a.atMs - b.atMs || a.order - b.order);
      reordered++;
    }
    const firstHolder = steps.find((s) => s.holderValue !== undefined)?.holderValue;
    let holder = firstHolder === undefined ? 'unassigned' : teams.teamFor(firstHolder);
    const journeyId = uuidv5(`${tenant.id}/${options.logId}/${t.caseId}`, NAMESPACE);
    const commands: IdentifiedCommand[] = [];
    const ignored: string[] = [];
    let moves = 0;
    let withoutHolder = 0;
    steps.forEach((s, i) => {
      if (s.holderValue === undefined) withoutHolder++;
      else {
        const next = teams.teamFor(s.holderValue);
        if (next !== holder && i > 0) moves++;
        holder = next;
      }
      const m = mapping.activities.get(s.activity) ?? { event: 'ActivityRecorded' as const };
      if (m.event === 'ignore') {
        ignored.push(s.activity);
        return;
      }
      const command: JourneyCommand =
        m.event === 'JourneyClosed'
          ? { type: 'CloseJourney', data: { reason: m.reason, team: holder, occurredAt: s.at } }
          : {
              type: 'RecordActivity',
              data: { activity: s.activity, ...(s.lifecycle !== undefined ? { lifecycle: s.lifecycle } : {}), team: holder, occurredAt: s.at },
            };
      commands.push({ commandId: uuidv5(`${journeyId}/${i}`, NAMESPACE), command });
    });
    if (commands.length === 0) return no('NothingMapped', 'every activity of the trace is mapped to ignore');
    // Counted only for traces that go on to be imported (see the outcome below).
    const ref: TraceRef & { ignored: string[]; withoutHolder: number; noHolder: boolean } = {
      trace: t.index,
      caseId: t.caseId,
      events: steps.length,
      handovers: moves,
      ignored,
      withoutHolder,
      noHolder: firstHolder === undefined,
    };
    return { ok: true, journey: { tenantId: tenant.id, journeyId, correlationId: journeyId, actor, commands, ref } };
  };

  // Teams are only known as the file is read again, so the decider sees the tenant's map plus every team found so far.
  const directory = () => new TeamDirectory([...tenant.teams, ...teams.teams().filter((t) => !tenant.teams.some((x) => x.id === t.id)), unassigned]);
  let current = directory();
  let known = 0;
  const writer = new BulkWriter<TraceRef>({
    store: options.store,
    teamsFor: (tenantId) => {
      if (tenantId !== tenant.id) return undefined;
      const n = teams.teams().length;
      if (n !== known) {
        known = n;
        current = directory();
      }
      return current;
    },
    now: options.now,
    batchJourneys: options.batchJourneys ?? 500,
    onOutcome: (journey, outcome) => {
      const ref = journey.ref as TraceRef & { ignored: string[]; withoutHolder: number; noHolder: boolean };
      if (outcome.status === 'rejected') {
        reject({ trace: ref.trace, caseId: ref.caseId, code: outcome.code, message: `event ${outcome.commandIndex + 1}: ${outcome.message}` });
        return;
      }
      cases++;
      caseEvents += ref.events;
      handovers += ref.handovers;
      eventsWithoutHolder += ref.withoutHolder;
      if (ref.noHolder) tracesWithoutHolder++;
      for (const a of ref.ignored) activitiesIgnored[a] = (activitiesIgnored[a] ?? 0) + 1;
    },
  });

  let tracesRead = 0;
  async function* journeys(): AsyncGenerator<JourneyCommands<TraceRef>> {
    for await (const t of readXesTraces(options.path, {
      holderAttribute: mapping.holderAttribute,
      onBytes: (bytes) => options.onProgress?.({ phase: 2, traces: tracesRead, bytes }),
    })) {
      tracesRead++;
      const p = plan(t);
      if (p.ok) yield p.journey;
      else reject(p.rejection);
    }
  }
  const written = await writer.write(journeys());
  const found = teams.teams().filter((t) => !tenant.teams.some((x) => x.id === t.id));
  if (tracesWithoutHolder > 0) found.push(unassigned);
  return {
    logId: options.logId,
    tenantId: tenant.id,
    holderAttribute: mapping.holderAttribute,
    traces: surveyed.traces,
    events: surveyed.events,
    journeysWritten: written.written,
    journeysAlreadyImported: written.skipped,
    eventsWritten: written.events,
    cases,
    caseEvents,
    handovers,
    reordered,
    rejectedTraces: Object.values(rejectionsByCode).reduce((a, b) => a + b, 0),
    rejectionsByCode,
    rejections,
    unmapped: { eventsWithoutHolder, tracesWithoutHolder, activitiesIgnored },
    teamsFound: found,
  };
}

const unassigned: Team = { id: 'unassigned', name: 'No holder named in the log', tier: 'unknown', area: 'imported' };
