import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { givenJourney } from '../testing/decider-specification';
import { recorded } from '../testing/fixtures';
import { parseTenantConfig, TeamDirectory } from '../tenant/tenant-config';
import type { JourneyEvent } from './events';
import { foldJourney } from './evolve';

// South Vale is arranged as a Families First front door: front door, Family Help, a social work
// team and a multi-agency child protection team (config/tenants/south-vale.yaml).
const southVale = new TeamDirectory(parseTenantConfig(parse(readFileSync('config/tenants/south-vale.yaml', 'utf8'))).teams);
const ctx = { teams: southVale, now: '2026-03-31T12:00:00.000Z' };
const at = '2026-03-10T10:00:00.000Z';

const contact = recorded<JourneyEvent>(
  'ContactReceived',
  { contactId: 'c-1', childRef: 'child-1', source: '2A', channel: 'phone', team: 'front-door', concerns: [], levelOfNeed: '3' },
  '2026-03-02T09:00:00.000Z',
);
const toSocialWork = recorded<JourneyEvent>(
  'CaseHandedOver',
  { fromTeam: 'front-door', toTeam: 'social-work', reason: 'for-assessment' },
  '2026-03-03T09:00:00.000Z',
);
const toFamilyHelp = recorded<JourneyEvent>('SteppedDown', { fromTeam: 'front-door', toTeam: 'family-help', reason: 'early-help' }, '2026-03-03T09:00:00.000Z');

describe('Families First tiers: Family Help and multi-agency child protection', () => {
  it('reads the new tiers from a team map', () => {
    expect(southVale.tierOf('family-help')).toBe('family-help');
    expect(southVale.tierOf('macp')).toBe('multi-agency-child-protection');
  });

  it('steps down from social work to Family Help, a handover of team', () => {
    const events = givenJourney([contact, toSocialWork], ctx)
      .when({ type: 'StepDown', data: { fromTeam: 'social-work', toTeam: 'family-help', reason: 'early-help', occurredAt: at } })
      .then([{ type: 'SteppedDown', version: 1, data: { fromTeam: 'social-work', toTeam: 'family-help', reason: 'early-help' } }]);
    expect(foldJourney([contact, toSocialWork, ...events]).handovers).toBe(2);
  });

  it('steps down from the multi-agency child protection team to Family Help', () => {
    const toMacp = recorded<JourneyEvent>(
      'CaseHandedOver',
      { fromTeam: 'front-door', toTeam: 'macp', reason: 'multi-agency-decision' },
      '2026-03-03T09:00:00.000Z',
    );
    givenJourney([contact, toMacp], ctx)
      .when({ type: 'StepDown', data: { fromTeam: 'macp', toTeam: 'family-help', reason: 'early-help', occurredAt: at } })
      .then([{ type: 'SteppedDown', version: 1, data: { fromTeam: 'macp', toTeam: 'family-help', reason: 'early-help' } }]);
  });

  it('steps up from Family Help to the multi-agency child protection team', () => {
    givenJourney([contact, toFamilyHelp], ctx)
      .when({ type: 'StepUp', data: { fromTeam: 'family-help', toTeam: 'macp', reason: 'escalation', occurredAt: at } })
      .then([{ type: 'SteppedUp', version: 1, data: { fromTeam: 'family-help', toTeam: 'macp', reason: 'escalation' } }]);
  });

  it('refuses a step-up to Family Help: it is not social care', () => {
    givenJourney(
      [
        contact,
        toFamilyHelp,
        recorded<JourneyEvent>('SteppedUp', { fromTeam: 'family-help', toTeam: 'social-work', reason: 'escalation' }, '2026-03-04T09:00:00Z'),
      ],
      ctx,
    )
      .when({ type: 'StepUp', data: { fromTeam: 'social-work', toTeam: 'family-help', reason: 'escalation', occurredAt: at } })
      .thenRefuses('WrongTier', 'toTeam');
  });

  it('refuses a step-down to the multi-agency child protection team', () => {
    givenJourney([contact, toSocialWork], ctx)
      .when({ type: 'StepDown', data: { fromTeam: 'social-work', toTeam: 'macp', reason: 'early-help', occurredAt: at } })
      .thenRefuses('WrongTier', 'toTeam');
  });
});
