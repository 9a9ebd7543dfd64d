/**
 * An event as the domain sees it: plain serialisable data, discriminated by `type`.
 * Schema versions and metadata are added by the store, not by the decider.
 */
export interface DomainEvent<TType extends string = string, TData extends object = object> {
  readonly type: TType;
  readonly data: TData;
}

/** A command as the domain sees it. Time and ids come in on the command, never from the clock. */
export interface DomainCommand<TType extends string = string, TData extends object = object> {
  readonly type: TType;
  readonly data: TData;
}

/**
 * The write model of one aggregate: pure functions, no I/O.
 * `decide` throws a DomainError to refuse; it returns [] when nothing changes.
 */
export interface Decider<TState, TCommand extends DomainCommand, TEvent extends DomainEvent> {
  readonly initialState: () => TState;
  readonly evolve: (state: TState, event: TEvent) => TState;
  readonly decide: (command: TCommand, state: TState) => readonly TEvent[];
}

/** A decider with its stream naming and snapshot policy: what the aggregate repository runs. */
export interface AggregateType<S, C extends DomainCommand, E extends DomainEvent> {
  /** Stream type and stream id prefix, e.g. `real-estate-unit`. */
  readonly name: string;
  readonly decider: Decider<S, C, E>;
  /** Snapshot every N events; bump `version` whenever the state's shape changes. */
  readonly snapshot?: { readonly every: number; readonly version: string };
}

/** The stream of one aggregate instance: `<type name>-<id>`. */
export const streamIdOf = (type: { name: string }, id: string): string => `${type.name}-${id}`;

/** Folds events into state; what a store does when it loads a stream. */
export function fold<TState, TEvent extends DomainEvent>(
  decider: Pick<Decider<TState, DomainCommand, TEvent>, 'initialState' | 'evolve'>,
  events: readonly TEvent[],
  from?: TState,
): TState {
  return events.reduce(decider.evolve, from ?? decider.initialState());
}

/** For `switch` statements over unions: a missing case fails to compile. */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`unexpected ${what}: ${JSON.stringify(value)}`);
}
