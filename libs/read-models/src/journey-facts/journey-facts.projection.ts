import { HANDOVER_EVENT_TYPES } from '@journey-ledger/domain';
import type { JourneyState } from '@journey-ledger/domain';
import type { EventStore, RecordedEvent } from '@journey-ledger/event-store';
import type { SqlDialect, SqlExecutor, SqlValue } from '@journey-ledger/sql';
import type { JourneyRebuilder, Projection } from '../runner/projection';
import { deleteJourneys, insertRows } from '../runner/insert-rows';
import { JourneyStates } from '../runner/journey-states';
import type { JourneyChange } from '../runner/journey-states';
import { isAssessedNotInNeed, isReferralNfa, journeyOutcome, statutoryAssessments } from '@journey-ledger/domain';
import { JOURNEY_FACT_TABLES, journeyFactsSchema } from './journey-facts.schema';

const flag = (b: boolean) => (b ? 1 : 0);

/**
 * Projects each journey's folded state into the journey tables. A journey touched by a batch
 * has its rows replaced whole: simple, and a withdrawal (which rewrites history) is handled
 * like any other event.
 */
export class JourneyFactsProjection implements Projection {
  readonly name = 'journey-facts';
  readonly version = 1;
  private readonly journeys: JourneyStates;

  constructor(store: EventStore) {
    this.journeys = new JourneyStates(store);
  }

  schema(dialect: SqlDialect): string {
    return journeyFactsSchema(dialect);
  }

  async reset(tx: SqlExecutor): Promise<void> {
    this.journeys.clear();
    for (const table of JOURNEY_FACT_TABLES) await tx.execute(`delete from ${table}`);
  }

  async apply(events: readonly RecordedEvent[], tx: SqlExecutor): Promise<void> {
    await this.applyChanges(await this.journeys.advance(events), tx);
  }

  /** A rebuild writes the same rows as the live path: nothing is held back, so `finish` has nothing to do. */
  rebuilder(): JourneyRebuilder {
    return { add: (changes, tx) => this.applyChanges(changes, tx), finish: async () => undefined };
  }

  private async applyChanges(changes: readonly JourneyChange[], tx: SqlExecutor): Promise<void> {
    if (changes.length === 0) return;
    const replaced: { tenantId: string; journeyId: string }[] = [];
    const rows: Record<(typeof JOURNEY_FACT_TABLES)[number], SqlValue[][]> = {
      journey_summary: [],
      journey_contacts: [],
      journey_referrals: [],
      journey_assessments: [],
      journey_handovers: [],
      journey_holder_spells: [],
    };
    for (const { tenantId, journeyId, events: list, after } of changes) {
      // A journey first seen in this batch has no rows yet: nothing to delete.
      if (list[0].revision > 0) replaced.push({ tenantId, journeyId });
      this.rowsOf(tenantId, journeyId, list[list.length - 1].revision, after, rows);
    }
    for (const table of JOURNEY_FACT_TABLES) await deleteJourneys(tx, table, replaced);
    await insertRows(tx, 'journey_summary', SUMMARY_COLUMNS, rows.journey_summary);
    await insertRows(tx, 'journey_contacts', CONTACT_COLUMNS, rows.journey_contacts);
    await insertRows(tx, 'journey_referrals', REFERRAL_COLUMNS, rows.journey_referrals);
    await insertRows(tx, 'journey_assessments', ASSESSMENT_COLUMNS, rows.journey_assessments);
    await insertRows(tx, 'journey_handovers', HANDOVER_COLUMNS, rows.journey_handovers);
    await insertRows(tx, 'journey_holder_spells', SPELL_COLUMNS, rows.journey_holder_spells);
  }

