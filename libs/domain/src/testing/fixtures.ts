import { TeamDirectory } from '../tenant/tenant-config';
import type { Team } from '../tenant/tenant-config';
import type { JourneyEvent } from '../journey/events';

/** The fictional North Shire team map (config/tenants/north-shire.yaml), for specifications. */
export const northShireTeams: Team[] = [
  { id: 'customer-access', name: 'Customer Access Centre', tier: 'front-door', area: 'County' },
  { id: 'mash', name: 'Multi-Agency Safeguarding Hub', tier: 'front-door', area: 'County' },
  { id: 'cart', name: 'Contact and Referral Team', tier: 'front-door', area: 'County' },
  { id: 'edt', name: 'Emergency Duty Team', tier: 'front-door', area: 'County' },
  { id: 'early-response', name: 'Early Response Service', tier: 'early-help', area: 'County' },
  { id: 'early-help-north', name: 'Early Help North', tier: 'early-help', area: 'North' },
  { id: 'assessment-north', name: 'Assessment Team North', tier: 'statutory', area: 'North' },
  { id: 'children-in-need', name: 'Children in Need Team', tier: 'statutory', area: 'County' },
  { id: 'school-nursing', name: 'School Nursing', tier: 'universal', area: 'County' },
];

export const northShire = new TeamDirectory(northShireTeams);

let counter = 0;
/** Builds a stored-looking event: what a specification is "given". */
export function recorded<E extends JourneyEvent>(type: E['type'], data: E['data'], occurredAt: string, eventId = `evt-${++counter}`): E {
  return { type, version: 1, data, metadata: { occurredAt, eventId } } as unknown as E;
}
