import { INestApplication } from '@nestjs/common';
import { JourneyCommandService, journeyIdFor } from '@journey-ledger/application';
import type { JourneyCommand } from '@journey-ledger/domain';
import type { EventStore } from '@journey-ledger/event-store';
import { ProjectionRunner } from '@journey-ledger/projections';
import { mintDevelopmentToken } from '../auth/token-verifier';
import { EVENT_STORE } from '../infrastructure/tokens';

const TENANT = 'north-shire';

type Step = Omit<JourneyCommand, 'data'> & { data: Record<string, unknown> };

/** A few North Shire journeys, so that a newcomer sees handovers and NFA at once. */
function demoJourneys(start: Date): Step[][] {
  const day = (d: number, h = 10) => new Date(start.getTime() + d * 86_400_000 + h * 3_600_000).toISOString();
  const contact = (child: string, source: string, team: string, d: number): Step => ({
    type: 'RecordContact', data: { contactId: `${child}-c1`, childRef: child, source, channel: 'phone', team, concerns: ['neglect'], levelOfNeed: '3', occurredAt: day(d) },
  });
  return [
    // The story the seeds tell: four teams before anyone helps, then NFA after assessment.
    [
      contact('child-001', '2A', 'customer-access', 0),
      { type: 'DecideContact', data: { outcome: 'referral', team: 'customer-access', occurredAt: day(0, 12) } },
      { type: 'HandOver', data: { fromTeam: 'customer-access', toTeam: 'mash', reason: 'threshold decision', occurredAt: day(1) } },
      { type: 'AcceptReferral', data: { referralId: 'child-001-r1', source: '2A', primaryNeedCode: 'N1', team: 'mash', occurredAt: day(1, 14) } },
      { type: 'HandOver', data: { fromTeam: 'mash', toTeam: 'assessment-north', reason: 'for assessment', occurredAt: day(2) } },
      { type: 'StartAssessment', data: { assessmentId: 'child-001-a1', kind: 'single', team: 'assessment-north', occurredAt: day(3) } },
      { type: 'CompleteAssessment', data: { outcome: 'nfa', factors: ['21'], occurredAt: day(30) } },
      { type: 'CloseJourney', data: { reason: 'RC8', occurredAt: day(31) } },
    ],
    // Stepped down to early help after assessment.
    [
      contact('child-002', '6', 'mash', 2),
      { type: 'DecideContact', data: { outcome: 'referral', team: 'mash', occurredAt: day(2, 15) } },
      { type: 'AcceptReferral', data: { referralId: 'child-002-r1', source: '6', primaryNeedCode: 'N5', team: 'mash', occurredAt: day(3) } },
      { type: 'StartAssessment', data: { assessmentId: 'child-002-a1', kind: 'single', team: 'assessment-north', occurredAt: day(4) } },
      { type: 'CompleteAssessment', data: { outcome: 'early-help', factors: ['3A'], occurredAt: day(25) } },
      { type: 'StepDown', data: { fromTeam: 'assessment-north', toTeam: 'early-help-north', reason: 'needs met by early help', occurredAt: day(26) } },
      { type: 'StartPlan', data: { planId: 'child-002-p1', kind: 'early-help', team: 'early-help-north', occurredAt: day(28) } },
    ],
    // Contact closed NFA at the front door.
    [
      contact('child-003', '3A', 'customer-access', 5),
      { type: 'DecideContact', data: { outcome: 'nfa', team: 'customer-access', occurredAt: day(5, 16) } },
      { type: 'CloseJourney', data: { reason: 'contact-nfa', occurredAt: day(6) } },
    ],
    // Straight to early help out of hours through the Early Response Service.
    [
      { ...contact('child-004', '1A', 'edt', 6), data: { ...contact('child-004', '1A', 'edt', 6).data, channel: 'emergency-duty', occurredAt: day(6, 21) } },
      { type: 'DecideContact', data: { outcome: 'early-help', team: 'edt', occurredAt: day(6, 22) } },
      { type: 'HandOver', data: { fromTeam: 'edt', toTeam: 'early-response', reason: 'out-of-hours early response', occurredAt: day(7, 1) } },
      { type: 'StartAssessment', data: { assessmentId: 'child-004-a1', kind: 'early-help', team: 'early-response', occurredAt: day(7, 3) } },
    ],
    // Referral closed with no further action and no assessment (CIN ReferralNFA).
    [
      contact('child-005', '8', 'customer-access', 8),
      { type: 'DecideContact', data: { outcome: 'referral', team: 'customer-access', occurredAt: day(8, 11) } },
      { type: 'AcceptReferral', data: { referralId: 'child-005-r1', source: '8', primaryNeedCode: 'N9', team: 'cart', occurredAt: day(9) } },
      { type: 'CloseJourney', data: { reason: 'RC7', occurredAt: day(10) } },
    ],
    // Child protection: several teams in turn.
    [
      contact('child-006', '3E', 'mash', 10),
      { type: 'DecideContact', data: { outcome: 'referral', team: 'mash', occurredAt: day(10, 11) } },
      { type: 'AcceptReferral', data: { referralId: 'child-006-r1', source: '3E', primaryNeedCode: 'N1', team: 'mash', occurredAt: day(10, 12) } },
      { type: 'StartAssessment', data: { assessmentId: 'child-006-a1', kind: 'section-47', team: 'assessment-south', occurredAt: day(11) } },
      { type: 'CompleteAssessment', data: { outcome: 'child-protection', factors: ['2B'], occurredAt: day(20) } },
      { type: 'StartPlan', data: { planId: 'child-006-p1', kind: 'child-protection', team: 'child-protection', occurredAt: day(22) } },
    ],
  ];
}

/** Loads the demo journeys into an empty store and prints development tokens to try the API with. */
export async function loadDemoIfEmpty(app: INestApplication): Promise<void> {
  const store = app.get<EventStore>(EVENT_STORE);
  const service = app.get(JourneyCommandService);
  if ((await store.headPosition()) === 0) {
    const start = new Date(Date.UTC(new Date().getUTCFullYear() - 1, 3, 1));
    let journeys = 0;
    for (const steps of demoJourneys(start)) {
      const journeyId = journeyIdFor(TENANT, `demo-${++journeys}`);
      let i = 0;
      for (const step of steps) {
        const commandId = journeyIdFor(TENANT, `demo-${journeys}-${++i}`);
        await service.handle(
          { tenantId: TENANT, journeyId, commandId, correlationId: `demo-${journeys}`, actor: { userId: 'demo-loader', role: 'recorder' } },
          step as unknown as JourneyCommand,
        );
      }
    }
    await app.get(ProjectionRunner).catchUp();
    process.stdout.write(`Loaded ${journeys} demo journeys for ${TENANT}.\n`);
  }
  for (const role of ['recorder', 'analyst'] as const) {
    const token = await mintDevelopmentToken({ userId: `demo-${role}`, tenantId: TENANT, roles: [role] });
    process.stdout.write(`Development ${role} token (${TENANT}, 8h):\n  export ${role.toUpperCase()}_TOKEN=${token}\n`);
  }
}
