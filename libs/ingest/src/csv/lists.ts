import {
  ASSESSMENT_KINDS,
  ASSESSMENT_OUTCOMES,
  CLOSURE_REASON_CODES,
  CONTACT_CHANNELS,
  CONTACT_OUTCOMES,
  MOVE_REASON_CODES,
  PRIMARY_NEED_CODE_LIST,
  REFERRAL_SOURCE_CODES,
  STEP_DOWN_TO,
} from '@journey-ledger/domain';
import type {
  AssessmentKind,
  AssessmentOutcome,
  ClosureReason,
  ContactChannel,
  ContactOutcome,
  JourneyCommand,
  JourneyState,
  PrimaryNeedCode,
  ReferralSource,
  TenantConfig,
  TeamTier,
} from '@journey-ledger/domain';
import { parseImportDate } from './dates';

export const LIST_NAMES = ['contacts', 'referrals', 'assessments', 'transfers', 'closures'] as const;
export type ListName = (typeof LIST_NAMES)[number];

export interface ColumnSpec {
  readonly name: string;
  readonly required: boolean;
  readonly description: string;
}

/** One thing a row says happened, at a business time: it becomes one command. */
export interface Step {
  readonly ms: number;
  /** Orders steps at the same time: contact, decision, transfer, referral, assessment, completion, closure. */
  readonly rank: number;
  /** Unique within the journey; the command id derives from it (idempotent re-runs). */
  readonly key: string;
  readonly command: JourneyCommand | ((state: JourneyState) => JourneyCommand | null);
  /** Which column holds each command field, to name the column when the decider refuses it. */
  readonly columns: Readonly<Record<string, string>>;
}

export interface RowProblem {
  readonly column: string;
  readonly code: string;
  readonly reason: string;
}

export interface RowContext {
  readonly tenant: TenantConfig;
  /** Team id by id or name (lower case). */
  readonly teams: ReadonlyMap<string, { id: string; tier: TeamTier }>;
}

export type Row = Readonly<Record<string, string>>;

export interface ListDefinition {
  readonly name: ListName;
  readonly title: string;
  readonly columns: readonly ColumnSpec[];
  /** The column whose date orders a journey's rows in the file. */
  readonly dateColumn: string;
  /** The column identifying a row within a journey (duplicates are refused). */
  readonly keyColumn?: string;
  toSteps(row: Row, ctx: RowContext): Step[] | RowProblem;
}

export const CHILD = 'Child Unique ID';
export const JOURNEY = 'Journey ID';

class Problem extends Error {
  constructor(readonly problem: RowProblem) {
    super(problem.reason);
  }
}

const fail = (column: string, code: string, reason: string): never => {
  throw new Problem({ column, code, reason });
};

function text(row: Row, column: string, required: boolean): string | undefined {
  const v = row[column]?.trim() ?? '';
  if (v === '') {
    if (required) fail(column, 'MissingValue', `${column} is required`);
    return undefined;
  }
  return v;
}

function date(row: Row, column: string, ctx: RowContext, required: true): { ms: number; iso: string };
function date(row: Row, column: string, ctx: RowContext, required: false): { ms: number; iso: string } | undefined;
function date(row: Row, column: string, ctx: RowContext, required: boolean) {
  const v = text(row, column, required);
  if (v === undefined) return undefined;
  const d = parseImportDate(v, ctx.tenant.timeZone);
  if (!d.ok) fail(column, 'BadDate', `${column}: ${d.reason}`);
  return d.ok ? { ms: d.ms, iso: d.iso } : undefined;
}

/** A code, also in Annex A's "a) 1A: Individual" or "N1 - Abuse or neglect" style. */
function code<T extends string>(row: Row, column: string, allowed: readonly T[], required: boolean, what: string): T | undefined {
  const v = text(row, column, required);
  if (v === undefined) return undefined;
  const stripped = v.replace(/^[a-z]\)\s*/i, '');
  const candidates = [v, stripped, stripped.split(/\s*[:\u2013-]\s+|\s*:\s*/)[0], stripped.split(/\s+/)[0]];
  for (const c of candidates) {
    const found = allowed.find((a) => a.toLowerCase() === c.trim().toLowerCase());
    if (found !== undefined) return found;
  }
  return fail(column, 'UnknownCode', `${column}: "${v}" is not a ${what} (one of ${allowed.join(', ')})`);
}

function team(row: Row, column: string, ctx: RowContext, required: boolean): string | undefined {
  const v = text(row, column, required);
  if (v === undefined) return undefined;
  const t = ctx.teams.get(v.toLowerCase());
  if (t === undefined) fail(column, 'UnknownTeam', `${column}: "${v}" is not a team of ${ctx.tenant.name} (config/tenants/${ctx.tenant.id}.yaml)`);
  return t?.id;
}

