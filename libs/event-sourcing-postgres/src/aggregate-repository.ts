import type { PoolClient } from 'pg';
import type { AggregateType, DomainCommand, DomainEvent } from '@gov/event-sourcing';
import { fold, streamIdOf, StreamVersionConflictError } from '@gov/event-sourcing';
import { findCommandResult, recordCommandResult } from './command-log';
import { type EventMetadata, type PostgresEventStore, type RecordedEvent } from './event-store';
import { namedStatement, type Queryable } from './queryable';
import { LOCK_STREAM, TransactionalUnitOfWork, type UnitOfWork } from './unit-of-work';

const STORE_RESULT = namedStatement('es_command_result', 'UPDATE es_commands SET result = $2 WHERE command_id = $1');
const STORE_UNIT_RESULT = namedStatement(
  'es_command_unit_result',
  'UPDATE es_commands SET result = $2, stream_id = coalesce(stream_id, $3) WHERE command_id = $1',
);
const SAVE_SNAPSHOT = namedStatement(
  'es_save_snapshot',
  `INSERT INTO es_snapshots (stream_id, stream_version, state_version, state, last_hash) VALUES ($1, $2, $3, $4, $5)
   ON CONFLICT (stream_id) DO UPDATE SET stream_version = EXCLUDED.stream_version, state_version = EXCLUDED.state_version,
     state = EXCLUDED.state, last_hash = EXCLUDED.last_hash, taken_at = now()
   WHERE es_snapshots.stream_version < EXCLUDED.stream_version OR es_snapshots.state_version <> EXCLUDED.state_version`,
);

export interface LoadedAggregate<S> {
  readonly streamId: string;
  readonly state: S;
  readonly version: number;
  readonly lastHash: Buffer;
}

export interface HandleOptions<S, E extends DomainEvent, R> {
  /** Command id or Idempotency-Key: a retry returns the first result and writes nothing. */
  readonly commandId?: string;
  /**
   * Keep the result for repeats of the command id (default). Off for commands
   * whose caller ignores a repeat's result (a consumer's, a timer's): saves a write.
   */
  readonly storeResult?: boolean;
  /** Hash of the original request, to refuse a key reused for a different request. */
  readonly requestHash?: string;
  readonly metadata?: EventMetadata;
  /** Re-load and re-decide this many times on a concurrent write. */
  readonly retries?: number;
  /** Inline read models, updated in the append's transaction. */
  readonly project?: (tx: PoolClient, events: readonly RecordedEvent<E>[], state: S) => Promise<void>;
  readonly result?: (state: S, events: readonly RecordedEvent<E>[], version: number) => R;
  /**
   * Serialise writers of this stream with a transaction-scoped advisory lock
   * and load inside the transaction: for hot streams (a queue everybody takes
   * numbers from) where optimistic retries would mostly collide.
   */
  readonly lockStream?: boolean;
  /**
   * Run inside this transaction (e.g. a consumer's inbox transaction) instead
   * of one of its own. A conflict then fails the whole transaction: no retries here.
   */
  readonly tx?: PoolClient;
}

export interface UnitOfWorkOptions {
  /** Command id or Idempotency-Key: a repeat returns the first result and runs nothing. */
  readonly commandId?: string;
  /** Hash of the original request, to refuse a key reused for a different request. */
  readonly requestHash?: string;
  /** Keep the result for repeats of the command id (default); the id is recorded either way. */
  readonly storeResult?: boolean;
  /** Metadata of every event appended (a decision's own metadata is merged over it). */
  readonly metadata?: EventMetadata;
  /** Run the whole unit again, on fresh state, this many times when a concurrent write wins. */
  readonly retries?: number;
  /**
   * Run inside this transaction (a consumer's inbox transaction) under a savepoint:
   * a refusal or a lost race undoes only this unit and leaves the transaction usable.
   */
  readonly tx?: PoolClient;
}

export interface UnitOfWorkResult<R> {
  readonly result: R;
  /** A repeated command id: the first result, nothing run. */
  readonly duplicate: boolean;
  /** Every event appended, in order. */
  readonly events: readonly RecordedEvent[];
}

const UNIT_SAVEPOINT = 'es_unit_of_work';

export interface HandleResult<R> {
  readonly result: R;
  readonly duplicate: boolean;
  readonly version: number;
  readonly events: readonly RecordedEvent[];
}

