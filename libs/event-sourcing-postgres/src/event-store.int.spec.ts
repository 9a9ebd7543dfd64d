import { createTestDatabase, sleep, type TestDatabase } from '@gov/testing';
import type { Pool } from 'pg';
import {
  DeciderSpecification,
  EventSchemaRegistry,
  IdempotencyKeyReusedError,
  RuleViolation,
  StreamVersionConflictError,
  type Decider,
  type AggregateType,
} from '@gov/event-sourcing';
import {
  AggregateRepository,
  PostgresEventStore,
  GENESIS_HASH,
  eventHash,
  LOG_START,
  FOLLOW_SQL,
  checkpointOf,
  migrateEventStore,
  readLogBatch,
  verifyEventLog,
  type Checkpoint,
  type Queryable,
} from './index';

type Account = { status: 'none' } | { status: 'open'; balance: number; deposits: number };
type AccountCommand = { type: 'Open'; data: { at: string } } | { type: 'Deposit'; data: { amount: number } };
type AccountEvent = { type: 'Opened'; data: { at: string } } | { type: 'Deposited'; data: { amount: number } };

const account: Decider<Account, AccountCommand, AccountEvent> = {
  initialState: () => ({ status: 'none' }),
  evolve: (s, e) =>
    e.type === 'Opened'
      ? { status: 'open', balance: 0, deposits: 0 }
      : s.status === 'open'
        ? { ...s, balance: s.balance + e.data.amount, deposits: s.deposits + 1 }
        : s,
  decide: (c, s) => {
    if (c.type === 'Open') {
      if (s.status !== 'none') throw new RuleViolation('already-open', 'account already open');
      return [{ type: 'Opened', data: { at: c.data.at } }];
    }
    if (s.status !== 'open') throw new RuleViolation('not-open', 'account not open');
    if (c.data.amount <= 0) throw new RuleViolation('amount', 'amount must be positive');
    return [{ type: 'Deposited', data: { amount: c.data.amount } }];
  },
};
const Account: AggregateType<Account, AccountCommand, AccountEvent> = { name: 'account', decider: account, snapshot: { every: 10, version: 'v1' } };

