import { englandAndWalesCalendar, journeyStreamId, toJourneyEvent } from '@journey-ledger/domain';
import type { Command } from 'commander';
import { stepThrough } from '@journey-ledger/replay';
import type { JourneyReplay } from '@journey-ledger/replay';
import { loadTenant, withStore } from '../store';

export interface ReplayCommandOptions {
  tenant: string;
  order: string;
  asKnownAt?: string;
  asAt?: string;
  json?: boolean;
}

/** A plain table a designer can read in a terminal: one line per step. No personal data is printed (child refs are pseudonymous and left out). */
export function formatReplay(journeyId: string, r: JourneyReplay): string {
  const lines = [
    `journey ${journeyId} (${r.order} order${r.asKnownAt ? `, as known at ${r.asKnownAt}` : ''}${r.asAt ? `, as at ${r.asAt}` : ''}): ${r.status}, ${r.handovers} handovers (${r.handoversBeforeHelp} before help), ${r.teamsTouched.length} teams`,
    ['step', 'occurred', 'event', 'holder', 'handovers', 'waiting (working days / hours)', 'note'].join('\t'),
  ];
  for (const s of r.steps) {
    const note = s.handover
      ? `handover ${s.handover.from} → ${s.handover.to}`
      : s.withdrew
        ? `withdrew ${s.withdrew}`
        : s.openAssessment
          ? `assessment ${s.openAssessment.kind} open`
          : '';
    const wait = s.waitingWithHolder ? `${s.waitingWithHolder.workingDays} / ${s.waitingWithHolder.hours}` : '';
    lines.push([s.step, s.event.occurredAt, s.event.type, s.holder ?? '', s.handovers, wait, note].join('\t'));
  }
  lines.push('spells:');
  for (const s of r.spells) lines.push(`  ${s.team}\t${s.since} → ${s.until}${s.open ? ' (open)' : ''}\t${s.workingDays} working days, ${s.hours} h`);
  if (r.withdrawn.length > 0) lines.push(`withdrawn entries: ${r.withdrawn.map((w) => `${w.type} ${w.eventId} (withdrawn ${w.withdrawnAt})`).join(', ')}`);
  return `${lines.join('\n')}\n`;
}

export function registerReplay(program: Command): void {
  program
    .command('replay <journeyId>')
    .description('Step through one journey: holder, handovers, teams touched and the wait with the holder after each event')
    .option('-t, --tenant <tenant>', 'tenant (config/tenants/<tenant>.yaml)', 'north-shire')
    .option('-o, --order <order>', 'business (by occurredAt) or recording', 'business')
    .option('--as-known-at <instant>', 'as the ledger knew it at this instant (recordedAt)')
    .option('--as-at <instant>', 'as it stood at this instant (occurredAt)')
    .option('--json', 'print JSON')
    .action(async (journeyId: string, opts: ReplayCommandOptions) => {
      if (opts.order !== 'business' && opts.order !== 'recording') throw new Error('--order must be business or recording');
      const tenant = loadTenant(opts.tenant);
      await withStore(async ({ eventStore }) => {
        const events = await eventStore.readStream(tenant.config.id, journeyStreamId(journeyId));
        if (events.length === 0) {
          process.stderr.write(`no journey ${journeyId} in ${tenant.config.id}\n`);
          process.exitCode = 2;
          return;
        }
        const replay = stepThrough(
          events.map((e) => ({ revision: e.revision, event: toJourneyEvent(e) })),
          {
            order: opts.order as 'business' | 'recording',
            asKnownAt: opts.asKnownAt,
            asAt: opts.asAt,
            calendar: englandAndWalesCalendar(),
            timeZone: tenant.config.timeZone,
            now: new Date().toISOString(),
          },
        );
        process.stdout.write(opts.json ? `${JSON.stringify({ journeyId, ...replay }, null, 2)}\n` : formatReplay(journeyId, replay));
      });
    });
}