const list = (v: string | undefined) =>
  v === undefined
    ? []
    : v
        .split(/[;|]/)
        .map((s) => s.trim())
        .filter((s) => s !== '');

const safely = (work: () => Step[]): Step[] | RowProblem => {
  try {
    return work();
  } catch (e) {
    if (e instanceof Problem) return e.problem;
    throw e;
  }
};

const common: ColumnSpec[] = [
  { name: CHILD, required: true, description: 'Pseudonymous child reference (Annex A "Child Unique ID"): never a name or date of birth' },
  { name: JOURNEY, required: true, description: "The case system's id for this episode of contact/referral (one journey); rows of all lists join on it" },
];

export const LISTS: Readonly<Record<ListName, ListDefinition>> = {
  contacts: {
    name: 'contacts',
    title: 'Contacts (Ofsted Annex A List 1)',
    dateColumn: 'Date of Contact',
    keyColumn: 'Contact ID',
    columns: [
      ...common,
      { name: 'Contact ID', required: true, description: 'Id of the contact, unique within the journey' },
      { name: 'Date of Contact', required: true, description: 'When the contact was received (List 1)' },
      { name: 'Contact Source', required: true, description: 'CIN census referral source code (1A–10), e.g. "6" or "a) 1A: Individual" (List 1)' },
      { name: 'Contact Channel', required: false, description: `How it came: ${CONTACT_CHANNELS.join(', ')} (default phone)` },
      { name: 'Receiving Team', required: true, description: 'Team id or name that received it' },
      { name: 'Level of Need', required: false, description: "The council's continuum-of-need level" },
      { name: 'Concerns', required: false, description: 'Concerns, separated by ;' },
      { name: 'Contact Outcome', required: false, description: `${CONTACT_OUTCOMES.join(', ')}; blank while undecided` },
      { name: 'Date of Contact Decision', required: false, description: 'When the outcome was decided (required with an outcome)' },
      { name: 'Deciding Team', required: false, description: 'Team that decided (default: the receiving team)' },
    ],
    toSteps: (row, ctx) =>
      safely(() => {
        const contactId = text(row, 'Contact ID', true)!;
        const at = date(row, 'Date of Contact', ctx, true);
        const source = code(row, 'Contact Source', REFERRAL_SOURCE_CODES, true, 'CIN census referral source code') as ReferralSource;
        const channel = (code(row, 'Contact Channel', CONTACT_CHANNELS, false, 'contact channel') ?? 'phone') as ContactChannel;
        const receiving = team(row, 'Receiving Team', ctx, true)!;
        const level = text(row, 'Level of Need', false) ?? '';
        if (level !== '' && !ctx.tenant.levelsOfNeed.includes(level)) {
          fail('Level of Need', 'UnknownCode', `Level of Need: "${level}" is not one of ${ctx.tenant.levelsOfNeed.join(', ')}`);
        }
        const outcome = code(row, 'Contact Outcome', CONTACT_OUTCOMES, false, 'contact outcome') as ContactOutcome | undefined;
        const decided = date(row, 'Date of Contact Decision', ctx, false);
        const deciding = team(row, 'Deciding Team', ctx, false) ?? receiving;
        if (outcome !== undefined && decided === undefined)
          fail('Date of Contact Decision', 'MissingValue', 'Date of Contact Decision is required when Contact Outcome is given');
        if (outcome === undefined && decided !== undefined)
          fail('Contact Outcome', 'MissingValue', 'Contact Outcome is required when Date of Contact Decision is given');
        if (decided !== undefined && decided.ms < at.ms) fail('Date of Contact Decision', 'DateOrder', 'Date of Contact Decision is before Date of Contact');
        const steps: Step[] = [
          {
            ms: at.ms,
            rank: 0,
            key: `contact/${contactId}`,
            columns: { occurredAt: 'Date of Contact', team: 'Receiving Team', childRef: CHILD, contactId: 'Contact ID' },
            command: {
              type: 'RecordContact',
              data: {
                occurredAt: at.iso,
                contactId,
                childRef: row[CHILD].trim(),
                source,
                channel,
                team: receiving,
                concerns: list(row.Concerns),
                levelOfNeed: level,
              },
            },
          },
        ];
        if (outcome !== undefined && decided !== undefined) {
          steps.push({
            ms: decided.ms,
            rank: 1,
            key: `contact/${contactId}/decision`,
            columns: { occurredAt: 'Date of Contact Decision', team: 'Deciding Team', contactId: 'Contact ID', outcome: 'Contact Outcome' },
            command: { type: 'DecideContact', data: { occurredAt: decided.iso, contactId, outcome, team: deciding } },
          });
        }
        return steps;
      }),
  },
  referrals: {
    name: 'referrals',
    title: 'Referrals (Ofsted Annex A List 3, CIN census N00100/N00152/N00101)',
    dateColumn: 'Date of Referral',
    keyColumn: 'Referral ID',
    columns: [
      ...common,
      { name: 'Referral ID', required: true, description: 'Id of the referral (CIN episode), unique within the journey' },
      { name: 'Date of Referral', required: true, description: 'CIN census N00100 (List 3)' },
      { name: 'Referral Source', required: true, description: 'CIN census N00152 code (1A–10) (List 3)' },
      { name: 'Primary Need Code', required: true, description: 'CIN census N00101 (N0–N9)' },
      { name: 'Allocated Team', required: true, description: 'Team that accepted the referral (List 3)' },
    ],
    toSteps: (row, ctx) =>
      safely(() => {
        const referralId = text(row, 'Referral ID', true)!;
        const at = date(row, 'Date of Referral', ctx, true);
        const source = code(row, 'Referral Source', REFERRAL_SOURCE_CODES, true, 'CIN census referral source code') as ReferralSource;
        const need = code(row, 'Primary Need Code', PRIMARY_NEED_CODE_LIST, true, 'CIN census primary need code') as PrimaryNeedCode;
        const allocated = team(row, 'Allocated Team', ctx, true)!;
        return [
          {
            ms: at.ms,
            rank: 3,
            key: `referral/${referralId}`,
            columns: { occurredAt: 'Date of Referral', team: 'Allocated Team', childRef: CHILD, referralId: 'Referral ID' },
            command: {
              type: 'AcceptReferral',
              data: { occurredAt: at.iso, referralId, childRef: row[CHILD].trim(), source, primaryNeedCode: need, team: allocated },
            },
          },
        ];
      }),
  },
  assessments: {
    name: 'assessments',
    title: 'Assessments (Ofsted Annex A List 4, CIN census N00159/N00160)',
    dateColumn: 'Continuous Assessment Start Date',
    keyColumn: 'Assessment ID',
    columns: [
      ...common,
      { name: 'Assessment ID', required: true, description: 'Id of the assessment, unique within the journey' },
      { name: 'Assessment Type', required: true, description: `${ASSESSMENT_KINDS.join(', ')}` },
      { name: 'Continuous Assessment Start Date', required: true, description: 'CIN census N00159 (List 4)' },
      { name: 'Continuous Assessment Date of Authorisation', required: false, description: 'CIN census N00160 (List 4); blank while open' },
      { name: 'Assessment Outcome', required: false, description: `${ASSESSMENT_OUTCOMES.join(', ')} (required with an authorisation date)` },
      { name: 'Assessment Factors', required: false, description: 'CIN census assessment factor codes, separated by ; (21 = no factors identified)' },
      { name: 'Allocated Team', required: true, description: 'Team carrying out the assessment (List 4)' },
    ],
    toSteps: (row, ctx) =>
      safely(() => {
        const assessmentId = text(row, 'Assessment ID', true)!;
        const kind = code(row, 'Assessment Type', ASSESSMENT_KINDS, true, 'assessment type') as AssessmentKind;
        const start = date(row, 'Continuous Assessment Start Date', ctx, true);
        const end = date(row, 'Continuous Assessment Date of Authorisation', ctx, false);
        const outcome = code(row, 'Assessment Outcome', ASSESSMENT_OUTCOMES, false, 'assessment outcome') as AssessmentOutcome | undefined;
        const allocated = team(row, 'Allocated Team', ctx, true)!;
        if (end !== undefined && outcome === undefined)
          fail('Assessment Outcome', 'MissingValue', 'Assessment Outcome is required when the assessment is authorised');
        if (end === undefined && outcome !== undefined)
          fail('Continuous Assessment Date of Authorisation', 'MissingValue', 'an Assessment Outcome needs its Date of Authorisation');
        if (end !== undefined && end.ms < start.ms) fail('Continuous Assessment Date of Authorisation', 'DateOrder', 'authorised before it started');
        const steps: Step[] = [
          {
            ms: start.ms,
            rank: 4,
            key: `assessment/${assessmentId}`,
            columns: { occurredAt: 'Continuous Assessment Start Date', team: 'Allocated Team', kind: 'Assessment Type', assessmentId: 'Assessment ID' },
            command: { type: 'StartAssessment', data: { occurredAt: start.iso, assessmentId, kind, team: allocated } },
          },
        ];
        if (end !== undefined && outcome !== undefined) {
          steps.push({
            ms: end.ms,
            rank: 5,
            key: `assessment/${assessmentId}/authorised`,
            columns: { occurredAt: 'Continuous Assessment Date of Authorisation', assessmentId: 'Assessment ID', outcome: 'Assessment Outcome' },
            command: { type: 'CompleteAssessment', data: { occurredAt: end.iso, assessmentId, outcome, factors: list(row['Assessment Factors']) } },
          });
        }
        return steps;
      }),
  },
  transfers: {
    name: 'transfers',
    title: 'Transfers between teams (Standard Safeguarding Dataset "involvements": who held the case from when to when)',
    dateColumn: 'Involvement Start Date',
    keyColumn: 'Involvement ID',
    columns: [
      ...common,
      { name: 'Involvement ID', required: true, description: 'Id of the involvement, unique within the journey' },
      { name: 'Team', required: true, description: 'Team that holds the case from the start date' },
      { name: 'Involvement Start Date', required: true, description: 'When the team took the case' },
      { name: 'Involvement End Date', required: false, description: 'When it passed it on (checked, not needed: the next involvement or the closure ends it)' },
      { name: 'Reason', required: false, description: `Why the case moved, as a code (default "transfer"; no free text): ${MOVE_REASON_CODES.join(', ')}` },
    ],
    toSteps: (row, ctx) =>
      safely(() => {
        const involvementId = text(row, 'Involvement ID', true)!;
        const to = team(row, 'Team', ctx, true)!;
        const start = date(row, 'Involvement Start Date', ctx, true);
        const end = date(row, 'Involvement End Date', ctx, false);
        if (end !== undefined && end.ms < start.ms) fail('Involvement End Date', 'DateOrder', 'Involvement End Date is before its start');
        // A code, never free text: a typed reason can name the child, and events cannot be erased.
        const reason = code(row, 'Reason', MOVE_REASON_CODES, false, 'move reason code') ?? 'transfer';
        const tierOf = (id: string) => ctx.teams.get(id)?.tier;
        return [
          {
            ms: start.ms,
            rank: 2,
            key: `involvement/${involvementId}`,
            columns: { occurredAt: 'Involvement Start Date', toTeam: 'Team', fromTeam: 'Team' },
            // The move is from whoever holds the case then; an involvement of the holder itself moves nothing.
            command: (state: JourneyState): JourneyCommand | null => {
              if (state.holder === to) return null;
              const from = state.holder ?? '';
              const fromTier = tierOf(from);
              const toTier = tierOf(to)!;
              const down = fromTier !== undefined && !STEP_DOWN_TO.includes(fromTier) && STEP_DOWN_TO.includes(toTier);
              const up = fromTier !== undefined && STEP_DOWN_TO.includes(fromTier) && !STEP_DOWN_TO.includes(toTier);
              const type = down ? 'StepDown' : up ? 'StepUp' : 'HandOver';
              return { type, data: { occurredAt: start.iso, fromTeam: from, toTeam: to, reason } };
            },
          },
        ];
      }),
  },
  closures: {
    name: 'closures',
    title: 'Closures (CIN census N00102 closure date, N00103 reason; Annex A List 6)',
    dateColumn: 'Closure Date',
    columns: [
      ...common,
      { name: 'Closure Date', required: true, description: 'CIN census N00102 / Annex A "CIN Closure Date"' },
      {
        name: 'Reason for Closure',
        required: true,
        description: `CIN census N00103 (RC1–RC9) or a local code: ${CLOSURE_REASON_CODES.filter((c) => !c.startsWith('RC')).join(', ')}`,
      },
      { name: 'Closing Team', required: false, description: 'Team that closed it (default: the holder)' },
    ],
    toSteps: (row, ctx) =>
      safely(() => {
        const at = date(row, 'Closure Date', ctx, true);
        const reason = code(row, 'Reason for Closure', CLOSURE_REASON_CODES, true, 'reason for closure') as ClosureReason;
        const closing = team(row, 'Closing Team', ctx, false);
        return [
          {
            ms: at.ms,
            rank: 6,
            key: 'closure',
            columns: { occurredAt: 'Closure Date', team: 'Closing Team', reason: 'Reason for Closure' },
            command: { type: 'CloseJourney', data: { occurredAt: at.iso, reason, ...(closing ? { team: closing } : {}) } },
          },
        ];
      }),
  },
};

export function teamLookup(tenant: TenantConfig): Map<string, { id: string; tier: TeamTier }> {
  const m = new Map<string, { id: string; tier: TeamTier }>();
  for (const t of tenant.teams) {
    m.set(t.name.toLowerCase(), { id: t.id, tier: t.tier });
    m.set(t.id.toLowerCase(), { id: t.id, tier: t.tier });
  }
  return m;
}
