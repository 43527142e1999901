import type { Command } from 'commander';
import { TenantRegistry, tenantsDirFromEnv } from '@journey-ledger/application';
import { describeError, openReadModels } from '@journey-ledger/read-models';
import { withStore } from '../store';

/**
 * The projection worker: brings the read models up to the head of the log, rebuilds them from
 * the whole log (beside the ones in use, swapped in when complete), or follows the log (run it beside API processes started with JOURNEY_LEDGER_PROJECTIONS=worker).
 */
export function registerProject(program: Command): void {
  program
    .command('project')
    .description('bring the read models up to date (--rebuild: again from the whole log; --follow: keep following the log)')
    .option(
      '--rebuild [names]',
      'rebuild these projections (comma-separated; all if none given) beside the read models in use, which keep answering until the new ones replace them whole',
    )
    .option('--follow', 'keep following the log until interrupted')
    .option('--batch <events>', 'events per transaction: larger batches aggregate more before writing', '20000')
    .action(async (opts: { rebuild?: string | boolean; follow?: boolean; batch: string }) => {
      await withStore(async ({ eventStore, db }) => {
        const runner = await openReadModels(eventStore, db, {
          batchSize: Number(opts.batch),
          tenants: TenantRegistry.fromDirectory(tenantsDirFromEnv()).configOf,
          onError: (e) => process.stderr.write(`a batch failed and will be tried again: ${describeError(e)}\n`),
        });
        const started = process.hrtime.bigint();
        const head = await eventStore.headPosition();
        if (opts.rebuild) await runner.rebuild(typeof opts.rebuild === 'string' ? opts.rebuild.split(',') : undefined);
        else await runner.catchUp();
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        for (const s of await runner.status()) {
          process.stdout.write(`${s.name} v${s.version}: position ${s.position} of ${s.head} (lag ${s.lag})\n`);
        }
        process.stdout.write(`${opts.rebuild ? 'rebuilt' : 'caught up'} ${head} log positions in ${seconds.toFixed(1)} s\n`);
        if (opts.follow) {
          runner.start();
          process.stdout.write('following the log; Ctrl-C to stop\n');
          await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()).once('SIGTERM', () => resolve()));
          await runner.stop();
        }
      });
    });
}
