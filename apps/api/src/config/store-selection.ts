import { describeStore, storeSettingsFromEnv } from '@journey-ledger/event-store';

/**
 * The start-up line that says which store the server writes to. `JOURNEY_LEDGER_STORE` alone
 * selects it; a `DATABASE_URL` left in the environment does not, and the line says so rather
 * than let someone believe the demo is writing to their PostgreSQL. A misconfigured setting throws
 * `StoreConfigurationError` naming the variable, before anything opens.
 */
export function storeSelectionLine(env: NodeJS.ProcessEnv = process.env): string {
  const settings = storeSettingsFromEnv(env);
  const ignored = settings.kind === 'embedded' && env.DATABASE_URL ? ' (DATABASE_URL is set but not used: JOURNEY_LEDGER_STORE=postgres selects it)' : '';
  return `Store: ${describeStore(settings)}${ignored}`;
}
