import type { EventMetadata, RecordedEvent } from './event-store';
import type { UnitOfWork } from './unit-of-work';

/**
 * A service's in-transaction answer to its own events (an assessment issues its payment
 * order, a confirmed payment clears the assessment): it decides on other streams of the
 * same unit of work, so the reaction commits with its cause or not at all.
 */
export interface UnitReaction {
  react(uow: UnitOfWork, events: readonly RecordedEvent[]): Promise<void>;
}

// A reaction that answers itself for ever is a bug; a real chain is a few rounds long.
const MAX_ROUNDS = 16;

/**
 * Appends what the unit decided, lets every reaction answer the new events, and again
 * until nothing new is decided. Returns every event appended.
 */
export async function settle(uow: UnitOfWork, reactions: readonly UnitReaction[]): Promise<readonly RecordedEvent[]> {
  const all: RecordedEvent[] = [];
  for (let round = 0; ; round++) {
    const events = await uow.flush();
    if (events.length === 0) return all;
    if (round === MAX_ROUNDS) throw new Error(`in-service reactions still deciding after ${MAX_ROUNDS} rounds`);
    all.push(...events);
    for (const reaction of reactions) await reaction.react(uow, events);
  }
}

/**
 * The metadata of what an event caused inside the service: the cause's correlation,
 * actor and trace, the event as causation, and not the cause's command id (that
 * names the command, not its consequences).
 */
export function causedBy(event: RecordedEvent): EventMetadata {
  const { commandId: _commandId, ...rest } = event.metadata;
  return { ...rest, commandId: undefined, causationId: event.eventId };
}

/** A type guard for one aggregate's events, from the complete list of their names. */
export function eventsOf<E extends { readonly type: string }>(types: { readonly [K in E['type']]: true }): (event: RecordedEvent) => event is RecordedEvent & E {
  const names = new Set(Object.keys(types));
  return (event): event is RecordedEvent & E => names.has(event.type);
}
