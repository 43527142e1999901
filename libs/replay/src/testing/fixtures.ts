import type { JourneyEvent, RecordedJourneyEvent } from '@journey-ledger/domain';

type Data<T extends JourneyEvent['type']> = Extract<JourneyEvent, { type: T }>['data'];

/**
 * Writes a journey the way the store gives it back: every event with its business time
 * (`occurredAt`), its recording time (`recordedAt`, by default the business time) and an id.
 */
export function journeyLog(journeyId: string, tenantId = 'north-shire') {
  const events: RecordedJourneyEvent[] = [];
  const api = {
    events,
    add<T extends JourneyEvent['type']>(type: T, data: Data<T>, occurredAt: string, options: { recordedAt?: string; eventId?: string } = {}) {
      const eventId = options.eventId ?? `${journeyId}-e${events.length + 1}`;
      events.push({
        type,
        version: 1,
        data,
        metadata: {
          eventId,
          journeyId,
          tenantId,
          occurredAt,
          recordedAt: options.recordedAt ?? occurredAt,
          actor: { userId: 'worker-1', role: 'practitioner' },
          correlationId: `corr-${eventId}`,
          causationId: `cmd-${eventId}`,
        },
      } as unknown as RecordedJourneyEvent);
      return api;
    },
  };
  return api;
}

export const contact = (team: string, levelOfNeed = '3', source: Data<'ContactReceived'>['source'] = '2A', contactId = 'c-1'): Data<'ContactReceived'> => ({
  contactId,
  childRef: 'child-7',
  source,
  channel: 'phone',
  team,
  concerns: ['neglect'],
  levelOfNeed,
});

export const handover = (fromTeam: string, toTeam: string, reason = 'next stage') => ({ fromTeam, toTeam, reason });

/**
 * The fixture journey every replay specification starts from (North Shire, spring 2025).
 * Handovers: customer-access → mash → cart → assessment-north (3 before help, which starts with
 * the assessment on 14 March), then a step-down to early-help-north: 4 in all.
 */
export function fixtureJourney(journeyId = 'j-1') {
  return journeyLog(journeyId)
    .add('ContactReceived', contact('customer-access'), '2025-03-07T16:00:00.000Z')
    .add('ContactDecided', { contactId: 'c-1', outcome: 'referral', team: 'customer-access' }, '2025-03-10T10:00:00.000Z')
    .add('CaseHandedOver', handover('customer-access', 'mash'), '2025-03-10T11:00:00.000Z')
    .add('CaseHandedOver', handover('mash', 'cart'), '2025-03-11T09:00:00.000Z')
    .add('ReferralAccepted', { referralId: 'r-1', childRef: 'child-7', source: '2A', primaryNeedCode: 'N1', team: 'cart' }, '2025-03-12T09:00:00.000Z')
    .add('CaseHandedOver', handover('cart', 'assessment-north'), '2025-03-13T09:00:00.000Z')
    .add('AssessmentStarted', { assessmentId: 'a-1', kind: 'single', team: 'assessment-north' }, '2025-03-14T09:00:00.000Z')
    .add('AssessmentCompleted', { assessmentId: 'a-1', outcome: 'early-help', factors: ['21'] }, '2025-04-17T10:00:00.000Z')
    .add('SteppedDown', handover('assessment-north', 'early-help-north', 'step-down after assessment'), '2025-04-22T10:00:00.000Z')
    .add('PlanStarted', { planId: 'p-1', kind: 'early-help', team: 'early-help-north' }, '2025-04-23T10:00:00.000Z')
    .add('PlanEnded', { planId: 'p-1', reason: 'needs met' }, '2025-06-30T10:00:00.000Z')
    .add('JourneyClosed', { reason: 'RC9', team: 'early-help-north' }, '2025-06-30T10:00:00.000Z').events;
}
