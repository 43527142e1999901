import type { SqlDatabase, SqlValue } from '@journey-ledger/sql';

/** What a journey search may filter by; every field optional, all given ones must hold. */
export interface JourneySearch {
  readonly childRef?: string;
  /** A team that held the journey at some point. */
  readonly team?: string;
  readonly outcome?: string;
  readonly minHandovers?: number;
  readonly maxHandovers?: number;
  /** A handover edge of the process map: the journey passed straight from `fromTeam` to `toTeam`. */
  readonly fromTeam?: string;
  readonly toTeam?: string;
  /** First contact on or after `from`, before `to` (instants, ISO-8601). */
  readonly from?: string;
  readonly to?: string;
  readonly page: number;
  readonly pageSize: number;
}

export interface JourneyListItem {
  readonly journeyId: string;
  readonly childRef: string | null;
  readonly status: string;
  readonly outcome: string;
  readonly handovers: number;
  readonly holderPath: string[];
  readonly startedAt: string | null;
  readonly closedAt: string | null;
}

export interface JourneyPage {
  readonly page: number;
  readonly pageSize: number;
  readonly total: number;
  readonly journeys: JourneyListItem[];
}

const iso = (v: unknown): string | null => (v === null || v === undefined ? null : v instanceof Date ? v.toISOString() : String(v));

/**
 * Finds journeys in the journey-facts read model (`journey_summary`), newest first. The holder
 * path is stored as `a>b>c`; wrapping it in delimiters makes "passed straight from a to b" an exact
 * substring test, so team ids that prefix one another never match by accident. Team ids reach
 * here validated as slugs (no `%` or `_` wildcards).
 */
export async function searchJourneys(db: SqlDatabase, tenantId: string, q: JourneySearch): Promise<JourneyPage> {
  const where: string[] = ['tenant_id = $1'];
  const params: SqlValue[] = [tenantId];
  const add = (clause: (p: string) => string, value: SqlValue) => {
    params.push(value);
    where.push(clause(`$${params.length}`));
  };
  if (q.childRef !== undefined) add((p) => `child_ref = ${p}`, q.childRef);
  if (q.team !== undefined) add((p) => `('>' || holder_path || '>') like ${p}`, `%>${q.team}>%`);
  if (q.fromTeam !== undefined && q.toTeam !== undefined) add((p) => `('>' || holder_path || '>') like ${p}`, `%>${q.fromTeam}>${q.toTeam}>%`);
  if (q.outcome !== undefined) add((p) => `outcome = ${p}`, q.outcome);
  if (q.minHandovers !== undefined) add((p) => `handovers >= ${p}`, q.minHandovers);
  if (q.maxHandovers !== undefined) add((p) => `handovers <= ${p}`, q.maxHandovers);
  if (q.from !== undefined) add((p) => `started_at >= ${p}`, db.dialect === 'postgres' ? q.from : new Date(q.from).toISOString());
  if (q.to !== undefined) add((p) => `started_at < ${p}`, db.dialect === 'postgres' ? q.to : new Date(q.to).toISOString());
  const filter = where.join(' and ');
  const [{ n }] = await db.query<{ n: number | string }>(`select count(*) as n from journey_summary where ${filter}`, params);
  const rows = await db.query<Record<string, unknown>>(
    `select journey_id, child_ref, status, outcome, handovers, holder_path, started_at, closed_at from journey_summary
      where ${filter} order by started_at desc, journey_id limit ${q.pageSize} offset ${(q.page - 1) * q.pageSize}`,
    params,
  );
  return {
    page: q.page,
    pageSize: q.pageSize,
    total: Number(n),
    journeys: rows.map((r) => ({
      journeyId: String(r.journey_id),
      childRef: (r.child_ref as string | null) ?? null,
      status: String(r.status),
      outcome: String(r.outcome),
      handovers: Number(r.handovers),
      holderPath: String(r.holder_path).split('>').filter(Boolean),
      startedAt: iso(r.started_at),
      closedAt: iso(r.closed_at),
    })),
  };
}