/** A repeat's answer: the first result, or none when it was not stored (`storeResult: false`). */
function firstResult<R>(stored: { result: R; version: number } | null): HandleResult<R> {
  return { result: stored?.result as R, version: stored?.version ?? 0, duplicate: true, events: [] };
}

/** Loads aggregates (snapshot + later events) and runs commands through their deciders. */
export class AggregateRepository {
  constructor(private readonly store: PostgresEventStore) {}

  async load<S, C extends DomainCommand, E extends DomainEvent>(
    type: AggregateType<S, C, E>,
    id: string,
    db: Queryable = this.store.pool,
  ): Promise<LoadedAggregate<S>> {
    const streamId = streamIdOf(type, id);
    const read = await this.store.readFromSnapshot<E, S>(streamId, { snapshotVersion: type.snapshot?.version }, db);
    const state = fold(type.decider, read.events, read.snapshot?.state);
    const { version, lastHash } = read;
    return { streamId, state, version, lastHash };
  }

  /**
   * load → decide → append with the loaded version, in one transaction with the
   * command record and inline projections. Retries on a concurrent write.
   */
  async handle<S, C extends DomainCommand, E extends DomainEvent, R = { version: number }>(
    type: AggregateType<S, C, E>,
    id: string,
    command: C,
    options: HandleOptions<S, E, R> = {},
  ): Promise<HandleResult<R>> {
    const { commandId, requestHash } = options;
    const db: Queryable = options.tx ?? this.store.pool;
    const inTransaction = <T>(fn: (tx: PoolClient) => Promise<T>): Promise<T> => (options.tx ? fn(options.tx) : this.store.transaction(fn));
    // In a caller's transaction the claim comes first and doubles as the duplicate
    // check (one round trip); on its own, a duplicate must not even load and decide.
    const claimFirst = !!options.tx;
    if (commandId && !claimFirst) {
      const seen = await findCommandResult<{ result: R; version: number }>(db, commandId, requestHash);
      if (seen) return firstResult(seen.result);
    }
    for (let attempt = 0; ; attempt++) {
      let loaded = options.lockStream || claimFirst ? undefined : await this.load(type, id, db);
      let decided = loaded ? type.decider.decide(command, loaded.state) : [];
      try {
        const outcome = await inTransaction(async (tx) => {
          // Claim the command id before writing anything: a concurrent duplicate waits
          // here, then finds the first result, and nothing of its own is appended.
          const claim = () => (commandId ? recordCommandResult(tx, commandId, requestHash, streamIdOf(type, id), null) : Promise.resolve(true));
          if (claimFirst && !(await claim())) return null;
          if (!loaded) {
            if (options.lockStream) await tx.query(LOCK_STREAM([streamIdOf(type, id)]));
            loaded = await this.load(type, id, tx);
            decided = type.decider.decide(command, loaded.state);
          }
          if (!claimFirst && !(await claim())) return null;
          const appended = await this.store.append(
            loaded.streamId,
            type.name,
            decided.map((e) => ({ type: e.type, data: e.data, metadata: { ...options.metadata, ...(commandId ? { commandId } : {}) } })),
            { expectedVersion: loaded.version, previousHash: loaded.lastHash },
            tx,
          );
          const events = appended.events as readonly RecordedEvent<E>[];
          const state = fold(type.decider, decided, loaded.state);
          await options.project?.(tx, events, state);
          const version = appended.nextExpectedVersion;
          const result = options.result ? options.result(state, events, version) : ({ version } as R);
          if (commandId && options.storeResult !== false) {
            await tx.query(STORE_RESULT([commandId, JSON.stringify({ r: { result, version } })]));
          }
          return { result, version, state, events };
        });
        if (!outcome) {
          const seen = await findCommandResult<{ result: R; version: number }>(db, commandId!, requestHash);
          return firstResult(seen?.result ?? null);
        }
        // In a caller's transaction the snapshot goes with it: written beside, it
        // would outlive a rollback of the events it was taken of.
        await this.maybeSnapshot(type, loaded!, outcome.version, outcome.state, outcome.events, options.tx);
        return { result: outcome.result, version: outcome.version, duplicate: false, events: outcome.events };
      } catch (error) {
        if (error instanceof StreamVersionConflictError && !options.tx && attempt < (options.retries ?? 0)) continue;
        throw error;
      }
    }
  }

