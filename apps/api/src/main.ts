import 'reflect-metadata';
import { createApp } from './create-app';
import { loadDemoIfEmpty } from './demo/demo-data';

async function main(): Promise<void> {
  const demo = process.argv.includes('--demo');
  const app = await createApp({}, undefined, { devSignIn: demo && process.env.NODE_ENV !== 'production' && !process.env.JOURNEY_LEDGER_JWKS_URL });
  const port = Number(process.env.PORT ?? 3000);
  if (demo) await loadDemoIfEmpty(app);
  await app.listen(port, process.env.HOST ?? '127.0.0.1');
  process.stdout.write(`Journey Ledger on http://127.0.0.1:${port}/ — open it in a browser (API: same address, OpenAPI: /docs, health: /health)\n`);
}

main().catch((e) => {
  process.stderr.write(`failed to start: ${(e as Error).message}\n`);
  process.exit(1);
});
