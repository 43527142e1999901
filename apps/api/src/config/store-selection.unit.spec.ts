import { storeSelectionLine } from './store-selection';

describe('the start-up line naming the store', () => {
  it('says the embedded store is used and a stray DATABASE_URL is not', () => {
    expect(storeSelectionLine({ DATABASE_URL: 'postgres://postgres@db/x' })).toBe(
      'Store: embedded SQLite at data/journey-ledger.sqlite (DATABASE_URL is set but not used: JOURNEY_LEDGER_STORE=postgres selects it)',
    );
  });

  it('names PostgreSQL when it is selected, and refuses a setting it does not know', () => {
    expect(storeSelectionLine({ JOURNEY_LEDGER_STORE: 'postgres', DATABASE_URL: 'postgres://postgres@db/x' })).toBe('Store: PostgreSQL at postgres://…@db/x');
    expect(() => storeSelectionLine({ JOURNEY_LEDGER_STORE: 'sqlite' })).toThrow(/JOURNEY_LEDGER_STORE must be/);
  });
});
