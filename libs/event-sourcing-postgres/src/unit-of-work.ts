import type { PoolClient } from 'pg';
import { fold, streamIdOf, type AggregateType, type DomainCommand, type DomainEvent } from '@gov/event-sourcing';
import type { EventMetadata, PostgresEventStore, RecordedEvent } from './event-store';
import { namedStatement } from './queryable';

export const LOCK_STREAM = namedStatement('es_lock_stream', 'SELECT pg_advisory_xact_lock(hashtext($1))');

export interface StreamOptions<S, E extends DomainEvent> {
  /** Inline read model of this stream: runs after each append, in the unit's transaction. */
  readonly project?: (tx: PoolClient, events: readonly RecordedEvent<E>[], state: S) => Promise<void>;
  /** Take a transaction-scoped advisory lock on the stream before loading it (hot streams). */
  readonly lock?: boolean;
}

/**
 * One aggregate's stream inside a unit of work: its state with everything decided
 * so far, and the events not yet appended.
 */
export interface StreamSession<S, C extends DomainCommand, E extends DomainEvent> {
  readonly type: AggregateType<S, C, E>;
  readonly streamId: string;
  /** State after every decision of this unit, appended or not. */
  readonly state: S;
  /** The stream's version once this unit's events are appended. */
  readonly version: number;
  /** The version it had when it was loaded. */
  readonly loadedVersion: number;
  /**
   * Decides the command against the current state and queues its events. Throws the
   * decider's refusal and queues nothing then.
   */
  decide(command: C, options?: { readonly metadata?: EventMetadata }): readonly E[];
}

export interface UnitOfWork {
  /** The unit's transaction, for inline projections and other rows that must commit with the events. */
  readonly tx: PoolClient;
  /**
   * The stream of one aggregate, loaded once per unit (a second call returns the same
   * session). Streams are appended in the order they were first loaded: load them in
   * one order everywhere so concurrent units cannot deadlock.
   */
  load<S, C extends DomainCommand, E extends DomainEvent>(type: AggregateType<S, C, E>, id: string, options?: StreamOptions<S, E>): Promise<StreamSession<S, C, E>>;
  /** load + decide. */
  decide<S, C extends DomainCommand, E extends DomainEvent>(
    type: AggregateType<S, C, E>,
    id: string,
    command: C,
    options?: StreamOptions<S, E> & { readonly metadata?: EventMetadata },
  ): Promise<readonly E[]>;
  /**
   * Decisions over several streams that stand or fall together: when `fn` throws (a
   * second aggregate refuses what the first decided), every session is put back as it
   * was before, and the error propagates (a caller may then decide something else).
   */
  together<T>(fn: () => T): T;
  /**
   * Appends what is queued, stream by stream, and runs their inline projections.
   * Runs by itself when the work returns; call it when later SQL needs the rows.
   */
  flush(): Promise<readonly RecordedEvent[]>;
}

interface Pending<E> {
  readonly event: E;
  readonly metadata: EventMetadata | undefined;
}

class Session<S, C extends DomainCommand, E extends DomainEvent> implements StreamSession<S, C, E> {
  pending: Pending<E>[] = [];
  /** The head the next append expects. */
  appendedVersion: number;

  constructor(
    readonly type: AggregateType<S, C, E>,
    readonly streamId: string,
    public state: S,
    readonly loadedVersion: number,
    public lastHash: Buffer,
    readonly options: StreamOptions<S, E>,
  ) {
    this.appendedVersion = loadedVersion;
  }

  get version(): number {
    return this.appendedVersion + this.pending.length;
  }

  decide(command: C, options: { readonly metadata?: EventMetadata } = {}): readonly E[] {
    const events = this.type.decider.decide(command, this.state);
    this.state = fold(this.type.decider, events, this.state);
    for (const event of events) this.pending.push({ event, metadata: options.metadata });
    return events;
  }
}

/** The unit of work behind AggregateRepository.unitOfWork; one per transaction attempt. */
export class TransactionalUnitOfWork implements UnitOfWork {
  private readonly sessions = new Map<string, Session<unknown, DomainCommand, DomainEvent>>();
  /** Every event appended in this unit, in order, with the session it belongs to. */
  readonly appended: { readonly session: Session<unknown, DomainCommand, DomainEvent>; readonly events: readonly RecordedEvent[] }[] = [];

  constructor(
    private readonly store: PostgresEventStore,
    readonly tx: PoolClient,
    private readonly metadata: EventMetadata,
  ) {}

  async load<S, C extends DomainCommand, E extends DomainEvent>(
    type: AggregateType<S, C, E>,
    id: string,
    options: StreamOptions<S, E> = {},
  ): Promise<StreamSession<S, C, E>> {
    const streamId = streamIdOf(type, id);
    const known = this.sessions.get(streamId);
    if (known) {
      if (known.type !== (type as unknown)) throw new Error(`stream ${streamId} was loaded as another aggregate type`);
      return known as unknown as Session<S, C, E>;
    }
    if (options.lock) await this.tx.query(LOCK_STREAM([streamId]));
    const read = await this.store.readFromSnapshot<E, S>(streamId, { snapshotVersion: type.snapshot?.version }, this.tx);
    const state = fold(type.decider, read.events, read.snapshot?.state);
    const session = new Session<S, C, E>(type, streamId, state, read.version, read.lastHash, options);
    this.sessions.set(streamId, session as unknown as Session<unknown, DomainCommand, DomainEvent>);
    return session;
  }

  async decide<S, C extends DomainCommand, E extends DomainEvent>(
    type: AggregateType<S, C, E>,
    id: string,
    command: C,
    options: StreamOptions<S, E> & { readonly metadata?: EventMetadata } = {},
  ): Promise<readonly E[]> {
    const session = await this.load(type, id, options);
    return session.decide(command, { metadata: options.metadata });
  }

  // fn is synchronous: no stream can be loaded or flushed while it runs.
  together<T>(fn: () => T): T {
    const saved = [...this.sessions.values()].map((s) => ({ s, state: s.state, pending: s.pending.length }));
    try {
      return fn();
    } catch (error) {
      for (const { s, state, pending } of saved) {
        s.state = state;
        s.pending.length = pending;
      }
      throw error;
    }
  }

  async flush(): Promise<readonly RecordedEvent[]> {
    const out: RecordedEvent[] = [];
    for (const session of this.sessions.values()) {
      if (session.pending.length === 0) continue;
      const pending = session.pending;
      session.pending = [];
      const appended = await this.store.append(
        session.streamId,
        session.type.name,
        pending.map((p) => ({ type: p.event.type, data: p.event.data, metadata: { ...this.metadata, ...p.metadata } })),
        { expectedVersion: session.appendedVersion, previousHash: session.lastHash },
        this.tx,
      );
      session.appendedVersion = appended.nextExpectedVersion;
      session.lastHash = appended.lastHash;
      await session.options.project?.(this.tx, appended.events, session.state);
      this.appended.push({ session, events: appended.events });
      out.push(...appended.events);
    }
    return out;
  }

  /** The streams this unit appended to, for snapshots after commit. */
  touched(): { type: AggregateType<unknown, DomainCommand, DomainEvent>; streamId: string; loadedVersion: number; version: number; state: unknown; lastHash: Buffer }[] {
    return [...this.sessions.values()]
      .filter((s) => s.appendedVersion > s.loadedVersion)
      .map((s) => ({ type: s.type, streamId: s.streamId, loadedVersion: s.loadedVersion, version: s.appendedVersion, state: s.state, lastHash: s.lastHash }));
  }
}
