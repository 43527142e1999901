import { costOfActivity, DEFAULT_COST_MODEL, parseCostModel } from './cost-model';
import { parseTenantConfig, TenantConfigError } from './tenant-config';

const tenant = { id: 't', name: 'T', teams: [{ id: 'mash', name: 'MASH', tier: 'front-door', area: 'County' }] };

describe('a council’s cost model', () => {
  it('takes the documented defaults when the configuration has none', () => {
    expect(parseTenantConfig(tenant).costModel).toEqual(DEFAULT_COST_MODEL);
  });

  it('replaces only the figures the council gives, tier by tier', () => {
    const model = parseTenantConfig({
      ...tenant,
      costModel: { basis: 'own timesheets 2025', hourlyCost: { statutory: 62.5 }, hours: { handover: { default: 1.5 } } },
    }).costModel!;
    expect(costOfActivity(model, 'handover', 'statutory')).toEqual({ hours: 1.5, cost: 93.75 });
    expect(costOfActivity(model, 'handover', 'early-help')).toEqual({ hours: 1.5, cost: 60 });
    expect(costOfActivity(model, 'assessment', 'early-help')).toEqual({ hours: 8, cost: 320 });
    expect(costOfActivity(model, 'closure', undefined)).toEqual({ hours: 1, cost: 55 });
    expect(model.basis).toBe('own timesheets 2025');
  });

  it('names every problem with the path of its field', () => {
    const problems: string[] = [];
    parseCostModel(
      { colour: 1, hourlyCost: { statutory: -5, 'tier-9': 3 }, hours: { handover: { default: 'two' }, lunch: { default: 1 } } },
      'north.costModel',
      problems,
    );
    expect(problems).toEqual([
      'north.costModel.colour: unknown field (basis, hourlyCost, hours)',
      'north.costModel.hours.lunch: not an activity (contactScreening, handover, assessment, strategyDiscussion, closure)',
      'north.costModel.hours.handover.default: a number from 0 to 10000',
      'north.costModel.hourlyCost.statutory: a number from 0 to 10000',
      expect.stringMatching(/^north\.costModel\.hourlyCost\.tier-9: not a tier/),
    ]);
    expect(() => parseTenantConfig({ ...tenant, costModel: { hourlyCost: 55 } })).toThrow(TenantConfigError);
  });
});
