import type { SqlExecutor } from '@journey-ledger/sql';

/** One journey as it stands, from the journey-facts tables: what `GET /journeys/:id` shows. */
export interface JourneyView {
  readonly journeyId: string;
  readonly childRef: string | null;
  readonly status: string;
  readonly holder: string | null;
  readonly teamsTouched: string[];
  readonly handovers: number;
  readonly handoversBeforeHelp: number;
  readonly outcome: string;
  readonly nfa: { readonly contact: boolean; readonly referral: boolean; readonly assessedNotInNeed: boolean };
  readonly startedAt: string | null;
  readonly firstHelpAt: string | null;
  readonly closedAt: string | null;
  readonly closureReason: string | null;
  readonly revision: number;
  readonly holderSpells: { team: string; from: string; to: string | null }[];
}

/** The journey's row and holder spells, or undefined when the council has no such journey. */
export async function journeyView(db: SqlExecutor, tenantId: string, journeyId: string): Promise<JourneyView | undefined> {
  const [row] = await db.query<Record<string, unknown>>('select * from journey_summary where tenant_id = $1 and journey_id = $2', [tenantId, journeyId]);
  if (row === undefined) return undefined;
  const spells = await db.query<{ team: string; started_at: string; ended_at: string | null }>(
    'select team, started_at, ended_at from journey_holder_spells where tenant_id = $1 and journey_id = $2 order by seq',
    [tenantId, journeyId],
  );
  return {
    journeyId,
    childRef: row.child_ref as string | null,
    status: row.status as string,
    holder: row.holder as string | null,
    teamsTouched: JSON.parse(row.teams_touched as string),
    handovers: Number(row.handovers),
    handoversBeforeHelp: Number(row.handovers_before_help),
    outcome: row.outcome as string,
    nfa: { contact: Number(row.contact_nfa) === 1, referral: Number(row.referral_nfa) === 1, assessedNotInNeed: Number(row.assessed_not_in_need) === 1 },
    startedAt: row.started_at as string | null,
    firstHelpAt: row.first_help_at as string | null,
    closedAt: row.closed_at as string | null,
    closureReason: row.closure_reason as string | null,
    revision: Number(row.revision),
    holderSpells: spells.map((s) => ({ team: s.team, from: s.started_at, to: s.ended_at })),
  };
}
