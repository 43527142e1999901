import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { parseTenantConfig, TenantConfigError } from './tenant-config';

describe('tenant configuration', () => {
  it('reads the shipped North Shire file, filling the defaults', () => {
    const config = parseTenantConfig(parse(readFileSync('config/tenants/north-shire.yaml', 'utf8')));
    expect(config.timeZone).toBe('Europe/London');
    expect(config.officeHours).toEqual({ days: [1, 2, 3, 4, 5], opens: '09:00', closes: '17:00' });
    expect(config.teams.find((t) => t.id === 'mash')).toMatchObject({ tier: 'front-door', area: 'County' });
    const south = parseTenantConfig(parse(readFileSync('config/tenants/south-vale.yaml', 'utf8')));
    expect(south.timeZone).toBe('Europe/London');
  });

  it('names every problem with the path of its field', () => {
    let error: TenantConfigError | undefined;
    try {
      parseTenantConfig({
        id: 'Bad Id',
        name: '',
        timeZone: 'Mars/Olympus',
        officeHours: { days: [0], opens: '18:00', closes: '09:00' },
        teams: [
          { id: 'mash', name: 'MASH', tier: 'front-door', area: 'County' },
          { id: 'mash', name: 'Again', tier: 'tier-9', area: '' },
        ],
      });
    } catch (e) {
      error = e as TenantConfigError;
    }
    expect(error).toBeInstanceOf(TenantConfigError);
    expect(error!.problems).toEqual([
      'tenant.id: must be a lower-case slug',
      'tenant.name: required',
      'tenant.timeZone: unknown IANA time zone',
      'tenant.officeHours.days: ISO weekdays 1-7',
      'tenant.officeHours: opens must be before closes',
      'tenant.teams[1].id: duplicate team id "mash"',
      'tenant.teams[1].tier: one of front-door, early-help, family-help, statutory, multi-agency-child-protection, partner, universal, unknown',
      'tenant.teams[1].area: required',
    ]);
  });
});
