import { TenantRegistry } from '@journey-ledger/application';
import type { JourneyCommand } from '@journey-ledger/domain';
import { STORE_KINDS } from '@journey-ledger/testing';
import type { StoreFixture } from '@journey-ledger/testing';
import { NO_SUPPRESSION } from '../query/figures';
import { openReadModels } from '../read-models';
import { journeyRecorder } from '../testing';
import { evaluateChange } from './change-evaluation';

const tenants = TenantRegistry.fromDirectory('config/tenants');
const change = { changeId: 'one-front-door', title: 'One front door', goLive: '2026-03-02', teams: ['mash', 'cart'] };
/** 10:00 UTC on a day of 2026 (GMT: UTC is local time until 29 March). */
const at = (day: string) => `${day}T10:00:00.000Z`;

/** A contact at the MASH decided the same day: NFA or a referral. */
const decided = (child: string, day: string, nfa: boolean): JourneyCommand[] => [
  {
    type: 'RecordContact',
    data: { contactId: `${child}-c`, childRef: child, source: '2A', channel: 'phone', team: 'mash', concerns: [], levelOfNeed: '3', occurredAt: at(day) },
  },
  { type: 'DecideContact', data: { outcome: nfa ? 'nfa' : 'referral', team: 'mash', occurredAt: at(day) } },
];

/**
 * One month either side of the go-live (2 March 2026), worked so that the intervals are
 * Newcombe's (1998) published examples: before (2 February to 1 March) 20 contacts decided, none
 * NFA: 0/20, Wilson 95% interval 0 to 0.1611; after (2 March to 1 April) 29 contacts, one NFA:
 * 1/29, 0.0061 to 0.1718. The intervals overlap: no sign that the rate changed.
 */
describe.each(STORE_KINDS)('change evaluation (%s)', (_, open) => {
  let f: StoreFixture;
  beforeAll(async () => {
    f = await open();
    const run = journeyRecorder(f.store, tenants);
    for (let i = 0; i < 20; i++) await run(decided(`b-${i}`, `2026-02-${String(3 + (i % 20)).padStart(2, '0')}`, false));
    for (let i = 0; i < 29; i++) await run(decided(`a-${i}`, `2026-03-${String(3 + (i % 25)).padStart(2, '0')}`, i === 0));
    await (await openReadModels(f.store, f.db, { tenants: tenants.configOf })).catchUp();
  });
  afterAll(async () => f.dispose());

  it('gives each window’s contact NFA rate with its published Wilson interval', async () => {
    const result = await evaluateChange(f.db, 'north-shire', change, {
      months: 1,
      timeZone: 'Europe/London',
      today: '2026-06-01',
      suppression: NO_SUPPRESSION,
    });
    expect(result.windows).toEqual({ before: { from: '2026-02-02', to: '2026-03-02' }, after: { from: '2026-03-02', to: '2026-04-02' } });
    expect(result.rates.contactNfa).toMatchObject({
      before: { numerator: 0, denominator: 20, rate: 0, interval: { lower: 0, upper: 0.1611 } },
      after: { numerator: 1, denominator: 29, rate: 0.0345, interval: { lower: 0.0061, upper: 0.1718 } },
      change: 0.0345,
      intervalsOverlap: true,
    });
    expect(result.handoversPerJourney.mean.after).toMatchObject({ journeys: 29, value: 0, interval: { lower: 0, upper: 0 } });
    expect(result.notes).toEqual([expect.stringMatching(/^windows of 1 month\(s\) are short/)]);
  });

  it('withholds small numerators from an analyst, and the interval with them', async () => {
    const result = await evaluateChange(f.db, 'north-shire', change, {
      months: 1,
      timeZone: 'Europe/London',
      today: '2026-06-01',
      suppression: { threshold: 5, applies: true },
    });
    expect(result.rates.contactNfa.after).toEqual({ numerator: null, denominator: 29, rate: null, interval: null });
    expect(result.rates.contactNfa.before).toMatchObject({ numerator: 0, denominator: 20, interval: { lower: 0, upper: 0.1611 } });
  });
});

/**
 * The interrupted time series, on the hand-worked fixture of interrupted-time-series.unit.spec.ts:
 * one journey a month for three months either side of a go-live on 2 March 2026, with
 * 10, 13, 14 handovers before and 9, 9, 12 after. Level change −7.833 (standard error 1.852),
 * trend change −0.5 a month (standard error 1.041), on 2 degrees of freedom.
 */
describe.each(STORE_KINDS)('interrupted time series of a change (%s)', (_, open) => {
  let f: StoreFixture;
  const valeChange = { changeId: 'one-team', title: 'One team', goLive: '2026-03-02', teams: ['mash'] };
  const journey = (child: string, day: string, handovers: number): JourneyCommand[] => [
    {
      type: 'RecordContact',
      data: {
        contactId: `${child}-c`,
        childRef: child,
        source: '2A',
        channel: 'phone',
        team: 'mash',
        concerns: [],
        levelOfNeed: '3',
        occurredAt: at(day),
      },
    },
    ...Array.from({ length: handovers }, (_, i): JourneyCommand => ({
      type: 'HandOver',
      data: {
        fromTeam: i % 2 === 0 ? 'mash' : 'cart',
        toTeam: i % 2 === 0 ? 'cart' : 'mash',
        reason: 'for-assessment',
        occurredAt: at(day),
      },
    })),
  ];
  beforeAll(async () => {
    f = await open();
    const run = journeyRecorder(f.store, tenants);
    const months = ['2025-12-10', '2026-01-10', '2026-02-10', '2026-03-10', '2026-04-10', '2026-05-10'];
    const handovers = [10, 13, 14, 9, 9, 12];
    for (let i = 0; i < months.length; i++) await run(journey(`its-${i}`, months[i], handovers[i]));
    await (await openReadModels(f.store, f.db, { tenants: tenants.configOf })).catchUp();
  });
  afterAll(async () => f.dispose());

  it('given three months of handovers either side of the go-live, fits the level and trend change', async () => {
    const result = await evaluateChange(f.db, 'north-shire', valeChange, {
      months: 3,
      timeZone: 'Europe/London',
      today: '2026-07-01',
      suppression: NO_SUPPRESSION,
    });
    const its = result.interruptedTimeSeries.handoversPerJourney;
    if ('withheld' in its) throw new Error('withheld with no suppression');
    expect(its.months.map((m) => [m.month, m.after, m.value])).toEqual([
      ['2025-12-02', false, 10],
      ['2026-01-02', false, 13],
      ['2026-02-02', false, 14],
      ['2026-03-02', true, 9],
      ['2026-04-02', true, 9],
      ['2026-05-02', true, 12],
    ]);
    expect(its.regression).toMatchObject({
      points: { before: 3, after: 3 },
      degreesOfFreedom: 2,
      levelChange: { estimate: -7.833, standardError: 1.852 },
      trendChange: { estimate: -0.5, standardError: 1.041 },
    });
    // No contact was decided: no rate to fit.
    expect(result.interruptedTimeSeries.rates.contactNfa).toMatchObject({ regression: null });
  });

  it('withholds the monthly series from an analyst when a month counts fewer journeys than the threshold', async () => {
    const result = await evaluateChange(f.db, 'north-shire', valeChange, {
      months: 3,
      timeZone: 'Europe/London',
      today: '2026-07-01',
      suppression: { threshold: 5, applies: true },
    });
    expect(result.interruptedTimeSeries.handoversPerJourney).toEqual({ withheld: true });
  });
});
