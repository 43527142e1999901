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

type Role = 'social-worker' | 'early-help-practitioner';
const allocation = (practitionerRef: string, team: string, role: Role = 'social-worker') => ({ practitionerRef, team, role, reason: 'other' as const });

/**
 * Two families whose lead practitioners are counted by hand in the family scenario specifications
 * (North Shire tiers: mash front door; assessment-north, children-in-need statutory; early-help-north early help):
 * - f-1, j-a (child A): mash (w-1) → assessment-north (w-2), closed: 1 change;
 * - f-1, j-b (child B, a sibling; membership recorded two days after the work began): mash (w-3) →
 *   children-in-need (w-4), w-4 off sick, w-5 in the same team: 2 changes;
 * - f-1, j-c (child A re-referred): mash (w-6) → early-help-north (w-7): 1 change;
 * - f-2, j-d: mash (w-8) → assessment-south (w-9): 1 change;
 * - j-e, in no family: mash (w-10) → cart (w-11), both front door: 1 change.
 * Today f-1 met 7 lead practitioners and 4 teams, f-2 2 and 2. One lead practitioner per family and
 * tier: f-1 meets w-1 (front door), w-2 (statutory) and w-7 (early help): 3; j-b has 1 change, j-e none.
 */
export function familyJourneys() {
  const ja = journeyLog('j-a')
    .add('ContactReceived', contact('mash'), '2025-03-03T10:00:00.000Z')
    .add('FamilyMembershipStarted', { familyRef: 'f-1' }, '2025-03-03T10:00:00.000Z')
    .add('PractitionerAllocated', allocation('w-1', 'mash'), '2025-03-03T11:00:00.000Z')
    .add('CaseHandedOver', handover('mash', 'assessment-north'), '2025-03-04T10:00:00.000Z')
    .add('PractitionerAllocated', allocation('w-2', 'assessment-north'), '2025-03-04T11:00:00.000Z')
    .add('JourneyClosed', { reason: 'RC8', team: 'assessment-north' }, '2025-03-20T10:00:00.000Z').events;
  const jb = journeyLog('j-b')
    .add('ContactReceived', { ...contact('mash'), childRef: 'child-8' }, '2025-03-10T10:00:00.000Z')
    .add('PractitionerAllocated', allocation('w-3', 'mash'), '2025-03-10T11:00:00.000Z')
    .add('CaseHandedOver', handover('mash', 'children-in-need'), '2025-03-11T10:00:00.000Z')
    .add('PractitionerAllocated', allocation('w-4', 'children-in-need'), '2025-03-11T11:00:00.000Z')
    .add('FamilyMembershipStarted', { familyRef: 'f-1' }, '2025-03-12T10:00:00.000Z')
    .add('PractitionerUnallocated', { practitionerRef: 'w-4', reason: 'practitioner-absence' }, '2025-03-14T10:00:00.000Z')
    .add('PractitionerAllocated', allocation('w-5', 'children-in-need'), '2025-03-17T10:00:00.000Z').events;
  const jc = journeyLog('j-c')
    .add('ContactReceived', contact('mash', '3', '2A', 'c-2'), '2025-04-01T10:00:00.000Z')
    .add('FamilyMembershipStarted', { familyRef: 'f-1' }, '2025-04-01T10:00:00.000Z')
    .add('PractitionerAllocated', allocation('w-6', 'mash'), '2025-04-01T11:00:00.000Z')
    .add('CaseHandedOver', handover('mash', 'early-help-north'), '2025-04-02T10:00:00.000Z')
    .add('PractitionerAllocated', allocation('w-7', 'early-help-north', 'early-help-practitioner'), '2025-04-02T11:00:00.000Z').events;
  const jd = journeyLog('j-d')
    .add('ContactReceived', { ...contact('mash'), childRef: 'child-9' }, '2025-03-05T10:00:00.000Z')
    .add('FamilyMembershipStarted', { familyRef: 'f-2' }, '2025-03-05T10:00:00.000Z')
    .add('PractitionerAllocated', allocation('w-8', 'mash'), '2025-03-05T11:00:00.000Z')
    .add('CaseHandedOver', handover('mash', 'assessment-south'), '2025-03-06T10:00:00.000Z')
    .add('PractitionerAllocated', allocation('w-9', 'assessment-south'), '2025-03-06T11:00:00.000Z').events;
  const je = journeyLog('j-e')
    .add('ContactReceived', { ...contact('mash'), childRef: 'child-10' }, '2025-03-06T10:00:00.000Z')
    .add('PractitionerAllocated', allocation('w-10', 'mash'), '2025-03-06T11:00:00.000Z')
    .add('CaseHandedOver', handover('mash', 'cart'), '2025-03-07T10:00:00.000Z')
    .add('PractitionerAllocated', allocation('w-11', 'cart'), '2025-03-07T11:00:00.000Z')
    .add('JourneyClosed', { reason: 'RC8', team: 'cart' }, '2025-03-08T10:00:00.000Z').events;
  return [ja, jb, jc, jd, je];
}

export const ONE_LEAD_PRACTITIONER_PER_FAMILY = `format: journey-ledger/scenario@1
id: one-per-family
tenant: north-shire
title: One lead practitioner per family
leadPractitioner: one-per-family
`;