  private rowsOf(tenantId: string, journeyId: string, revision: number, s: JourneyState, rows: Record<string, SqlValue[][]>): void {
    const outcome = journeyOutcome(s);
    const firstContact = s.contacts[0];
    const referralNfa = isReferralNfa(s);
    const notInNeed = isAssessedNotInNeed(s);
    rows.journey_summary.push([
      tenantId,
      journeyId,
      s.childRef ?? null,
      s.status,
      s.holder ?? null,
      s.holders[0]?.team ?? null,
      s.startedAt ?? null,
      firstContact?.source ?? s.referral?.source ?? null,
      firstContact?.levelOfNeed ?? null,
      s.contacts.length,
      firstContact?.outcome ?? null,
      s.referral?.referralId ?? null,
      s.referral?.acceptedAt ?? null,
      s.referral?.source ?? null,
      s.referral?.primaryNeedCode ?? null,
      s.assessments.length,
      statutoryAssessments(s).length,
      s.firstHelpAt ?? null,
      s.handovers,
      s.handoversBeforeHelp,
      s.teamsTouched.length,
      JSON.stringify(s.teamsTouched),
      s.holders.map((h) => h.team).join('>'),
      outcome,
      flag(firstContact?.outcome === 'nfa'),
      flag(referralNfa),
      flag(notInNeed),
      s.closedAt ?? null,
      s.closureReason ?? null,
      s.lastOccurredAt ?? null,
      s.withdrawals,
      revision,
    ]);
    if (s.status === 'withdrawn') return;
    const child = s.childRef ?? '';
    for (const c of s.contacts) {
      rows.journey_contacts.push([
        tenantId,
        journeyId,
        c.contactId,
        child,
        c.receivedAt,
        c.source,
        channelOf(s, c.contactId),
        c.team,
        c.levelOfNeed,
        c.decidedAt ?? null,
        c.outcome ?? null,
      ]);
    }
    if (s.referral) {
      const r = s.referral;
      rows.journey_referrals.push([
        tenantId,
        journeyId,
        r.referralId,
        child,
        r.acceptedAt,
        r.source,
        r.primaryNeedCode,
        r.team,
        flag(statutoryAssessments(s).length > 0),
        flag(referralNfa),
        flag(notInNeed),
        s.closedAt ?? null,
        s.closureReason ?? null,
      ]);
    }
    for (const a of s.assessments) {
      rows.journey_assessments.push([tenantId, journeyId, a.assessmentId, a.kind, a.team, a.startedAt, a.completedAt ?? null, a.outcome ?? null]);
    }
    let helped = false;
    let seq = 0;
    for (const e of s.standing) {
      if (e.type === 'AssessmentStarted' || e.type === 'PlanStarted') helped = true;
      if (HANDOVER_EVENT_TYPES.has(e.type)) {
        const d = e.data as { fromTeam: string; toTeam: string };
        rows.journey_handovers.push([tenantId, journeyId, ++seq, e.type, d.fromTeam, d.toTeam, e.metadata.occurredAt, flag(!helped)]);
      }
    }
    s.holders.forEach((h, i) => rows.journey_holder_spells.push([tenantId, journeyId, i + 1, h.team, h.from, h.to ?? null]));
  }
}

function channelOf(s: JourneyState, contactId: string): string {
  const e = s.standing.find((x) => x.type === 'ContactReceived' && x.data.contactId === contactId);
  return e?.type === 'ContactReceived' ? e.data.channel : 'unknown';
}

const SUMMARY_COLUMNS = [
  'tenant_id',
  'journey_id',
  'child_ref',
  'status',
  'holder',
  'first_team',
  'started_at',
  'first_contact_source',
  'level_of_need',
  'contact_count',
  'first_contact_outcome',
  'referral_id',
  'referral_at',
  'referral_source',
  'primary_need_code',
  'assessment_count',
  'statutory_assessment_count',
  'first_help_at',
  'handovers',
  'handovers_before_help',
  'teams_touched_count',
  'teams_touched',
  'holder_path',
  'outcome',
  'contact_nfa',
  'referral_nfa',
  'assessed_not_in_need',
  'closed_at',
  'closure_reason',
  'last_event_at',
  'withdrawn_entries',
  'revision',
];
const CONTACT_COLUMNS = [
  'tenant_id',
  'journey_id',
  'contact_id',
  'child_ref',
  'received_at',
  'source',
  'channel',
  'team',
  'level_of_need',
  'decided_at',
  'outcome',
];
const REFERRAL_COLUMNS = [
  'tenant_id',
  'journey_id',
  'referral_id',
  'child_ref',
  'accepted_at',
  'source',
  'primary_need_code',
  'team',
  'assessed',
  'referral_nfa',
  'assessed_not_in_need',
  'closed_at',
  'closure_reason',
];
const ASSESSMENT_COLUMNS = ['tenant_id', 'journey_id', 'assessment_id', 'kind', 'team', 'started_at', 'completed_at', 'outcome'];
const HANDOVER_COLUMNS = ['tenant_id', 'journey_id', 'seq', 'kind', 'from_team', 'to_team', 'occurred_at', 'before_help'];
const SPELL_COLUMNS = ['tenant_id', 'journey_id', 'seq', 'team', 'started_at', 'ended_at'];
