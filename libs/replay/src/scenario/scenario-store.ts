import type { EventStore, RecordedEvent } from '@journey-ledger/event-store';
import { DuplicateEventError, WrongExpectedRevisionError } from '@journey-ledger/event-store';
import { v5 as uuidv5 } from 'uuid';
import { parse as parseYaml } from 'yaml';
import { parseScenario, ScenarioContext, CompiledScenario } from './scenario-document';

/** A scenario's versions live in their own stream, per tenant, beside (never inside) the journeys. */
export const scenarioStreamId = (scenarioId: string) => `scenario-${scenarioId}`;
const NAMESPACE = '0b5d7f0e-8d8a-4a57-9a43-7d8f3c5a2e11';

export interface StoredScenario {
  readonly id: string;
  /** 1, 2, …: each save of the same id is a new version. */
  readonly version: number;
  readonly title: string;
  /** The document as the designer wrote it (YAML or JSON). */
  readonly source: string;
  readonly recordedAt: string;
  readonly recordedBy: string;
}

/** A stored scenario as listed: its latest version, without the document text. */
export interface ScenarioListing {
  readonly id: string;
  readonly version: number;
  readonly title: string;
  readonly recordedAt: string;
  readonly recordedBy: string;
  /** What the latest version changes, counted: no text beyond the title. */
  readonly summary: ScenarioSummary;
}

export interface ScenarioSummary {
  readonly changes: number;
  readonly newTeams: number;
  readonly leadPractitioner: string | null;
}

export interface ScenarioPage {
  readonly scenarios: readonly ScenarioListing[];
  readonly total: number;
  readonly limit: number;
  readonly offset: number;
}

/** Counts from a document that was validated when it was stored. */
export function summariseScenario(source: string): ScenarioSummary {
  const doc = (parseYaml(source, { maxAliasCount: 100 }) ?? {}) as { changes?: unknown; newTeams?: unknown; leadPractitioner?: unknown };
  return {
    changes: Array.isArray(doc.changes) ? doc.changes.length : 0,
    newTeams: Array.isArray(doc.newTeams) ? doc.newTeams.length : 0,
    leadPractitioner: typeof doc.leadPractitioner === 'string' ? doc.leadPractitioner : null,
  };
}

export class ScenarioNotFound extends Error {
  constructor(
    readonly scenarioId: string,
    readonly version?: number,
  ) {
    super(`scenario ${scenarioId}${version !== undefined ? ` version ${version}` : ''} not found`);
    this.name = 'ScenarioNotFound';
  }
}

function toStored(e: RecordedEvent): StoredScenario {
  const d = e.data as { scenarioId: string; version: number; title: string; source: string };
  const actor = (e.metadata as { actor?: { userId?: string } }).actor;
  return { id: d.scenarioId, version: d.version, title: d.title, source: d.source, recordedAt: e.recordedAt, recordedBy: actor?.userId ?? 'unknown' };
}

/** Stores validated scenario documents as `ScenarioVersionRecorded` events through the EventStore port. */
export class ScenarioRepository {
  constructor(private readonly store: EventStore) {}

  /** Validates and stores a new version; returns it with its compiled form. */
  async save(
    source: string,
    ctx: ScenarioContext,
    actor: { userId: string; role: string },
    commandId?: string,
  ): Promise<{ stored: StoredScenario; scenario: CompiledScenario }> {
    const scenario = parseScenario(source, ctx);
    const id = scenario.document.id;
    for (let attempt = 0; ; attempt++) {
      const revision = await this.store.streamRevision(ctx.tenantId, scenarioStreamId(id));
      const version = (revision ?? -1) + 2;
      const eventId = uuidv5(`${ctx.tenantId}/scenario/${id}/${commandId ?? `${version}/${Date.now()}/${Math.random()}`}`, NAMESPACE);
      try {
        await this.store.appendToStream({
          tenantId: ctx.tenantId,
          streamId: scenarioStreamId(id),
          expectedRevision: revision ?? 'no_stream',
          events: [
            {
              eventId,
              type: 'ScenarioVersionRecorded',
              version: 1,
              data: { scenarioId: id, version, title: scenario.document.title, format: scenario.document.format, source },
              metadata: { tenantId: ctx.tenantId, actor, causationId: commandId ?? null },
            },
          ],
        });
        const stored = await this.get(ctx.tenantId, id, version);
        return { stored, scenario };
      } catch (e) {
        if (e instanceof WrongExpectedRevisionError && attempt < 3) continue;
        if (e instanceof DuplicateEventError && commandId !== undefined) {
          // The same command again: answer with the version it saved the first time.
          const first = (await this.store.readStream(ctx.tenantId, scenarioStreamId(id))).find((x) => x.eventId === eventId);
          if (first !== undefined) return { stored: await this.get(ctx.tenantId, id, (first.data as { version: number }).version), scenario };
        }
        throw e;
      }
    }
  }

  /**
   * The tenant's scenarios, most recently saved first, one entry per scenario (its latest version).
   * The store lists the tenant's `scenario-` streams from its stream heads and each one's last
   * event is read, so the cost follows the number of scenarios, not the size of the log.
   */
  async list(tenantId: string, page: { limit: number; offset: number }): Promise<ScenarioPage> {
    const streams = await this.store.streamsWithPrefix(tenantId, scenarioStreamId(''));
    const lastEvents = await Promise.all(
      streams.map(async (s) => (await this.store.readStream(tenantId, s.streamId, { fromRevision: s.revision, maxCount: 1 }))[0]),
    );
    const latest: { position: number; listing: ScenarioListing }[] = [];
    for (const e of lastEvents) {
      if (e === undefined || e.type !== 'ScenarioVersionRecorded') continue;
      const stored = toStored(e);
      const { source: _source, ...listing } = stored;
      latest.push({ position: e.position, listing: { ...listing, summary: summariseScenario(stored.source) } });
    }
    latest.sort((a, b) => b.position - a.position);
    return {
      scenarios: latest.slice(page.offset, page.offset + page.limit).map((l) => l.listing),
      total: latest.length,
      limit: page.limit,
      offset: page.offset,
    };
  }

  async versions(tenantId: string, scenarioId: string): Promise<StoredScenario[]> {
    const events = await this.store.readStream(tenantId, scenarioStreamId(scenarioId));
    return events.filter((e) => e.type === 'ScenarioVersionRecorded').map(toStored);
  }

  /** The latest version, or the one asked for. */
  async get(tenantId: string, scenarioId: string, version?: number): Promise<StoredScenario> {
    const all = await this.versions(tenantId, scenarioId);
    const found = version === undefined ? all[all.length - 1] : all.find((v) => v.version === version);
    if (found === undefined) throw new ScenarioNotFound(scenarioId, version);
    return found;
  }
}