describe(PostgresEventStore.name, () => {
  let db: TestDatabase;
  let sut: PostgresEventStore;

  beforeAll(async () => {
    db = await createTestDatabase('event_store', { max: 60 });
    await migrateEventStore(db.pool);
    await migrateEventStore(db.pool); // idempotent
    sut = new PostgresEventStore(db.pool);
  });
  afterAll(() => db.drop());

  it('lets exactly one of 50 concurrent appends at the same expected version through', async () => {
    const streamId = 'race-1';
    await sut.append(streamId, 'race', [{ type: 'Started', data: { n: 0 } }], { expectedVersion: 0 });
    const outcomes = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) => sut.append(streamId, 'race', [{ type: 'Raced', data: { writer: i } }], { expectedVersion: 1 })),
    );
    const ok = outcomes.filter((o) => o.status === 'fulfilled');
    const conflicts = outcomes.filter((o) => o.status === 'rejected' && o.reason instanceof StreamVersionConflictError);
    expect(ok).toHaveLength(1);
    expect(conflicts).toHaveLength(49);
    const read = await sut.readStream(streamId);
    expect(read.version).toBe(2);
    expect(read.events.map((e) => e.streamVersion)).toEqual([1, 2]);
    expect(await verifyEventLog(db.pool, { streamId })).toEqual({ ok: true, streams: 1, events: 2 });
  });

  it('refuses a second creation of the same stream', async () => {
    await sut.append('created-once', 'x', [{ type: 'A', data: {} }], { expectedVersion: 0 });
    await expect(sut.append('created-once', 'x', [{ type: 'A', data: {} }], { expectedVersion: 0 })).rejects.toMatchObject({
      constructor: StreamVersionConflictError,
      actualVersion: 1,
    });
  });

  it('appends batches in order and chains their hashes', async () => {
    const events = Array.from({ length: 100 }, (_, i) => ({ type: 'Item', data: { i, text: `第${i}项` } }));
    const first = await sut.append('batch-1', 'batch', events, { expectedVersion: 0 });
    const second = await sut.append('batch-1', 'batch', events.slice(0, 3), { expectedVersion: 100, previousHash: first.lastHash });
    expect(second.nextExpectedVersion).toBe(103);
    const read = await sut.readStream<{ type: 'Item'; data: { i: number; text: string } }>('batch-1');
    expect(read.events.map((e) => e.data.i)).toEqual([...Array.from({ length: 100 }, (_, i) => i), 0, 1, 2]);
    expect(read.events[5].data.text).toBe('第5项');
    expect((await verifyEventLog(db.pool, { streamId: 'batch-1' })).ok).toBe(true);
  });

  it("chains an 'any' append in PostgreSQL to the same hashes Node computes, in one statement", async () => {
    const data = (i: number) => ({ i, text: `第${i}项 \u2028 "quoted" \\`, nested: { b: [1.5, -0, 1e21, null], a: true } });
    let statements = 0;
    const query = db.pool.query.bind(db.pool) as (...args: unknown[]) => unknown;
    const counted = {
      query: (...args: unknown[]) => {
        statements++;
        return query(...args);
      },
    } as unknown as Queryable;
    const first = await sut.append('chained-1', 'chained', [0, 1, 2].map((i) => ({ type: 'Item', data: data(i), metadata: { actor: { subject: '窗口', role: 'clerk' } } })), { expectedVersion: 'any' }, counted);
    const second = await sut.append('chained-1', 'chained', [3, 4].map((i) => ({ type: 'Item', data: data(i) })), { expectedVersion: 'any' }, counted);
    // A known version without its hash takes the same path; a wrong one is a conflict.
    const third = await sut.append('chained-1', 'chained', [{ type: 'Item', data: data(5) }], { expectedVersion: 5 }, counted);
    expect(statements).toBe(3); // one each: no head read first
    await expect(sut.append('chained-1', 'chained', [{ type: 'Item', data: data(6) }], { expectedVersion: 5 })).rejects.toMatchObject({
      constructor: StreamVersionConflictError,
      actualVersion: 6,
    });
    expect([first, second, third].map((r) => r.nextExpectedVersion)).toEqual([3, 5, 6]);
    let previous: Buffer = GENESIS_HASH;
    for (const e of [...first.events, ...second.events, ...third.events]) {
      expect(e.hash).toEqual(eventHash(previous, e));
      previous = e.hash;
    }
    expect(third.lastHash).toEqual(previous);
    expect((await sut.readStream('chained-1')).events.map((e) => e.data)).toEqual([0, 1, 2, 3, 4, 5].map((i) => JSON.parse(JSON.stringify(data(i)))));
    expect(await verifyEventLog(db.pool, { streamId: 'chained-1' })).toEqual({ ok: true, streams: 1, events: 6 });
  });

  it("lets 30 concurrent 'any' appends through one after another, the stream's start included", async () => {
    const outcomes = await Promise.all(Array.from({ length: 30 }, (_, i) => sut.append('any-race', 'race', [{ type: 'Raced', data: { writer: i } }], { expectedVersion: 'any' })));
    expect(outcomes.map((o) => o.nextExpectedVersion).sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(await verifyEventLog(db.pool, { streamId: 'any-race' })).toEqual({ ok: true, streams: 1, events: 30 });
  });

  it('starts many streams in one statement, leaving ones that exist alone, on the same hash chain', async () => {
    await sut.append('bulk-b', 'bulk', [{ type: 'Started', data: { n: 'first' } }], { expectedVersion: 0 });
    const started = await sut.startStreams('bulk', ['bulk-c', 'bulk-a', 'bulk-b'].map((streamId) => ({ streamId, type: 'Started', data: { n: streamId } })));
    expect(started).toEqual(new Set(['bulk-a', 'bulk-c']));
    expect((await sut.readStream('bulk-b')).events.map((e) => e.data)).toEqual([{ n: 'first' }]);
    const next = await sut.append('bulk-a', 'bulk', [{ type: 'Noted', data: {} }], { expectedVersion: 1 });
    expect(next.nextExpectedVersion).toBe(2);
    for (const streamId of ['bulk-a', 'bulk-b', 'bulk-c']) expect((await verifyEventLog(db.pool, { streamId })).ok).toBe(true);
  });

  it('names the stream and version of an event changed by SQL', async () => {
    await sut.append('tamper-1', 'doc', [1, 2, 3].map((n) => ({ type: 'Line', data: { n, owner: 'A' } })), { expectedVersion: 0 });
    expect((await verifyEventLog(db.pool)).ok).toBe(true);
    // Events are append-only for the application; an attacker with DDL rights is what verify is for.
    await expect(db.pool.query(`UPDATE es_events SET data = '{"n": 2, "owner": "B"}' WHERE stream_id = 'tamper-1' AND stream_version = 2`)).rejects.toThrow(
      /append-only/,
    );
    await db.pool.query('ALTER TABLE es_events DISABLE TRIGGER es_events_append_only');
    await db.pool.query(`UPDATE es_events SET data = '{"n": 2, "owner": "B"}' WHERE stream_id = 'tamper-1' AND stream_version = 2`);
    await db.pool.query('ALTER TABLE es_events ENABLE TRIGGER es_events_append_only');
    expect(await verifyEventLog(db.pool, { streamId: 'tamper-1' })).toEqual({ ok: false, streamId: 'tamper-1', version: 2, reason: 'hash-mismatch' });
    expect(await verifyEventLog(db.pool)).toEqual({ ok: false, streamId: 'tamper-1', version: 2, reason: 'hash-mismatch' });
  });

  it('upcasts events stored under an old schema version', async () => {
    const v1 = new PostgresEventStore(db.pool);
    await v1.append('upcast-1', 'person', [{ type: 'Named', data: { fullName: 'Li Lei' } }], { expectedVersion: 0 });
    const v2 = new PostgresEventStore(db.pool, {
      schemas: new EventSchemaRegistry().register('Named', 2, {
        1: (d) => {
          const [given, ...family] = String(d.fullName).split(' ');
          return { given, family: family.join(' ') };
        },
      }),
    });
    const read = await v2.readStream('upcast-1');
    expect(read.events[0]).toMatchObject({ type: 'Named', schemaVersion: 2, data: { given: 'Li', family: 'Lei' } });
    expect((await verifyEventLog(db.pool, { streamId: 'upcast-1' })).ok).toBe(true);
  });

  it('follows the log without skipping late commits or showing rolled-back events', async () => {
    // 20 writers, 5,000 events, random delays before commit, some rollbacks.
    const writers = 20;
    const perWriter = 250;
    const committed = new Set<string>();
    const rolledBack = new Set<string>();
    let done = false;
    const seen: { eventId: string; streamId: string; version: number }[] = [];
    const follower = (async () => {
      let after: Checkpoint = LOG_START;
      let giveUpAt = Infinity;
      const startPos = await db.pool.query<{ max: string | null }>('SELECT max(global_position)::text AS max FROM es_events');
      const ignoreUpTo = BigInt(startPos.rows[0].max ?? '0');
      for (;;) {
        const finished = done;
        if (finished && giveUpAt === Infinity) giveUpAt = Date.now() + 30_000;
        const batch = (await readLogBatch(sut, after, 300)).events;
        for (const e of batch) if (BigInt(e.globalPosition) > ignoreUpTo) seen.push({ eventId: e.eventId, streamId: e.streamId, version: e.streamVersion });
        if (batch.length) after = checkpointOf(batch[batch.length - 1]);
        // A transaction elsewhere in the cluster can hold the safe horizon back for a while:
        // after the writers are done, keep following until everything committed has shown up.
        else if (finished && (seen.length >= committed.size || Date.now() > giveUpAt)) return;
        else await sleep(5);
      }
    })();
    await Promise.all(
      Array.from({ length: writers }, async (_, w) => {
        let version = 0;
        let i = 0;
        while (i < perWriter) {
          const streamId = `follow-${w}`;
          const size = 1 + Math.floor(Math.random() * 3);
          const batch = Array.from({ length: Math.min(size, perWriter - i) }, (_, k) => ({ type: 'Tick', data: { w, i: i + k } }));
          const rollback = Math.random() < 0.1;
          const client = await db.pool.connect();
          try {
            await client.query('BEGIN');
            const res = await sut.append(streamId, 'follow', batch, { expectedVersion: version }, client);
            await sleep(Math.random() * 8);
            if (rollback) {
              await client.query('ROLLBACK');
              res.events.forEach((e) => rolledBack.add(e.eventId));
            } else {
              await client.query('COMMIT');
              res.events.forEach((e) => committed.add(e.eventId));
              version = res.nextExpectedVersion;
              i += batch.length;
            }
          } finally {
            client.release();
          }
        }
      }),
    );
    done = true;
    await follower;
    expect(committed.size).toBe(writers * perWriter);
    expect(rolledBack.size).toBeGreaterThan(0);
    const ids = seen.map((s) => s.eventId);
    expect(new Set(ids).size).toBe(ids.length); // exactly once
    expect(new Set(ids)).toEqual(committed);
    expect(ids.some((id) => rolledBack.has(id))).toBe(false);
    const lastVersion = new Map<string, number>();
    for (const s of seen) {
      expect(s.version).toBe((lastVersion.get(s.streamId) ?? 0) + 1);
      lastVersion.set(s.streamId, s.version);
    }
  });

  it('is held back only by transactions that can write here: one in another database does not stall the log, one in this database does until it ends', async () => {
    const marker = await sut.append('horizon-marker', 'horizon', [{ type: 'Marked', data: {} }], { expectedVersion: 0 });
    const after = checkpointOf(marker.events[0]);
    const other = await createTestDatabase('horizon_other');
    const elsewhere = await other.pool.connect();
    const here = await db.pool.connect();
    try {
      await elsewhere.query('BEGIN');
      await elsewhere.query('SELECT pg_current_xact_id()'); // an xid older than the next append's
      const a = await sut.append('horizon-a', 'horizon', [{ type: 'Marked', data: {} }], { expectedVersion: 0 });
      expect((await readLogBatch(sut, after, 100)).events.map((e) => e.eventId)).toContain(a.events[0].eventId);

      await here.query('BEGIN');
      await here.query('SELECT pg_current_xact_id()');
      const b = await sut.append('horizon-b', 'horizon', [{ type: 'Marked', data: {} }], { expectedVersion: 0 });
      const afterA = checkpointOf(a.events[0]);
      expect((await readLogBatch(sut, afterA, 100)).events.map((e) => e.eventId)).not.toContain(b.events[0].eventId);
      expect(await readLogBatch(sut, afterA, 100)).toEqual({ events: [], heldBack: true });
      await here.query('COMMIT');
      expect((await readLogBatch(sut, afterA, 100)).events.map((e) => e.eventId)).toContain(b.events[0].eventId);
      expect(await readLogBatch(sut, checkpointOf(b.events[0]), 100)).toEqual({ events: [], heldBack: false });
    } finally {
      here.release();
      await elsewhere.query('ROLLBACK');
      elsewhere.release();
      await other.drop();
    }
  });

  it("follows with a generic plan that reads the index, not the table, when caught up (the relay's session plans it once)", async () => {
    // Enough events that a scan would show, analysed so the planner knows the table's size.
    await sut.startStreams('plan', Array.from({ length: 3000 }, (_, i) => ({ streamId: `plan-${i}`, type: 'Marked', data: { i } })));
    await db.pool.query('ANALYZE es_events');
    const client = await db.pool.connect();
    try {
      await client.query('SET plan_cache_mode = force_generic_plan');
      await client.query(`PREPARE follow_generic(xid8, bigint, int) AS ${FOLLOW_SQL}`);
      const [last] = (await readLogBatch(sut, LOG_START, 1_000_000)).events.slice(-1);
      const plan = (await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, FORMAT TEXT) EXECUTE follow_generic('${last.transactionId}', ${last.globalPosition}, 500)`)).rows
        .map((r) => r['QUERY PLAN'])
        .join('\n');
      expect(plan).toContain('es_events_log_order');
      expect(plan).not.toMatch(/Seq Scan on es_events/);
      const { rows } = await client.query<{ event_id: string | null; held_back: boolean }>(`EXECUTE follow_generic('${last.transactionId}', ${last.globalPosition}, 500)`);
      expect(rows).toEqual([expect.objectContaining({ event_id: null, held_back: false })]);
    } finally {
      await client.query('DEALLOCATE follow_generic; RESET plan_cache_mode');
      client.release();
    }
  });
});

describe(AggregateRepository.name, () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  let sut: AggregateRepository;

  beforeAll(async () => {
    db = await createTestDatabase('aggregates');
    await migrateEventStore(db.pool);
    await db.pool.query('CREATE TABLE balances (id text PRIMARY KEY, balance int NOT NULL)');
    store = new PostgresEventStore(db.pool);
    sut = new AggregateRepository(store);
  });
  afterAll(() => db.drop());

  it('decides, appends and projects in one transaction', async () => {
    const project = async (tx: import('pg').PoolClient, _e: unknown, s: Account) => {
      if (s.status === 'open') await tx.query('INSERT INTO balances VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET balance = $2', ['a1', s.balance]);
    };
    await sut.handle(Account, 'a1', { type: 'Open', data: { at: '2026-11-28T09:00:00+08:00' } }, { project });
    const r = await sut.handle(Account, 'a1', { type: 'Deposit', data: { amount: 5 } }, { project });
    expect(r.version).toBe(2);
    expect((await db.pool.query('SELECT balance FROM balances')).rows).toEqual([{ balance: 5 }]);
    await expect(sut.handle(Account, 'a1', { type: 'Deposit', data: { amount: -1 } }, { project })).rejects.toThrow(RuleViolation);
    expect((await store.readStream('account-a1')).version).toBe(2);
  });

  it('returns the first result for a repeated command id and writes nothing', async () => {
    await sut.handle(Account, 'a2', { type: 'Open', data: { at: '2026-11-28T09:00:00+08:00' } });
    const results = await Promise.all(
      Array.from({ length: 5 }, () => sut.handle(Account, 'a2', { type: 'Deposit', data: { amount: 7 } }, { commandId: 'cmd-a2-1', requestHash: 'h1', retries: 5 })),
    );
    expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
    expect(new Set(results.map((r) => r.version))).toEqual(new Set([2]));
    const loaded = await sut.load(Account, 'a2');
    expect(loaded.state).toEqual({ status: 'open', balance: 7, deposits: 1 });
    await expect(sut.handle(Account, 'a2', { type: 'Deposit', data: { amount: 8 } }, { commandId: 'cmd-a2-1', requestHash: 'h2' })).rejects.toThrow(
      IdempotencyKeyReusedError,
    );
  });

  it('serialises writers of a hot stream with lockStream, without conflicts', async () => {
    await sut.handle(Account, 'hot', { type: 'Open', data: { at: '2026-11-28T09:00:00+08:00' } });
    const results = await Promise.all(Array.from({ length: 20 }, () => sut.handle(Account, 'hot', { type: 'Deposit', data: { amount: 1 } }, { lockStream: true })));
    expect(results.map((r) => r.version).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 2));
    expect((await sut.load(Account, 'hot')).state).toMatchObject({ balance: 20, deposits: 20 });
  });

  it('loads from a snapshot and the events after it', async () => {
    await sut.handle(Account, 'a3', { type: 'Open', data: { at: '2026-11-28T09:00:00+08:00' } });
    for (let i = 1; i <= 24; i++) await sut.handle(Account, 'a3', { type: 'Deposit', data: { amount: i } });
    const snap = await db.pool.query('SELECT stream_version FROM es_snapshots WHERE stream_id = $1', ['account-a3']);
    expect(snap.rows).toEqual([{ stream_version: 20 }]);
    const loaded = await sut.load(Account, 'a3');
    expect(loaded).toMatchObject({ version: 25, state: { status: 'open', balance: 300, deposits: 24 } });
    // The snapshot is a cache: the same state comes from the events alone.
    const fromEvents = await new AggregateRepository(store).load({ ...Account, snapshot: undefined }, 'a3');
    expect(fromEvents.state).toEqual(loaded.state);
    expect(fromEvents.lastHash.equals(loaded.lastHash)).toBe(true);
  });

  it('loads in one round trip: the snapshot is really used, one of another state version is not', async () => {
    await sut.handle(Account, 'a4', { type: 'Open', data: { at: '2026-11-28T09:00:00+08:00' } });
    for (let i = 1; i <= 9; i++) await sut.handle(Account, 'a4', { type: 'Deposit', data: { amount: 1 } });
    // Version 10: snapshot taken at the head, no event after it.
    const tampered = { status: 'open', balance: 1000, deposits: 9 };
    await db.pool.query('UPDATE es_snapshots SET state = $2 WHERE stream_id = $1', ['account-a4', JSON.stringify(tampered)]);
    const queries: string[] = [];
    const counting = { query: (text: string, values?: unknown[]) => (queries.push(text), db.pool.query(text, values)) } as unknown as Pool;
    expect(await sut.load(Account, 'a4', counting)).toMatchObject({ version: 10, state: tampered });
    expect(queries).toHaveLength(1);
    await sut.handle(Account, 'a4', { type: 'Deposit', data: { amount: 5 } });
    expect((await sut.load(Account, 'a4')).state).toMatchObject({ balance: 1005, deposits: 10 });
    expect((await sut.load({ ...Account, snapshot: { every: 10, version: 'v2' } }, 'a4')).state).toMatchObject({ balance: 14, deposits: 10 });
    expect(await sut.load(Account, 'never-written')).toMatchObject({ version: 0, state: account.initialState() });
  });

  it('a snapshot taken in a caller\'s transaction is rolled back with it; one of events that are not there is ignored', async () => {
    await sut.handle(Account, 'a6', { type: 'Open', data: { at: '2026-11-28T09:00:00+08:00' } });
    for (let i = 1; i <= 8; i++) await sut.handle(Account, 'a6', { type: 'Deposit', data: { amount: 1 } });
    // The tenth event would take a snapshot; the transaction then fails (a lock timeout, say).
    const failing = store.transaction(async (tx) => {
      await sut.handle(Account, 'a6', { type: 'Deposit', data: { amount: 100 } }, { tx, lockStream: true });
      throw new Error('the chunk gave up');
    });
    await expect(failing).rejects.toThrow('the chunk gave up');
    expect((await db.pool.query('SELECT 1 FROM es_snapshots WHERE stream_id = $1', ['account-a6'])).rows).toHaveLength(0);
    const r = await sut.handle(Account, 'a6', { type: 'Deposit', data: { amount: 2 } });
    expect(r.version).toBe(10);
    expect((await sut.load(Account, 'a6')).state).toMatchObject({ balance: 10, deposits: 9 });

    // A snapshot left over from events that were rolled back (written by an older
    // version, or by hand): its hash matches no event at its version, so it is not believed.
    await db.pool.query('UPDATE es_snapshots SET state = $2, last_hash = $3 WHERE stream_id = $1', [
      'account-a6',
      JSON.stringify({ status: 'open', balance: 999, deposits: 9 }),
      Buffer.alloc(32, 7),
    ]);
    expect((await sut.load(Account, 'a6')).state).toMatchObject({ balance: 10, deposits: 9 });
    // One claiming a version past the head, with the hash of the head's event: not believed either.
    await db.pool.query(
      `UPDATE es_snapshots SET stream_version = 12, last_hash = (SELECT hash FROM es_events WHERE stream_id = $1 AND stream_version = 10) WHERE stream_id = $1`,
      ['account-a6'],
    );
    expect((await sut.load(Account, 'a6'))).toMatchObject({ version: 10, state: { balance: 10, deposits: 9 } });
  });

  it('in a caller\'s transaction, claims the command id first: a redelivered command returns the first result', async () => {
    await sut.handle(Account, 'a5', { type: 'Open', data: { at: '2026-11-28T09:00:00+08:00' } });
    const inTx = () => store.transaction((tx) => sut.handle(Account, 'a5', { type: 'Deposit', data: { amount: 2 } }, { tx, commandId: 'cmd-a5-1', lockStream: true }));
    const first = await inTx();
    const again = await inTx();
    expect(first).toMatchObject({ duplicate: false, version: 2 });
    expect(again).toMatchObject({ duplicate: true, version: 2, events: [] });
    expect((await sut.load(Account, 'a5')).state).toMatchObject({ balance: 2, deposits: 1 });
  });

  it('is specified by given/when/then', () => {
    DeciderSpecification.for(account)([{ type: 'Opened', data: { at: 'x' } }])
      .when({ type: 'Deposit', data: { amount: 3 } })
      .then([{ type: 'Deposited', data: { amount: 3 } }]);
  });
});
