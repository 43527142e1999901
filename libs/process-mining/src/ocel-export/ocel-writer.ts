import type { RecordedJourneyEvent, TeamDirectory } from '@journey-ledger/domain';
import { JOURNEY_EVENT_TYPES } from '@journey-ledger/domain';
import type { JourneyCase } from '../journey-log/journey-log';
import { journeyLevelOfNeed, journeySource } from '../journey-log/journey-log';
import type { ExportCounts } from '../xes-export/xes-writer';

/** Asked for an export that would hold no journey (e.g. a period with none): nothing is sent. */
export class NoJourneysError extends Error {
  constructor() {
    super('no journeys match: nothing to export');
    this.name = 'NoJourneysError';
  }
}

interface OcelAttribute {
  readonly name: string;
  readonly value: string;
  readonly time?: string;
}
interface OcelRelationship {
  readonly objectId: string;
  readonly qualifier: string;
}
interface OcelObject {
  readonly id: string;
  readonly type: string;
  readonly attributes: OcelAttribute[];
  readonly relationships: OcelRelationship[];
}

/** Before any recorded time: a value an object had from the start (OCEL 2.0's convention). */
const ALWAYS = '1970-01-01T00:00:00Z';

const EVENT_ATTRIBUTES = [
  'holder',
  'team',
  'fromTeam',
  'toTeam',
  'reason',
  'outcome',
  'kind',
  'source',
  'channel',
  'levelOfNeed',
  'primaryNeedCode',
  'activity',
  'lifecycle',
] as const;
const OBJECT_TYPES: Record<string, readonly string[]> = {
  child: [],
  journey: ['holder', 'status', 'source', 'levelOfNeed', 'handovers'],
  team: ['name', 'tier', 'area'],
  referral: ['source', 'primaryNeedCode'],
  assessment: ['kind', 'outcome'],
  plan: ['kind', 'status'],
};

export const objectId = {
  child: (ref: string) => `child:${ref}`,
  journey: (id: string) => `journey:${id}`,
  team: (id: string) => `team:${id}`,
  referral: (journeyId: string, id: string) => `referral:${journeyId}:${id}`,
  assessment: (journeyId: string, id: string) => `assessment:${journeyId}:${id}`,
  plan: (journeyId: string, id: string) => `plan:${journeyId}:${id}`,
};

const attributeTypes = (names: readonly string[]) => names.map((name) => ({ name, type: 'string' }));

function ocelEvent(c: JourneyCase, e: RecordedJourneyEvent, holder: string) {
  const data = e.data as unknown as Record<string, unknown>;
  const attributes: OcelAttribute[] = [{ name: 'holder', value: holder }];
  for (const k of EVENT_ATTRIBUTES) if (k !== 'holder' && typeof data[k] === 'string') attributes.push({ name: k, value: data[k] as string });
  const relationships: OcelRelationship[] = [
    { objectId: objectId.journey(c.journeyId), qualifier: 'journey' },
    { objectId: objectId.team(holder), qualifier: 'holder' },
  ];
  if (c.state.childRef !== undefined) relationships.push({ objectId: objectId.child(c.state.childRef), qualifier: 'child' });
  if (typeof data.fromTeam === 'string') relationships.push({ objectId: objectId.team(data.fromTeam), qualifier: 'from-team' });
  if (typeof data.toTeam === 'string') relationships.push({ objectId: objectId.team(data.toTeam), qualifier: 'to-team' });
  if (typeof data.team === 'string' && data.team !== holder) relationships.push({ objectId: objectId.team(data.team), qualifier: 'team' });
  if (typeof data.referralId === 'string') relationships.push({ objectId: objectId.referral(c.journeyId, data.referralId), qualifier: 'referral' });
  if (typeof data.assessmentId === 'string') relationships.push({ objectId: objectId.assessment(c.journeyId, data.assessmentId), qualifier: 'assessment' });
  if (typeof data.planId === 'string') relationships.push({ objectId: objectId.plan(c.journeyId, data.planId), qualifier: 'plan' });
  return { id: e.metadata.eventId, type: e.type, time: e.metadata.occurredAt, attributes, relationships };
}

