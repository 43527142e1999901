import { ariaSortOf, sortKeyOf } from './sorting';

describe('what a table cell sorts by', () => {
  it('in a column of figures, a figure sorts by its number, not its formatted text', () => {
    expect(sortKeyOf({ text: '1,234', value: 1234 }, true)).toBe(1234);
    expect(sortKeyOf({ text: '9.5%', value: 0.095 }, true)).toBe(0.095);
  });

  it('a withheld figure has no number to sort by (it goes last), never zero', () => {
    expect(sortKeyOf({ text: 'suppressed', value: null, suppressed: true, reason: 'Withheld' }, true)).toBeUndefined();
    expect(sortKeyOf({ text: 'suppressed', value: 3, suppressed: true, reason: 'Withheld' }, true)).toBeUndefined();
    expect(sortKeyOf({ text: '–', value: null }, true)).toBeUndefined();
    expect(sortKeyOf('not applicable', true)).toBeUndefined();
  });

  it('in other columns, a cell sorts by the text shown', () => {
    expect(sortKeyOf('2025-03', false)).toBe('2025-03');
    expect(sortKeyOf({ text: 'MASH', value: null }, false)).toBe('MASH');
    expect(sortKeyOf(undefined, false)).toBeUndefined();
  });

  it('announces the sort direction as WAI-ARIA names it', () => {
    expect([ariaSortOf('asc'), ariaSortOf('desc'), ariaSortOf(false)]).toEqual(['ascending', 'descending', 'none']);
  });
});
