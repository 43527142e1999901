import { equalityOptionsFor, equalityRequests } from './equality';

describe('the dashboard’s equality filter', () => {
  it('given an analyst or designer, then every characteristic is offered', () => {
    expect(equalityOptionsFor(['analyst'])).toEqual(['sex', 'ageBand', 'ethnicity', 'disability']);
    expect(equalityOptionsFor(['designer'])).toEqual(['sex', 'ageBand', 'ethnicity', 'disability']);
  });

  it('given a role without the need for special-category data, then ethnicity and disability are not offered', () => {
    expect(equalityOptionsFor(['recorder'])).toEqual(['sex', 'ageBand']);
  });

  it('given filters beyond the period, then the breakdown and the cost tile ask for the period only', () => {
    const r = equalityRequests({ from: '2024-04-01', to: '2025-04-01', source: '2A', team: 'mash' }, 'ethnicity');
    expect(r).toEqual({
      cost: '/metrics/cost?from=2024-04-01&to=2025-04-01',
      handovers: '/metrics/handovers?from=2024-04-01&to=2025-04-01&groupBy=ethnicity',
      nfa: '/metrics/nfa-rates?from=2024-04-01&to=2025-04-01&groupBy=ethnicity',
    });
    expect(equalityRequests({}, null)).toEqual({ cost: '/metrics/cost', handovers: null, nfa: null });
  });
});