/** A journey's own objects: the journey (holder over time), its referral, assessments and plans. */
function journeyObjects(c: JourneyCase): OcelObject[] {
  const s = c.state;
  const jid = c.journeyId;
  const journey: OcelObject = { id: objectId.journey(jid), type: 'journey', attributes: [], relationships: [] };
  const started = s.startedAt ?? ALWAYS;
  journey.attributes.push({ name: 'status', value: 'open', time: started });
  if (s.closedAt !== undefined) journey.attributes.push({ name: 'status', value: 'closed', time: s.closedAt });
  for (const spell of s.holders) journey.attributes.push({ name: 'holder', value: spell.team, time: spell.from });
  const source = journeySource(s);
  if (source !== undefined) journey.attributes.push({ name: 'source', value: source, time: started });
  const level = journeyLevelOfNeed(s);
  if (level !== undefined) journey.attributes.push({ name: 'levelOfNeed', value: level, time: started });
  let handovers = 0;
  for (const step of c.steps) {
    const t = step.event.type;
    if (t === 'CaseHandedOver' || t === 'SteppedDown' || t === 'SteppedUp')
      journey.attributes.push({ name: 'handovers', value: String(++handovers), time: step.occurredAt });
  }
  if (s.childRef !== undefined) journey.relationships.push({ objectId: objectId.child(s.childRef), qualifier: 'of-child' });
  for (const team of s.teamsTouched) journey.relationships.push({ objectId: objectId.team(team), qualifier: 'touched-by' });
  const out: OcelObject[] = [journey];
  if (s.referral !== undefined) {
    const r = s.referral;
    const id = objectId.referral(jid, r.referralId);
    journey.relationships.push({ objectId: id, qualifier: 'referral' });
    out.push({
      id,
      type: 'referral',
      attributes: [
        { name: 'source', value: r.source, time: r.acceptedAt },
        { name: 'primaryNeedCode', value: r.primaryNeedCode, time: r.acceptedAt },
      ],
      relationships: [{ objectId: objectId.team(r.team), qualifier: 'accepted-by' }],
    });
  }
  for (const x of s.assessments) {
    const id = objectId.assessment(jid, x.assessmentId);
    journey.relationships.push({ objectId: id, qualifier: 'assessment' });
    const attributes: OcelAttribute[] = [{ name: 'kind', value: x.kind, time: x.startedAt }];
    if (x.outcome !== undefined && x.completedAt !== undefined) attributes.push({ name: 'outcome', value: x.outcome, time: x.completedAt });
    out.push({ id, type: 'assessment', attributes, relationships: [{ objectId: objectId.team(x.team), qualifier: 'assessed-by' }] });
  }
  for (const p of s.plans) {
    const id = objectId.plan(jid, p.planId);
    journey.relationships.push({ objectId: id, qualifier: 'plan' });
    const attributes: OcelAttribute[] = [
      { name: 'kind', value: p.kind, time: p.startedAt },
      { name: 'status', value: 'open', time: p.startedAt },
    ];
    if (p.endedAt !== undefined) attributes.push({ name: 'status', value: 'ended', time: p.endedAt });
    out.push({ id, type: 'plan', attributes, relationships: [{ objectId: objectId.team(p.team), qualifier: 'held-by' }] });
  }
  return out;
}

export interface OcelExportOptions {
  /** The tenant's team map, for the team objects' name, tier and area. */
  readonly teams?: TeamDirectory;
  readonly chunkSize?: number;
}

/**
 * The journeys as an OCEL 2.0 JSON document, as text chunks. `journeys` is called twice (events
 * first, then objects: one JSON document cannot interleave them), each call reading the store
 * afresh; nothing is held but a chunk, the set of teams and the set of child references already
 * written (one line each per child, not per event). Throws `NoJourneysError` before yielding
 * anything when no journey matches.
 */
export async function* ocelChunks(
  journeys: () => AsyncIterable<JourneyCase>,
  options: OcelExportOptions = {},
  counts: ExportCounts = { journeys: 0, events: 0 },
): AsyncGenerator<string> {
  const chunkSize = options.chunkSize ?? 1 << 16;
  const iterator = journeys()[Symbol.asyncIterator]();
  let next = await iterator.next();
  if (next.done) throw new NoJourneysError();

  const eventTypes = JOURNEY_EVENT_TYPES.filter((t) => t !== 'EntryRecordedInError').map((name) => ({ name, attributes: attributeTypes(EVENT_ATTRIBUTES) }));
  const objectTypes = Object.entries(OBJECT_TYPES).map(([name, attrs]) => ({ name, attributes: attributeTypes(attrs) }));
  let buffer = `{"objectTypes":${JSON.stringify(objectTypes)},\n"eventTypes":${JSON.stringify(eventTypes)},\n"events":[`;
  let first = true;
  const teams = new Set<string>();
  for (; !next.done; next = await iterator.next()) {
    const c = next.value;
    counts.journeys += 1;
    for (const step of c.steps) {
      buffer += (first ? '\n' : ',\n') + JSON.stringify(ocelEvent(c, step.event, step.holder));
      first = false;
      counts.events += 1;
    }
    for (const t of c.state.teamsTouched) teams.add(t);
    if (buffer.length >= chunkSize) {
      yield buffer;
      buffer = '';
    }
  }
  buffer += '],\n"objects":[';
  first = true;
  const children = new Set<string>();
  const put = (o: OcelObject) => {
    buffer += (first ? '\n' : ',\n') + JSON.stringify(o);
    first = false;
  };
  for await (const c of journeys()) {
    const ref = c.state.childRef;
    if (ref !== undefined && !children.has(ref)) {
      children.add(ref);
      put({ id: objectId.child(ref), type: 'child', attributes: [], relationships: [] });
    }
    for (const o of journeyObjects(c)) put(o);
    // Teams named by an event but never holding (e.g. a further contact's team) are objects too.
    for (const step of c.steps) {
      const d = step.event.data as unknown as Record<string, unknown>;
      for (const k of ['team', 'fromTeam', 'toTeam']) if (typeof d[k] === 'string') teams.add(d[k] as string);
      teams.add(step.holder);
    }
    if (buffer.length >= chunkSize) {
      yield buffer;
      buffer = '';
    }
  }
  for (const id of [...teams].sort()) {
    const t = options.teams?.get(id);
    const attributes: OcelAttribute[] =
      t === undefined
        ? []
        : [
            { name: 'name', value: t.name, time: ALWAYS },
            { name: 'tier', value: t.tier, time: ALWAYS },
            { name: 'area', value: t.area, time: ALWAYS },
          ];
    put({ id: objectId.team(id), type: 'team', attributes, relationships: [] });
  }
  yield buffer + '\n]}\n';
}
