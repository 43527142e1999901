import type { DecisionContext } from '../journey/decide';
import { decide } from '../journey/decide';
import type { JourneyCommand } from '../journey/commands';
import type { JourneyRuleCode } from '../journey/errors';
import { JourneyRuleViolation } from '../journey/errors';
import type { JourneyEvent } from '../journey/events';
import { foldJourney } from '../journey/evolve';

type WithoutMetadata<E> = E extends JourneyEvent ? Omit<E, 'metadata'> & { metadata?: Partial<E['metadata']> } : never;

/**
 * Given events, when a command, then events or a refusal: a journey specification in the
 * words of the domain, with no store and no framework.
 */
export function givenJourney(history: readonly JourneyEvent[], ctx: DecisionContext) {
  return {
    when(command: JourneyCommand) {
      const run = () => decide(command, foldJourney(history), ctx);
      return {
        then(expected: readonly WithoutMetadata<JourneyEvent>[]) {
          const events = run();
          expect(events.map(({ type, version, data }) => ({ type, version, data }))).toEqual(
            expected.map(({ type, version, data }) => ({ type, version, data })),
          );
          return events;
        },
        thenRefuses(code: JourneyRuleCode, field?: string) {
          let caught: unknown;
          try {
            run();
          } catch (e) {
            caught = e;
          }
          expect(caught).toBeInstanceOf(JourneyRuleViolation);
          expect((caught as JourneyRuleViolation).code).toBe(code);
          if (field !== undefined) expect((caught as JourneyRuleViolation).field).toBe(field);
        },
      };
    },
  };
}
