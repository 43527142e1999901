import { tableToCsv } from './csv';
import { count, number, rate } from './figures';

describe('figures and suppression', () => {
  it('given a withheld count (null in a suppressed row), then it reads "suppressed" with the reason, never 0', () => {
    const c = count(null, true, 5);
    expect(c).toMatchObject({ text: 'suppressed', value: null, suppressed: true });
    expect(c.reason).toBe(
      'Withheld: counts from 1 to 4 are not shown, nor the figures they could be worked out from, so that no child can be recognised from them.',
    );
  });

  it('given nothing to measure (null in an unsuppressed row), then it reads "–"', () => {
    expect(count(null, false, 5)).toEqual({ text: '–', value: null });
    expect(number(undefined, false, 5)).toEqual({ text: '–', value: null });
  });

  it('given a real zero in a suppressed row, then it is shown as 0: only 1 to 4 are withheld', () => {
    expect(count(0, true, 5)).toEqual({ text: '0', value: 0 });
  });

  it('given a rate, then it is shown with its numerator and denominator', () => {
    expect(rate({ numerator: 801, denominator: 2000, rate: 0.4005 }, false, 5).text).toBe('40.1% (801 of 2,000)');
    expect(rate({ numerator: null, denominator: 148, rate: null }, true, 5).suppressed).toBe(true);
    expect(rate({ numerator: 0, denominator: 0, rate: null }, true, 5)).toEqual({ text: '–', value: null });
  });

  it('given a table as shown, then its CSV holds the same text, withheld cells included as "suppressed"', () => {
    const csv = tableToCsv(
      ['Handovers', 'Journeys'],
      [
        ['0', count(1136, true, 5)],
        ['4', count(null, true, 5)],
      ],
    );
    expect(csv).toBe('Handovers,Journeys\n0,"1,136"\n4,suppressed\n');
  });
});
