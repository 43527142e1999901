import { randomUUID } from 'node:crypto';
import { v5 as uuidv5 } from 'uuid';
import { WrongExpectedRevisionError } from '@journey-ledger/event-store';
import type { AppendRequest, EventStore, EventToAppend, RecordedEvent } from '@journey-ledger/event-store';

/**
 * The access log: every read of a child's journey (or of a child's personal data) is an event
 * in the event store, through the same port, so it is tenant-scoped and hash-chained like the
 * journeys themselves.
 *
 * Each access is written atomically (one `appendBatch`) to two streams of the caller's tenant:
 * - `access-journey-<journeyId>` (or `access-child-<childRef>` for personal data): who has looked
 *   at this child, the question auditors ask first;
 * - `access-user-<userId>`: what this user has looked at.
 * Both copies carry the same `accessId`. The streams do not start with `journey-`, so the
 * projections never mistake them for journeys.
 */
export const ACCESS_EVENT_TYPE = 'JourneyAccessed';
export const PERSONAL_DATA_ACCESS_EVENT_TYPE = 'PersonalDataAccessed';
/**
 * One read of a page of journeys (an export): a single event in the user's stream naming every
 * journey of the page. Writing one access event per journey made an export an append job bound
 * by the store's write rate; the `access-pages` read model indexes these events by journey so
 * that "who read this journey" still finds every export that included it.
 */
export const PAGE_ACCESS_EVENT_TYPE = 'JourneysAccessed';

export const accessJourneyStream = (journeyId: string) => `access-journey-${journeyId}`;
export const accessChildStream = (childRef: string) => `access-child-${childRef}`;
/** The streams of what each user has looked at: the only ones that hold page accesses (`JourneysAccessed`). */
export const ACCESS_USER_STREAM_PREFIX = 'access-user-';
export const accessUserStream = (userId: string) => `${ACCESS_USER_STREAM_PREFIX}${userId}`;
export const isAccessLogStream = (streamId: string) => streamId.startsWith('access-');

/** What kind of read it was: the route's purpose. */
export type AccessAction = 'view' | 'events' | 'replay' | 'audit' | 'export' | 'personal-data' | 'read';

export interface AccessRecord {
  readonly tenantId: string;
  readonly userId: string;
  readonly roles: readonly string[];
  readonly correlationId: string;
  readonly action: AccessAction;
  /** The route pattern (never the URL: no query strings in the log). */
  readonly route: string;
  readonly journeyId?: string;
  readonly childRef?: string;
}

export interface AccessLogEntry {
  readonly accessId: string;
  readonly at: string;
  readonly userId: string;
  readonly roles: readonly string[];
  readonly action: AccessAction;
  readonly route: string;
  readonly journeyId: string | null;
  readonly childRef: string | null;
  readonly correlationId: string;
  readonly position: number;
  readonly hash: string;
}

/** Where "who read this journey" finds the pages (exports) that named it: the `access-pages` read model. */
export interface AccessPageIndex {
  /** The page accesses naming the journey, each as an entry for that journey (oldest first). */
  entriesNaming(tenantId: string, journeyId: string): Promise<AccessLogEntry[]>;
}

export interface AccessLogOptions {
  readonly clock?: () => Date;
  readonly maxAttempts?: number;
  /** Without it, `byJourney` sees only accesses recorded one journey at a time. */
  readonly pages?: AccessPageIndex;
}

const ACCESS_NAMESPACE = 'b0c6f0a4-5f8e-4f55-8f4e-3c7a0e0d9a11';

export class AccessLog {
  private readonly clock: () => Date;
  private readonly maxAttempts: number;
  private readonly pages: AccessPageIndex | undefined;

  constructor(
    private readonly store: EventStore,
    options: AccessLogOptions = {},
  ) {
    this.clock = options.clock ?? (() => new Date());
    this.maxAttempts = options.maxAttempts ?? 6;
    this.pages = options.pages;
  }

  /** Appends the access to both streams; resolves once it is durable. */
  async record(r: AccessRecord): Promise<string> {
    if (r.journeyId === undefined && r.childRef === undefined) throw new Error('an access names a journey or a child');
    const accessId = randomUUID();
    const at = this.clock().toISOString();
    const data = {
      accessId,
      userId: r.userId,
      roles: [...r.roles],
      action: r.action,
      route: r.route,
      journeyId: r.journeyId ?? null,
      childRef: r.childRef ?? null,
    };
    const metadata = {
      occurredAt: at,
      tenantId: r.tenantId,
      actor: { userId: r.userId, role: r.roles[0] ?? 'none' },
      correlationId: r.correlationId,
      causationId: r.correlationId,
      ...(r.journeyId !== undefined ? { journeyId: r.journeyId } : {}),
    };
    const type = r.journeyId !== undefined ? ACCESS_EVENT_TYPE : PERSONAL_DATA_ACCESS_EVENT_TYPE;
    const subject = r.journeyId !== undefined ? accessJourneyStream(r.journeyId) : accessChildStream(r.childRef as string);
    const events = (suffix: string): EventToAppend[] => [{ eventId: uuidv5(`${accessId}/${suffix}`, ACCESS_NAMESPACE), type, version: 1, data, metadata }];
    await this.append([
      { tenantId: r.tenantId, streamId: subject, events: events('subject'), expectedRevision: 'any' },
      { tenantId: r.tenantId, streamId: accessUserStream(r.userId), events: events('user'), expectedRevision: 'any' },
    ]);
    return accessId;
  }

