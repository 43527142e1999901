import type { Command } from 'commander';
import { measureHandovers, readJourneys } from '@journey-ledger/process-mining';
import type { HandoverConvention } from '@journey-ledger/process-mining';
import { withStore } from '../store';

interface HandoversOptions {
  tenant: string;
  convention: string;
  beforeActivity?: string;
  paths: string;
}

export function registerHandovers(program: Command): void {
  program
    .command('handovers')
    .description('handover measures from the event streams of any tenant, imported logs included (JSON)')
    .requiredOption('--tenant <id>', 'the tenant to measure')
    .option('--convention <changes|pm4py>', 'changes: a change of holder (ours); pm4py: every consecutive pair, self-handovers included', 'changes')
    .option('--before-activity <label>', 'also count handovers before the first completion of this activity')
    .option('--paths <n>', 'how many paths to list', '20')
    .action(async (o: HandoversOptions) => {
      if (o.convention !== 'changes' && o.convention !== 'pm4py') throw new Error('--convention: changes or pm4py');
      await withStore(async ({ eventStore }) => {
        const measures = await measureHandovers(readJourneys(eventStore, { tenantId: o.tenant }), {
          convention: o.convention as HandoverConvention,
          beforeActivity: o.beforeActivity,
          pathLimit: Number(o.paths),
        });
        process.stdout.write(`${JSON.stringify(measures, null, 2)}\n`);
      });
    });
}
