import 'reflect-metadata';
import { createApp } from './create-app';
import { loadDemoIfEmpty } from './demo/demo-data';

async function main(): Promise<void> {
  const app = await createApp();
  const port = Number(process.env.PORT ?? 3000);
  if (process.argv.includes('--demo')) await loadDemoIfEmpty(app);
  await app.listen(port, process.env.HOST ?? '127.0.0.1');
  process.stdout.write(`Journey Ledger API on http://127.0.0.1:${port} (OpenAPI: /docs, health: /health)\n`);
}

main().catch((e) => {
  process.stderr.write(`failed to start: ${(e as Error).message}\n`);
  process.exit(1);
});
