import { createTestDatabase, type TestDatabase } from '@gov/testing';
import type { PoolClient } from 'pg';
import { IdempotencyKeyReusedError, RuleViolation, StreamVersionConflictError, type AggregateType, type Decider } from '@gov/event-sourcing';
import { AggregateRepository, PostgresEventStore, migrateEventStore, verifyEventLog, type RecordedEvent, type UnitOfWork } from './index';

type Account = { readonly open: boolean; readonly balance: number };
type AccountCommand =
  | { readonly type: 'Open'; readonly data: { readonly at: string } }
  | { readonly type: 'Credit'; readonly data: { readonly amount: number; readonly transfer: string } }
  | { readonly type: 'Debit'; readonly data: { readonly amount: number; readonly transfer: string } };
type AccountEvent =
  | { readonly type: 'Opened'; readonly data: { readonly at: string } }
  | { readonly type: 'Credited'; readonly data: { readonly amount: number; readonly transfer: string } }
  | { readonly type: 'Debited'; readonly data: { readonly amount: number; readonly transfer: string } };

const account: Decider<Account, AccountCommand, AccountEvent> = {
  initialState: () => ({ open: false, balance: 0 }),
  evolve: (s, e) => (e.type === 'Opened' ? { open: true, balance: 0 } : { ...s, balance: s.balance + (e.type === 'Credited' ? e.data.amount : -e.data.amount) }),
  decide: (c, s) => {
    if (c.type === 'Open') return s.open ? [] : [{ type: 'Opened', data: c.data }];
    if (!s.open) throw new RuleViolation('account-not-open', 'the account is not open');
    if (c.type === 'Debit' && s.balance < c.data.amount) throw new RuleViolation('insufficient-funds', 'the balance does not cover the debit');
    return [{ type: c.type === 'Credit' ? 'Credited' : 'Debited', data: c.data }];
  },
};
const Account: AggregateType<Account, AccountCommand, AccountEvent> = { name: 'account', decider: account, snapshot: { every: 3, version: 'v1' } };

// The inline read model: one row per account, written in the unit's transaction.
const projected: string[] = [];
const project = async (tx: PoolClient, events: readonly RecordedEvent<AccountEvent>[], state: Account): Promise<void> => {
  const id = events[0].streamId;
  projected.push(id);
  await tx.query(
    `INSERT INTO balances (stream_id, balance, version) VALUES ($1, $2, $3)
     ON CONFLICT (stream_id) DO UPDATE SET balance = EXCLUDED.balance, version = EXCLUDED.version`,
    [id, state.balance, events[events.length - 1].streamVersion],
  );
};

