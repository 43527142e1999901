import { JourneyCommandService, TenantRegistry } from '@journey-ledger/application';
import type { JourneyCommand } from '@journey-ledger/domain';
import type { EventStore } from '@journey-ledger/event-store';
import { randomUUID } from 'node:crypto';

/**
 * The hand-built fixture of docs/definitions.md: 33 North Shire journeys (one wholly withdrawn),
 * in 15 templates T1–T15. Times are UTC; in May–September England is on BST (UTC+1), so 10:00Z
 * is 11:00 local, inside office hours. 2025 bank holidays that matter: 5 and 26 May.
 * Every expected figure in the spec is worked out by hand from these lines.
 */
export const FIXTURE_TENANT = 'north-shire';
export const FIXTURE_NOW = new Date('2026-06-01T00:00:00Z');

type Cmd = JourneyCommand;
const contact = (child: string, source: string, team: string, level: string, at: string, channel = 'phone'): Cmd =>
  ({
    type: 'RecordContact',
    data: { contactId: `${child}-c1`, childRef: child, source, channel, team, concerns: ['neglect'], levelOfNeed: level, occurredAt: at },
  }) as Cmd;
const decide = (outcome: string, team: string, at: string): Cmd => ({ type: 'DecideContact', data: { outcome, team, occurredAt: at } }) as Cmd;
const handOver = (fromTeam: string, toTeam: string, at: string): Cmd => ({ type: 'HandOver', data: { fromTeam, toTeam, reason: 'fixture', occurredAt: at } });
const accept = (child: string, source: string, team: string, at: string, withChild = false): Cmd =>
  ({
    type: 'AcceptReferral',
    data: { referralId: `${child}-r`, ...(withChild ? { childRef: child } : {}), source, primaryNeedCode: 'N1', team, occurredAt: at },
  }) as Cmd;
const assess = (child: string, kind: string, team: string, at: string): Cmd =>
  ({ type: 'StartAssessment', data: { assessmentId: `${child}-a`, kind, team, occurredAt: at } }) as Cmd;
const complete = (outcome: string, at: string): Cmd => ({ type: 'CompleteAssessment', data: { outcome, factors: [], occurredAt: at } }) as Cmd;
const plan = (child: string, kind: string, team: string, at: string): Cmd =>
  ({ type: 'StartPlan', data: { planId: `${child}-p`, kind, team, occurredAt: at } }) as Cmd;
const close = (reason: string, at: string): Cmd => ({ type: 'CloseJourney', data: { reason, occurredAt: at } }) as Cmd;
const stepDown = (fromTeam: string, toTeam: string, at: string): Cmd => ({ type: 'StepDown', data: { fromTeam, toTeam, reason: 'fixture', occurredAt: at } });

/** `withdraw: i` withdraws the event written by the i-th command (0-based) right after it. */
interface Template {
  readonly name: string;
  readonly times: number;
  readonly steps: (child: string) => Cmd[];
  readonly withdrawAfter?: number;
}