  private async append(requests: readonly AppendRequest[]): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.store.appendBatch(requests);
        return;
      } catch (e) {
        // Two first accesses racing to create a stream: the loser tries again.
        if (e instanceof WrongExpectedRevisionError && attempt < this.maxAttempts) continue;
        throw e;
      }
    }
  }

  /**
   * One read of many journeys (an export, a page of search results, a family): an access event in each journey's stream and one per
   * journey in the user's stream, all in one `appendBatch`. Resolves once durable; a caller sends
   * the journeys only after that.
   */
  async recordMany(r: Omit<AccessRecord, 'journeyId' | 'childRef'>, journeyIds: readonly string[]): Promise<void> {
    if (journeyIds.length === 0) return;
    const at = this.clock().toISOString();
    const userEvents: EventToAppend[] = [];
    const requests = journeyIds.map((journeyId) => {
      const accessId = randomUUID();
      const data = { accessId, userId: r.userId, roles: [...r.roles], action: r.action, route: r.route, journeyId, childRef: null };
      const metadata = {
        occurredAt: at,
        tenantId: r.tenantId,
        actor: { userId: r.userId, role: r.roles[0] ?? 'none' },
        correlationId: r.correlationId,
        causationId: r.correlationId,
        journeyId,
      };
      userEvents.push({ eventId: uuidv5(`${accessId}/user`, ACCESS_NAMESPACE), type: ACCESS_EVENT_TYPE, version: 1, data, metadata });
      return {
        tenantId: r.tenantId,
        streamId: accessJourneyStream(journeyId),
        events: [{ eventId: uuidv5(`${accessId}/subject`, ACCESS_NAMESPACE), type: ACCESS_EVENT_TYPE, version: 1, data, metadata }],
        expectedRevision: 'any' as const,
      };
    });
    await this.append([...requests, { tenantId: r.tenantId, streamId: accessUserStream(r.userId), events: userEvents, expectedRevision: 'any' }]);
  }

  /**
   * One read of a page of journeys (an export): one event in the user's stream naming them all,
   * durable before it resolves; a caller sends the journeys only after that. The journeys' own
   * access streams are not written: the `access-pages` read model indexes the event by journey.
   */
  async recordPage(r: Omit<AccessRecord, 'journeyId' | 'childRef'>, journeyIds: readonly string[]): Promise<string | undefined> {
    if (journeyIds.length === 0) return undefined;
    const accessId = randomUUID();
    const data = { accessId, userId: r.userId, roles: [...r.roles], action: r.action, route: r.route, journeyIds: [...journeyIds] };
    const metadata = {
      occurredAt: this.clock().toISOString(),
      tenantId: r.tenantId,
      actor: { userId: r.userId, role: r.roles[0] ?? 'none' },
      correlationId: r.correlationId,
      causationId: r.correlationId,
    };
    await this.append([
      {
        tenantId: r.tenantId,
        streamId: accessUserStream(r.userId),
        events: [{ eventId: uuidv5(`${accessId}/user`, ACCESS_NAMESPACE), type: PAGE_ACCESS_EVENT_TYPE, version: 1, data, metadata }],
        expectedRevision: 'any',
      },
    ]);
    return accessId;
  }

  /** Who looked at a journey (oldest first), one at a time or in a page, optionally only one user. */
  async byJourney(tenantId: string, journeyId: string, userId?: string): Promise<AccessLogEntry[]> {
    const own = (await this.store.readStream(tenantId, accessJourneyStream(journeyId))).map(toEntry);
    const paged = this.pages === undefined ? [] : await this.pages.entriesNaming(tenantId, journeyId);
    const entries = paged.length === 0 ? own : [...own, ...paged].sort((a, b) => a.position - b.position);
    return userId === undefined ? entries : entries.filter((e) => e.userId === userId);
  }

  /** Whose personal data a user or anyone has read (oldest first). */
  async byChild(tenantId: string, childRef: string, userId?: string): Promise<AccessLogEntry[]> {
    const entries = (await this.store.readStream(tenantId, accessChildStream(childRef))).map(toEntry);
    return userId === undefined ? entries : entries.filter((e) => e.userId === userId);
  }

  /** What a user has looked at (oldest first); a page access gives one entry per journey it named. */
  async byUser(tenantId: string, userId: string): Promise<AccessLogEntry[]> {
    return (await this.store.readStream(tenantId, accessUserStream(userId))).flatMap((e) =>
      e.type === PAGE_ACCESS_EVENT_TYPE ? entriesOfPage(e) : [toEntry(e)],
    );
  }
}

/** A page access as one entry per journey it named, each carrying the page event's position and hash. */
export function entriesOfPage(e: RecordedEvent): AccessLogEntry[] {
  const d = e.data as { journeyIds?: unknown };
  const ids = Array.isArray(d.journeyIds) ? (d.journeyIds as string[]) : [];
  const base = toEntry(e);
  return ids.map((journeyId) => ({ ...base, journeyId }));
}

function toEntry(e: RecordedEvent): AccessLogEntry {
  const d = e.data as Record<string, unknown>;
  const m = e.metadata as Record<string, unknown>;
  return {
    accessId: String(d.accessId),
    at: String(m.occurredAt),
    userId: String(d.userId),
    roles: (d.roles as string[]) ?? [],
    action: d.action as AccessAction,
    route: String(d.route),
    journeyId: (d.journeyId as string | null) ?? null,
    childRef: (d.childRef as string | null) ?? null,
    correlationId: String(m.correlationId),
    position: e.position,
    hash: e.hash,
  };
}