describe('AggregateRepository.unitOfWork', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  let repo: AggregateRepository;
  let n = 0;
  const ids = () => [`a${++n}`, `b${n}`] as const;

  const transfer = (uow: UnitOfWork, from: string, to: string, amount: number, ref: string) =>
    Promise.all([uow.load(Account, from, { project }), uow.load(Account, to, { project })]).then(([a, b]) =>
      uow.together(() => {
        a.decide({ type: 'Debit', data: { amount, transfer: ref } });
        b.decide({ type: 'Credit', data: { amount, transfer: ref } });
        return { from: a.version, to: b.version };
      }),
    );

  const open = async (id: string, credit: number) => {
    await repo.unitOfWork(async (uow) => {
      const s = await uow.load(Account, id, { project });
      s.decide({ type: 'Open', data: { at: '2026-12-07T10:00:00Z' } });
      if (credit > 0) s.decide({ type: 'Credit', data: { amount: credit, transfer: 'seed' } });
    });
  };

  const balances = async (...streamIds: string[]) => {
    const { rows } = await db.pool.query<{ stream_id: string; balance: number; version: number }>(
      'SELECT stream_id, balance, version FROM balances WHERE stream_id = ANY($1) ORDER BY stream_id',
      [streamIds],
    );
    return Object.fromEntries(rows.map((r) => [r.stream_id, { balance: r.balance, version: r.version }]));
  };
  const versions = async (...streamIds: string[]) =>
    Promise.all(streamIds.map(async (id) => (await store.readStream(id)).version));

  beforeAll(async () => {
    db = await createTestDatabase('unit_of_work');
    await migrateEventStore(db.pool);
    await db.pool.query('CREATE TABLE balances (stream_id text PRIMARY KEY, balance integer NOT NULL, version integer NOT NULL)');
    store = new PostgresEventStore(db.pool);
    repo = new AggregateRepository(store);
  });
  afterAll(() => db.drop());

  it('appends to two streams in one transaction, with their inline projections', async () => {
    const [a, b] = ids();
    await open(a, 100);
    await open(b, 0);
    const done = await repo.unitOfWork((uow) => transfer(uow, a, b, 30, 't1'), { metadata: { correlationId: 'c-1' } });
    expect(done.duplicate).toBe(false);
    expect(done.result).toEqual({ from: 3, to: 2 });
    expect(done.events.map((e) => [e.streamId, e.type, e.streamVersion])).toEqual([
      [`account-${a}`, 'Debited', 3],
      [`account-${b}`, 'Credited', 2],
    ]);
    // One transaction wrote both.
    expect(new Set(done.events.map((e) => e.transactionId)).size).toBe(1);
    expect(done.events.every((e) => e.metadata.correlationId === 'c-1')).toBe(true);
    expect(await balances(`account-${a}`, `account-${b}`)).toEqual({ [`account-${a}`]: { balance: 70, version: 3 }, [`account-${b}`]: { balance: 30, version: 2 } });
    expect(await verifyEventLog(db.pool, { streamId: `account-${a}` })).toMatchObject({ ok: true, events: 3 });
    // Three events on a: the snapshot was taken, and loads give the same state.
    const { rows } = await db.pool.query('SELECT stream_version, state FROM es_snapshots WHERE stream_id = $1', [`account-${a}`]);
    expect(rows).toEqual([{ stream_version: 3, state: { open: true, balance: 70 } }]);
    expect((await repo.load(Account, a)).state).toEqual({ open: true, balance: 70 });
  });

  it('rolls back both streams and both projections when the second stream lost a race', async () => {
    const [a, b] = ids();
    await open(a, 100);
    await open(b, 0);
    const before = await balances(`account-${a}`, `account-${b}`);
    let runs = 0;
    projected.length = 0;
    const attempt = repo.unitOfWork(async (uow) => {
      runs++;
      const result = await transfer(uow, a, b, 40, 't2');
      // Another writer moves b on after it was loaded: a is appended first, then b conflicts.
      await store.append(`account-${b}`, 'account', [{ type: 'Credited', data: { amount: 1, transfer: 'elsewhere' } }], { expectedVersion: 'any' });
      await uow.flush();
      return result;
    });
    await expect(attempt).rejects.toBeInstanceOf(StreamVersionConflictError);
    expect(runs).toBe(1);
    expect(await versions(`account-${a}`, `account-${b}`)).toEqual([2, 2]);
    expect((await store.readStream(`account-${a}`)).events.map((e) => e.type)).toEqual(['Opened', 'Credited']);
    // a's projection ran in the unit (flush projects stream by stream) and was rolled back with it.
    expect(projected).toEqual([`account-${a}`]);
    expect(await balances(`account-${a}`, `account-${b}`)).toEqual(before);
  });

  it('runs the unit again on fresh state when asked to retry a lost race', async () => {
    const [a, b] = ids();
    await open(a, 100);
    await open(b, 0);
    let runs = 0;
    const done = await repo.unitOfWork(
      async (uow) => {
        runs++;
        const result = await transfer(uow, a, b, 40, 't3');
        if (runs === 1) await store.append(`account-${b}`, 'account', [{ type: 'Credited', data: { amount: 1, transfer: 'elsewhere' } }], { expectedVersion: 'any' });
        return result;
      },
      { retries: 2 },
    );
    expect(runs).toBe(2);
    expect(done.result).toEqual({ from: 3, to: 3 });
    expect(await balances(`account-${a}`, `account-${b}`)).toEqual({ [`account-${a}`]: { balance: 60, version: 3 }, [`account-${b}`]: { balance: 41, version: 3 } });
  });

  it('keeps nothing when the second aggregate refuses, and a unit may decide something else instead', async () => {
    const [a, b] = ids();
    await open(a, 10);
    // b is never opened: its Credit is refused after a's Debit was decided.
    const refused = repo.unitOfWork((uow) => transfer(uow, a, b, 5, 't4'));
    await expect(refused).rejects.toMatchObject({ code: 'account-not-open' });
    expect(await versions(`account-${a}`, `account-${b}`)).toEqual([2, 0]);

    const instead = await repo.unitOfWork(async (uow) => {
      try {
        return await transfer(uow, a, b, 5, 't5');
      } catch (error) {
        if (!(error instanceof RuleViolation)) throw error;
        // together() put a back as it was: this Credit sees balance 10, not 5.
        const s = await uow.load(Account, a);
        s.decide({ type: 'Credit', data: { amount: 1, transfer: 'refused-fee-waiver' } });
        return { refused: error.code, balance: s.state.balance };
      }
    });
    expect(instead.result).toEqual({ refused: 'account-not-open', balance: 11 });
    expect(instead.events.map((e) => e.type)).toEqual(['Credited']);
  });

  it('answers a repeated command id with the first result and runs nothing; a key reused for another request is refused', async () => {
    const [a, b] = ids();
    await open(a, 100);
    await open(b, 0);
    const options = { commandId: `cmd-${a}`, requestHash: 'h1' };
    let runs = 0;
    const work = (uow: UnitOfWork) => (runs++, transfer(uow, a, b, 10, 't6'));
    const [first, second] = await Promise.all([repo.unitOfWork(work, options), repo.unitOfWork(work, options)]);
    const third = await repo.unitOfWork(work, options);
    expect([first, second].filter((r) => r.duplicate)).toHaveLength(1);
    expect(third).toEqual({ result: { from: 3, to: 2 }, duplicate: true, events: [] });
    expect(first.result).toEqual(second.result);
    expect(runs).toBe(1);
    expect(await versions(`account-${a}`, `account-${b}`)).toEqual([3, 2]);
    await expect(repo.unitOfWork(work, { commandId: `cmd-${a}`, requestHash: 'h2' })).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
    const { rows } = await db.pool.query('SELECT stream_id FROM es_commands WHERE command_id = $1', [`cmd-${a}`]);
    expect(rows).toEqual([{ stream_id: `account-${a}` }]);
  });

  it("in a caller's transaction, undoes only itself on a refusal and the caller's own writes still commit", async () => {
    const [a, b] = ids();
    await open(a, 10);
    await open(b, 0);
    const outcome = await store.transaction(async (tx) => {
      await tx.query("INSERT INTO balances (stream_id, balance, version) VALUES ('inbox-marker', 0, 0)");
      const refused = await repo.unitOfWork((uow) => transfer(uow, a, b, 50, 't7'), { tx, commandId: `inbox-${a}` }).catch((e: unknown) => e);
      const ok = await repo.unitOfWork((uow) => transfer(uow, a, b, 5, 't8'), { tx, commandId: `inbox-${b}` });
      const repeat = await repo.unitOfWork((uow) => transfer(uow, a, b, 5, 't8'), { tx, commandId: `inbox-${b}` });
      return { refused, ok, repeat };
    });
    expect(outcome.refused).toMatchObject({ code: 'insufficient-funds' });
    expect(outcome.ok.result).toEqual({ from: 3, to: 2 });
    expect(outcome.repeat).toMatchObject({ duplicate: true, result: { from: 3, to: 2 } });
    expect(await balances('inbox-marker', `account-${a}`, `account-${b}`)).toEqual({
      'inbox-marker': { balance: 0, version: 0 },
      [`account-${a}`]: { balance: 5, version: 3 },
      [`account-${b}`]: { balance: 5, version: 2 },
    });
    // The refused command's id was not kept: it may be sent again.
    expect((await db.pool.query('SELECT 1 FROM es_commands WHERE command_id = $1', [`inbox-${a}`])).rowCount).toBe(0);
  });

  it('loads each stream once per unit and refuses the same stream under another aggregate type', async () => {
    const [a] = ids();
    await open(a, 1);
    await repo.unitOfWork(async (uow) => {
      const first = await uow.load(Account, a);
      first.decide({ type: 'Credit', data: { amount: 2, transfer: 't9' } });
      const again = await uow.load(Account, a);
      expect(again).toBe(first);
      expect(again.version).toBe(3);
      await uow.decide(Account, a, { type: 'Credit', data: { amount: 3, transfer: 't10' } }, { metadata: { causationId: 'x' } });
      await expect(uow.load({ ...Account }, a)).rejects.toThrow('loaded as another aggregate type');
    });
    const read = await store.readStream(`account-${a}`);
    expect(read.events.map((e) => [e.streamVersion, e.metadata.causationId ?? null])).toEqual([
      [1, null],
      [2, null],
      [3, null],
      [4, 'x'],
    ]);
  });
});