export const TEMPLATES: readonly Template[] = [
  // T1 contact NFA, decided the same day.
  {
    name: 't1',
    times: 5,
    steps: (c) => [
      contact(c, '2A', 'customer-access', '2', '2025-05-06T10:00:00Z'),
      decide('nfa', 'customer-access', '2025-05-06T14:00:00Z'),
      close('contact-nfa', '2025-05-07T10:00:00Z'),
    ],
  },
  // T2 advice and signposting: received Friday 23 May, decided Tuesday 27 May (Monday 26 is a bank holiday: 1 working day).
  {
    name: 't2',
    times: 2,
    steps: (c) => [
      contact(c, '1A', 'customer-access', '1', '2025-05-23T10:00:00Z'),
      decide('advice-signposting', 'customer-access', '2025-05-27T10:00:00Z'),
      close('contact-advice-signposting', '2025-05-27T12:00:00Z'),
    ],
  },
  // T3 out of hours (Saturday 22:00 BST) to the EDT, early help through Early Response; decided Tuesday (2 working days).
  {
    name: 't3',
    times: 3,
    steps: (c) => [
      contact(c, '6', 'edt', '2', '2025-05-10T21:00:00Z', 'emergency-duty'),
      decide('early-help', 'edt', '2025-05-13T09:00:00Z'),
      handOver('edt', 'early-response', '2025-05-13T10:00:00Z'),
      assess(c, 'early-help', 'early-response', '2025-05-13T11:00:00Z'),
      complete('early-help', '2025-05-20T09:00:00Z'),
      plan(c, 'early-help', 'early-response', '2025-05-20T10:00:00Z'),
      close('early-help-completed', '2025-06-20T10:00:00Z'),
    ],
  },
  // T4 referral closed NFA without assessment (CIN ReferralNFA).
  {
    name: 't4',
    times: 5,
    steps: (c) => [
      contact(c, '2A', 'customer-access', '3', '2025-05-13T10:00:00Z'),
      decide('referral', 'customer-access', '2025-05-13T12:00:00Z'),
      handOver('customer-access', 'mash', '2025-05-14T10:00:00Z'),
      accept(c, '2A', 'mash', '2025-05-14T12:00:00Z'),
      close('RC7', '2025-05-15T10:00:00Z'),
    ],
  },
  // T5 single assessment ending NFA (RC8): 19 working days (26 May is a holiday).
  {
    name: 't5',
    times: 5,
    steps: (c) => [
      contact(c, '3A', 'customer-access', '3', '2025-05-13T10:00:00Z'),
      decide('referral', 'customer-access', '2025-05-14T10:00:00Z'),
      handOver('customer-access', 'mash', '2025-05-14T11:00:00Z'),
      accept(c, '3A', 'mash', '2025-05-14T12:00:00Z'),
      handOver('mash', 'assessment-north', '2025-05-15T10:00:00Z'),
      assess(c, 'single', 'assessment-north', '2025-05-15T11:00:00Z'),
      complete('nfa', '2025-06-12T11:00:00Z'),
      close('RC8', '2025-06-13T10:00:00Z'),
    ],
  },
  // T6 assessment (51 working days, late) ending in step-down to early help (RC9).
  {
    name: 't6',
    times: 3,
    steps: (c) => [
      contact(c, '6', 'mash', '3', '2025-05-20T10:00:00Z'),
      decide('referral', 'mash', '2025-05-20T11:00:00Z'),
      accept(c, '6', 'mash', '2025-05-20T12:00:00Z'),
      assess(c, 'single', 'assessment-south', '2025-05-21T10:00:00Z'),
      complete('early-help', '2025-08-01T10:00:00Z'),
      stepDown('assessment-south', 'early-help-south', '2025-08-04T10:00:00Z'),
      plan(c, 'early-help', 'early-help-south', '2025-08-05T10:00:00Z'),
      close('RC9', '2025-09-01T10:00:00Z'),
    ],
  },
  // T7 child in need plan, journey still open.
  {
    name: 't7',
    times: 2,
    steps: (c) => [
      contact(c, '3E', 'mash', '4a', '2025-06-03T10:00:00Z'),
      decide('referral', 'mash', '2025-06-03T16:00:00Z'),
      accept(c, '3E', 'mash', '2025-06-04T10:00:00Z'),
      assess(c, 'single', 'assessment-north', '2025-06-04T11:00:00Z'),
      complete('child-in-need-plan', '2025-06-30T10:00:00Z'),
      plan(c, 'child-in-need', 'children-in-need', '2025-07-01T10:00:00Z'),
    ],
  },
  // T8 section 47 enquiry, child protection plan, closed.
  {
    name: 't8',
    times: 1,
    steps: (c) => [
      contact(c, '6', 'mash', '4b', '2025-06-03T10:00:00Z'),
      decide('referral', 'mash', '2025-06-03T11:00:00Z'),
      accept(c, '6', 'mash', '2025-06-03T12:00:00Z'),
      assess(c, 'section-47', 'assessment-south', '2025-06-04T10:00:00Z'),
      complete('child-protection', '2025-06-11T10:00:00Z'),
      plan(c, 'child-protection', 'child-protection', '2025-06-12T10:00:00Z'),
      close('RC7', '2025-12-01T10:00:00Z'),
    ],
  },
  // T9 a referral with no contact (from another authority), assessed, looked after, open.
  {
    name: 't9',
    times: 1,
    steps: (c) => [
      accept(c, '5C', 'mash', '2025-06-10T10:00:00Z', true),
      assess(c, 'single', 'assessment-north', '2025-06-11T10:00:00Z'),
      complete('looked-after', '2025-06-20T10:00:00Z'),
    ],
  },
  // T10 open, contact undecided, received at 17:00 BST exactly (out of hours: the office closes at 17:00).
  { name: 't10', times: 1, steps: (c) => [contact(c, '8', 'customer-access', '2', '2025-06-24T16:00:00Z')] },
  // T11 a journey whose only entry is withdrawn: it counts nowhere.
  { name: 't11', times: 1, steps: (c) => [contact(c, '2A', 'customer-access', '2', '2025-05-06T10:00:00Z')], withdrawAfter: 0 },
  // T12 a handover recorded in error and withdrawn, then contact NFA.
  {
    name: 't12',
    times: 1,
    steps: (c) => [
      contact(c, '2B', 'customer-access', '2', '2025-05-06T10:00:00Z'),
      handOver('customer-access', 'mash', '2025-05-06T12:00:00Z'),
      decide('nfa', 'customer-access', '2025-05-06T13:00:00Z'),
      close('contact-nfa', '2025-05-06T15:00:00Z'),
    ],
    withdrawAfter: 1,
  },
  // T13 recorded last, back-dated to March 2025 (financial year 2024-25): contact NFA the next working day.
  {
    name: 't13',
    times: 1,
    steps: (c) => [
      contact(c, '1A', 'customer-access', '2', '2025-03-31T10:00:00Z'),
      decide('nfa', 'customer-access', '2025-04-01T10:00:00Z'),
      close('contact-nfa', '2025-04-01T11:00:00Z'),
    ],
  },
];

