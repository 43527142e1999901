import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { JourneyCommandService } from '@journey-ledger/application';
import type { CommandEnvelope, CommandResult, HandleOptions, JourneyCommandRequest } from '@journey-ledger/application';

/** The command bus message: which journey, on whose behalf, and the domain command itself. */
export class ExecuteJourneyCommand extends Command<CommandResult> {
  constructor(
    readonly envelope: CommandEnvelope,
    readonly command: JourneyCommandRequest,
    readonly options: HandleOptions,
  ) {
    super();
  }
}

/** A thin shell: the work (load, decide, append, retry) is the framework-free service's. */
@CommandHandler(ExecuteJourneyCommand)
export class ExecuteJourneyCommandHandler implements ICommandHandler<ExecuteJourneyCommand, CommandResult> {
  constructor(private readonly service: JourneyCommandService) {}

  execute({ envelope, command, options }: ExecuteJourneyCommand): Promise<CommandResult> {
    return this.service.handle(envelope, command, options);
  }
}