  /**
   * Load, decide and append over several streams in ONE transaction, with inline
   * projections and the command record in it too: all of it commits or none does.
   * `work` may run more than once (`retries`), so it must do nothing outside `uow`.
   * Its return value is the result (kept for repeats of `commandId`).
   */
  async unitOfWork<R>(work: (uow: UnitOfWork) => Promise<R>, options: UnitOfWorkOptions = {}): Promise<UnitOfWorkResult<R>> {
    const { commandId, requestHash } = options;
    const caller = options.tx;
    if (commandId && !caller) {
      const seen = await findCommandResult<R>(this.store.pool, commandId, requestHash);
      if (seen) return { result: seen.result, duplicate: true, events: [] };
    }
    const attempt = async (tx: PoolClient): Promise<{ result: R; uow: TransactionalUnitOfWork } | null> => {
      // Claimed first: a concurrent duplicate waits on this row, then finds the first result.
      if (commandId && !(await recordCommandResult(tx, commandId, requestHash, null, null))) return null;
      const metadata: EventMetadata = { ...options.metadata, ...(commandId ? { commandId } : {}) };
      const uow = new TransactionalUnitOfWork(this.store, tx, metadata);
      const result = await work(uow);
      await uow.flush();
      if (commandId && options.storeResult !== false) {
        await tx.query(STORE_UNIT_RESULT([commandId, JSON.stringify({ r: result ?? null }), uow.appended[0]?.session.streamId ?? null]));
      }
      if (caller) await this.snapshotsOf(uow, tx);
      return { result, uow };
    };
    for (let n = 0; ; n++) {
      try {
        const outcome = caller ? await this.underSavepoint(caller, attempt) : await this.store.transaction(attempt);
        if (!outcome) {
          const seen = await findCommandResult<R>(caller ?? this.store.pool, commandId!, requestHash);
          return { result: seen?.result as R, duplicate: true, events: [] };
        }
        if (!caller) await this.snapshotsOf(outcome.uow);
        return { result: outcome.result, duplicate: false, events: outcome.uow.appended.flatMap((a) => a.events) };
      } catch (error) {
        if (error instanceof StreamVersionConflictError && n < (options.retries ?? 0)) continue;
        throw error;
      }
    }
  }

  private async underSavepoint<T>(tx: PoolClient, fn: (tx: PoolClient) => Promise<T>): Promise<T> {
    await tx.query(`SAVEPOINT ${UNIT_SAVEPOINT}`);
    try {
      const result = await fn(tx);
      await tx.query(`RELEASE SAVEPOINT ${UNIT_SAVEPOINT}`);
      return result;
    } catch (error) {
      await tx.query(`ROLLBACK TO SAVEPOINT ${UNIT_SAVEPOINT}`);
      await tx.query(`RELEASE SAVEPOINT ${UNIT_SAVEPOINT}`);
      throw error;
    }
  }

  private async snapshotsOf(uow: TransactionalUnitOfWork, tx?: PoolClient): Promise<void> {
    for (const s of uow.touched()) {
      const last = uow.appended.filter((a) => a.session.streamId === s.streamId).at(-1)!.events;
      await this.maybeSnapshot(s.type, { streamId: s.streamId, state: s.state, version: s.loadedVersion, lastHash: s.lastHash }, s.version, s.state, last, tx);
    }
  }

  private async maybeSnapshot<S, C extends DomainCommand, E extends DomainEvent>(
    type: AggregateType<S, C, E>,
    loaded: LoadedAggregate<S>,
    version: number,
    state: S,
    events: readonly RecordedEvent<E>[],
    tx?: PoolClient,
  ): Promise<void> {
    if (!type.snapshot || events.length === 0) return;
    const every = type.snapshot.every;
    if (Math.floor(version / every) === Math.floor(loaded.version / every)) return;
    const save = SAVE_SNAPSHOT([loaded.streamId, version, type.snapshot.version, JSON.stringify(state), events[events.length - 1].hash]);
    if (tx) await tx.query(save);
    // Best effort, after commit: a lost snapshot only costs a longer load.
    else await this.store.pool.query(save).catch(() => undefined);
  }
}