/** T14: the first T4 child referred again in September 2025 (a re-referral); T15: the first T5 child referred again in May 2026, more than 12 months on (not one). */
const RE_REFERRALS: readonly { name: string; child: string; steps: (c: string) => Cmd[] }[] = [
  {
    name: 't14',
    child: 't4-1',
    steps: (c) => [
      {
        ...contact(c, '2A', 'customer-access', '3', '2025-09-02T10:00:00Z'),
        data: { ...contact(c, '2A', 'customer-access', '3', '2025-09-02T10:00:00Z').data, contactId: `${c}-c2` },
      } as Cmd,
      decide('referral', 'customer-access', '2025-09-02T12:00:00Z'),
      handOver('customer-access', 'mash', '2025-09-03T10:00:00Z'),
      { ...accept(c, '2A', 'mash', '2025-09-03T12:00:00Z'), data: { ...accept(c, '2A', 'mash', '2025-09-03T12:00:00Z').data, referralId: `${c}-r2` } } as Cmd,
      close('RC7', '2025-09-04T10:00:00Z'),
    ],
  },
  {
    name: 't15',
    child: 't5-1',
    steps: (c) => [
      {
        ...accept(c, '5C', 'mash', '2026-05-20T10:00:00Z', true),
        data: { ...accept(c, '5C', 'mash', '2026-05-20T10:00:00Z', true).data, referralId: `${c}-r2` },
      } as Cmd,
    ],
  },
];

/**
 * Records the fixture through the command service (the decider guards every step). Journey after
 * journey, or `interleaved`: the first step of every journey, then the second of each, and so on,
 * as a council's live log interleaves journeys that are open at the same time.
 */
export async function recordFixture(store: EventStore, tenants: TenantRegistry, options: { readonly interleaved?: boolean } = {}): Promise<void> {
  const service = new JourneyCommandService(store, tenants, () => FIXTURE_NOW);
  /** A journey's steps, each one command (and the withdrawal of its last event, where the template withdraws it). */
  const journey = (commands: Cmd[], withdrawAfter?: number): (() => Promise<void>)[] => {
    const journeyId = randomUUID();
    const envelope = () => ({
      tenantId: FIXTURE_TENANT,
      journeyId,
      commandId: randomUUID(),
      correlationId: 'fixture',
      actor: { userId: 'fixture', role: 'recorder' },
    });
    return commands.map((command, i) => async () => {
      const result = await service.handle(envelope(), command);
      if (i === withdrawAfter) {
        await service.handle(envelope(), {
          type: 'WithdrawEntry',
          data: { eventId: result.events[result.events.length - 1].eventId, reason: 'recorded in error', occurredAt: FIXTURE_NOW.toISOString() },
        });
      }
    });
  };
  const ordered = [...TEMPLATES.filter((t) => t.name !== 't13'), TEMPLATES.find((t) => t.name === 't13')!];
  const journeys: (() => Promise<void>)[][] = [];
  for (const t of ordered.slice(0, -1)) for (let i = 1; i <= t.times; i++) journeys.push(journey(t.steps(`${t.name}-${i}`), t.withdrawAfter));
  for (const r of RE_REFERRALS) journeys.push(journey(r.steps(r.child)));
  const last = ordered[ordered.length - 1];
  journeys.push(journey(last.steps(`${last.name}-1`)));
  if (!options.interleaved) {
    for (const steps of journeys) for (const step of steps) await step();
    return;
  }
  const longest = Math.max(...journeys.map((steps) => steps.length));
  for (let i = 0; i < longest; i++) for (const steps of journeys) await steps[i]?.();
}
