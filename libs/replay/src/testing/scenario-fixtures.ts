import { northShire, northShireConfig } from '@journey-ledger/domain/testing';
import { contact, fixtureJourney, handover, journeyLog } from './fixtures';

export const northShireContext = { tenantId: 'north-shire', teams: northShire, levelsOfNeed: northShireConfig.levelsOfNeed };

/**
 * Four journeys whose handovers are counted by hand in the scenario specifications:
 * - j-1 (fixtureJourney): customer-access → mash → cart → assessment-north → early-help-north: 4 handovers, 3 before help;
 * - j-2: mash → cart → assessment-south, assessed NFA: 2 handovers, 2 before help;
 * - j-3: mash, contact NFA: 0 handovers;
 * - j-4: a police contact (level 2) to cart → mash → early-help-south: 2 handovers, 2 before help.
 */
export function fixtureJourneys() {
  const j2 = journeyLog('j-2')
    .add('ContactReceived', contact('mash', '3', '2A'), '2025-03-03T10:00:00.000Z')
    .add('ContactDecided', { contactId: 'c-1', outcome: 'referral', team: 'mash' }, '2025-03-03T15:00:00.000Z')
    .add('CaseHandedOver', handover('mash', 'cart'), '2025-03-04T10:00:00.000Z')
    .add('ReferralAccepted', { referralId: 'r-2', childRef: 'child-7', source: '2A', primaryNeedCode: 'N4', team: 'cart' }, '2025-03-05T10:00:00.000Z')
    .add('CaseHandedOver', handover('cart', 'assessment-south'), '2025-03-06T10:00:00.000Z')
    .add('AssessmentStarted', { assessmentId: 'a-2', kind: 'single', team: 'assessment-south' }, '2025-03-07T10:00:00.000Z')
    .add('AssessmentCompleted', { assessmentId: 'a-2', outcome: 'nfa', factors: ['21'] }, '2025-03-20T10:00:00.000Z')
    .add('JourneyClosed', { reason: 'RC8', team: 'assessment-south' }, '2025-03-21T10:00:00.000Z').events;
  const j3 = journeyLog('j-3')
    .add('ContactReceived', contact('mash', '1', '1A'), '2025-03-04T10:00:00.000Z')
    .add('ContactDecided', { contactId: 'c-1', outcome: 'nfa', team: 'mash' }, '2025-03-04T12:00:00.000Z')
    .add('JourneyClosed', { reason: 'contact-nfa', team: 'mash' }, '2025-03-04T12:00:00.000Z').events;
  const j4 = journeyLog('j-4')
    .add('ContactReceived', { ...contact('cart', '2', '6'), channel: 'police-notification' }, '2025-03-05T10:00:00.000Z')
    .add('CaseHandedOver', handover('cart', 'mash'), '2025-03-05T14:00:00.000Z')
    .add('ContactDecided', { contactId: 'c-1', outcome: 'early-help', team: 'mash' }, '2025-03-06T10:00:00.000Z')
    .add('CaseHandedOver', handover('mash', 'early-help-south'), '2025-03-07T10:00:00.000Z')
    .add('AssessmentStarted', { assessmentId: 'a-4', kind: 'early-help', team: 'early-help-south' }, '2025-03-10T10:00:00.000Z')
    .add('AssessmentCompleted', { assessmentId: 'a-4', outcome: 'early-help', factors: [] }, '2025-03-17T10:00:00.000Z')
    .add('JourneyClosed', { reason: 'early-help-completed', team: 'early-help-south' }, '2025-05-30T10:00:00.000Z').events;
  return [fixtureJourney('j-1'), j2, j3, j4];
}

export const ONE_FRONT_DOOR = `format: journey-ledger/scenario@1
id: one-front-door
tenant: north-shire
title: MASH and CART as one front door
newTeams:
  - { id: front-door, name: Front Door, tier: front-door, area: County }
changes:
  - merge: [mash, cart]
    into: front-door
`;
