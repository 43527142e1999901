import { firstRequestsOf } from './first-requests';
import { parseRoute } from './route';

describe('the requests a page opened from the address sends first', () => {
  it('the dashboard: the council and its seven measures, each with the filters in the address', () => {
    expect(firstRequestsOf(parseRoute('#/dashboard?source=2A&from=2025-04-01'))).toEqual([
      '/council',
      '/metrics/funnel?from=2025-04-01&source=2A',
      '/metrics/nfa-rates?from=2025-04-01&source=2A',
      '/metrics/handovers?from=2025-04-01&source=2A',
      '/metrics/handovers?from=2025-04-01&source=2A&period=month',
      '/metrics/re-referrals?from=2025-04-01&source=2A',
      '/metrics/timeliness?from=2025-04-01&source=2A',
      '/metrics/out-of-hours?from=2025-04-01&source=2A',
    ]);
  });

  it('the dashboard with an invalid filter asks for no measure (the page shows the error instead)', () => {
    expect(firstRequestsOf(parseRoute('#/dashboard?from=yesterday'))).toEqual(['/council']);
  });

  it('the process map: its three answers, narrowed by valid filters only', () => {
    expect(firstRequestsOf(parseRoute('#/map?team=mash&view=time'))).toEqual([
      '/council',
      '/metrics/flows/matrix?team=mash',
      '/metrics/waiting?team=mash&groupBy=team',
      '/metrics/flows/paths?team=mash&limit=15',
    ]);
    expect(firstRequestsOf(parseRoute('#/map?to=never'))).toEqual([
      '/council',
      '/metrics/flows/matrix',
      '/metrics/waiting?groupBy=team',
      '/metrics/flows/paths?limit=15',
    ]);
  });

  it('any other page: the council only', () => {
    expect(firstRequestsOf(parseRoute('#/journeys'))).toEqual(['/council']);
  });
});
