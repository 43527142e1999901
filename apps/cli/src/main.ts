import { Command } from 'commander';
import { commands } from './commands';

/**
 * The Journey Ledger command line: the same use cases as the API, from a terminal. Commands are
 * registered from `./commands/index.ts`, one registration function each.
 */
export function buildProgram(): Command {
  const program = new Command();
  program
    .name('journey-ledger')
    .description('Journey Ledger: an event-sourced record of children’s journeys through the front door')
    .showHelpAfterError()
    .exitOverride((err) => {
      // Help and version are not failures.
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') process.exit(0);
      process.exit(err.exitCode || 1);
    });
  for (const register of commands) register(program);
  return program;
}

async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (e) {
    process.stderr.write(`error: ${(e as Error).message}\n`);
    process.exitCode = 1;
  }
}

if (require.main === module) void main(process.argv);
