import { BadRequestException, ConflictException, NotFoundException } from '@nestjs/common';
import { DuplicateEventError } from '@journey-ledger/event-store';
import { ScenarioNotFound, ScenarioValidationError } from '@journey-ledger/replay';

/** Replay's own failures as the API's problem shapes (400 with fields, 404, 409). */
export function toHttpError(e: unknown): unknown {
  if (e instanceof ScenarioValidationError) {
    return new BadRequestException({
      error: 'Bad Request',
      message: 'the scenario is not valid',
      errors: e.problems.map((p) => ({ field: p.field, messages: [p.line !== undefined ? `line ${p.line}: ${p.message}` : p.message] })),
    });
  }
  if (e instanceof ScenarioNotFound) return new NotFoundException(e.message);
  if (e instanceof DuplicateEventError) return new ConflictException('this command id was already used for another scenario version');
  if (e instanceof RangeError) return new BadRequestException(e.message);
  return e;
}

export async function mapped<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    throw toHttpError(e);
  }
}
