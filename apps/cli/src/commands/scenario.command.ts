import { englandAndWalesCalendar } from '@journey-ledger/domain';
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { parseScenario, runScenario, ScenarioValidationError } from '@journey-ledger/replay';
import type { ScenarioRunResult } from '@journey-ledger/replay';
import { createProgress } from '../progress';
import { loadTenant, withStore } from '../store';

interface ScenarioRunOptions {
  tenant: string;
  asKnownAt?: string;
  asAt?: string;
  batch: string;
  json?: boolean;
}

const fmt = (n: number | null) => (n === null ? '-' : String(n));

export function formatScenarioRun(r: ScenarioRunResult, seconds: number): string {
  const lines = [
    `scenario ${r.scenarioId} over ${r.journeys} journeys of ${r.tenantId} (${r.eventsRead} events read in ${seconds.toFixed(1)}s; written: nothing)`,
    [
      'measure',
      'today mean',
      'scenario mean',
      'today median',
      'scenario median',
      'today p90',
      'scenario p90',
      'today total',
      'scenario total',
      'difference',
      '%',
    ].join('\t'),
  ];
  const rows = (list: ScenarioRunResult['measures'] | ScenarioRunResult['families']['measures']) => {
    for (const m of list) {
      lines.push(
        [
          m.measure,
          fmt(m.today.mean),
          fmt(m.scenario.mean),
          fmt(m.today.median),
          fmt(m.scenario.median),
          fmt(m.today.p90),
          fmt(m.scenario.p90),
          m.today.total,
          m.scenario.total,
          m.difference.total,
          fmt(m.difference.percent),
        ].join('\t'),
      );
    }
  };
  rows(r.measures);
  lines.push(
    `journeys with fewer handovers: ${r.journeysWith.fewerHandovers}, the same: ${r.journeysWith.sameHandovers}, more: ${r.journeysWith.moreHandovers}; re-routed: ${r.rerouted}; kept at a removed team: ${r.keptAtRemovedTeam}`,
  );
  if (r.families.families > 0) {
    // What each family met, over all its children's journeys (siblings' and the same child's over time).
    lines.push(`per family, over ${r.families.families} families (${r.families.memberJourneys} of the journeys belong to a family):`);
    rows(r.families.measures);
    const w = r.families.familiesWith;
    lines.push(`families meeting fewer lead practitioners: ${w.fewerPractitioners}, the same: ${w.samePractitioners}, more: ${w.morePractitioners}`);
  }
  return `${lines.join('\n')}\n`;
}

function readScenario(file: string, tenantId: string) {
  const tenant = loadTenant(tenantId);
  const ctx = { tenantId: tenant.config.id, teams: tenant.teams, levelsOfNeed: tenant.config.levelsOfNeed };
  try {
    return { tenant, scenario: parseScenario(readFileSync(file, 'utf8'), ctx) };
  } catch (e) {
    if (e instanceof ScenarioValidationError) {
      throw new Error(`${file} is not a valid scenario:\n${e.problems.map((p) => `  ${file}:${p.line ?? '?'} ${p.field}: ${p.message}`).join('\n')}`);
    }
    throw e;
  }
}

export function registerScenario(program: Command): void {
  const scenario = program.command('scenario').description('What-if replay of history through a redesigned front door');
  scenario
    .command('validate <file>')
    .description('Check a scenario document (YAML or JSON) against the tenant’s teams')
    .option('-t, --tenant <tenant>', 'tenant (config/tenants/<tenant>.yaml)', 'north-shire')
    .action((file: string, opts: { tenant: string }) => {
      const { scenario: s } = readScenario(file, opts.tenant);
      process.stdout.write(
        `${file}: valid. ${[...s.teamMap]
          .filter(([a, b]) => a !== b)
          .map(([a, b]) => `${a} → ${b ?? '(removed)'}`)
          .join(', ')}\n`,
      );
    });
  scenario
    .command('run <file>')
    .description('Replay the real log through the scenario and print today vs scenario side by side (reads only; writes nothing)')
    .option('-t, --tenant <tenant>', 'tenant (config/tenants/<tenant>.yaml)', 'north-shire')
    .option('--as-known-at <instant>', 'replay the log as known at this instant')
    .option('--as-at <instant>', 'measure journeys as they stood at this instant')
    .option('--batch <n>', 'events per read of the log', '5000')
    .option('--json', 'print JSON')
    .action(async (file: string, opts: ScenarioRunOptions) => {
      const { tenant, scenario: s } = readScenario(file, opts.tenant);
      await withStore(async ({ eventStore }) => {
        const head = await eventStore.headPosition();
        const progress = createProgress({ label: `scenario ${s.document.id}`, total: head, unit: 'positions' });
        const started = Date.now();
        const result = await runScenario(eventStore, s, {
          tenantId: tenant.config.id,
          asKnownAt: opts.asKnownAt,
          asAt: opts.asAt,
          batchSize: Number(opts.batch),
          calendar: englandAndWalesCalendar(),
          timeZone: tenant.config.timeZone,
          onProgress: (p) => progress.update(p.position, { openJourneys: p.openJourneys }),
        });
        progress.stop();
        const seconds = (Date.now() - started) / 1000;
        process.stdout.write(opts.json ? `${JSON.stringify({ ...result, seconds }, null, 2)}\n` : formatScenarioRun(result, seconds));
      });
    });
}
