import { deepStrictEqual } from 'node:assert/strict';
import type { Decider, DomainCommand, DomainEvent } from './decider';
import { fold } from './decider';

type ErrorClass = abstract new (...args: never[]) => Error;

/**
 * given(events).when(command).then(events) | thenThrows(Error) | thenNothingHappened().
 * Framework-free (node:assert), so it works under jest or anything else.
 */
export const DeciderSpecification = {
  for<S, C extends DomainCommand, E extends DomainEvent>(decider: Decider<S, C, E>) {
    return (given: readonly E[]) => ({
      when(command: C) {
        const run = (): readonly E[] => decider.decide(command, fold(decider, given));
        return {
          then(expected: readonly E[]): void {
            deepStrictEqual(toPlain(run()), toPlain(expected));
          },
          thenNothingHappened(): void {
            deepStrictEqual(toPlain(run()), []);
          },
          /** Asserts the refusal; returns the error for further checks. */
          thenThrows<T extends Error>(errorClass: ErrorClass, check?: (error: T) => void): T {
            let produced: readonly E[] | undefined;
            try {
              produced = run();
            } catch (error) {
              if (!(error instanceof errorClass)) {
                throw new Error(`expected ${errorClass.name}, got ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
              }
              check?.(error as T);
              return error as T;
            }
            throw new Error(`expected ${errorClass.name}, but the decider produced ${JSON.stringify(produced)}`);
          },
        };
      },
    });
  },
};

// Events must be plain data: a round trip through JSON is what the store does.
function toPlain<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
