import 'reflect-metadata';
import { createApp } from './create-app';
import { StartUpRefused } from './config/start-up-secrets';
import { storeSelectionLine } from './config/store-selection';
import { loadDemoIfEmpty } from './demo/demo-data';
import { createJsonLogger } from './hardening/json-logger';
import { describeError } from './errors/describe-error';

async function main(): Promise<void> {
  const demo = process.argv.includes('--demo');
  // Validates the store setting before anything opens, and says which store this is.
  process.stdout.write(`${storeSelectionLine()}\n`);
  const app = await createApp({ demo }, undefined, { devSignIn: demo && !process.env.JOURNEY_LEDGER_JWKS_URL });
  const port = Number(process.env.PORT ?? 3000);
  if (demo) await loadDemoIfEmpty(app);
  await app.listen(port, process.env.HOST ?? '127.0.0.1');
  process.stdout.write(
    `Journey Ledger on http://127.0.0.1:${port}/ — open it in a browser (API: same address, OpenAPI: /docs, health: /health)${demo ? ' — DEMO, development secrets' : ''}\n`,
  );
}

main().catch((e) => {
  const logger = createJsonLogger();
  if (e instanceof StartUpRefused) {
    // Names the settings at fault, never their values.
    logger.fatal({ event: 'start-up-refused', problems: e.problems }, e.message);
  } else {
    // Start-up failures are configuration or connection errors: their message is what an operator needs.
    logger.fatal({ event: 'start-up-failed', ...describeError(e) }, `failed to start: ${(e as Error)?.message ?? String(e)}`);
  }
  logger.flush();
  process.stderr.write(`failed to start: ${(e as Error)?.message ?? String(e)}\n`);
  setTimeout(() => process.exit(1), 50);
});
