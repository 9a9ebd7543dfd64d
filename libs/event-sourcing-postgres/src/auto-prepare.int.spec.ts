import { createTestDatabase, type TestDatabase } from '@gov/testing';
import { autoPrepare } from './index';

describe(autoPrepare.name, () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase('auto_prepare', { max: 1 });
    autoPrepare(db.pool, { after: 3, max: 2 });
    await db.pool.query('CREATE TABLE t (id int PRIMARY KEY, n int NOT NULL)');
  });
  afterAll(() => db.drop());

  const prepared = async () =>
    (await db.pool.query<{ statement: string; calls: string }>('SELECT statement, generic_plans + custom_plans AS calls FROM pg_prepared_statements ORDER BY statement')).rows;

  it('prepares a parameterised statement from its third run on, with the same results', async () => {
    const upsert = 'INSERT INTO t VALUES ($1, 1) ON CONFLICT (id) DO UPDATE SET n = t.n + 1 RETURNING n';
    const ns: number[] = [];
    for (let i = 0; i < 6; i++) ns.push((await db.pool.query<{ n: number }>(upsert, [1])).rows[0].n);
    expect(ns).toEqual([1, 2, 3, 4, 5, 6]);
    // Runs 3 to 6 went through the prepared statement (one connection: max 1).
    expect(await prepared()).toEqual([{ statement: upsert, calls: '4' }]);
  });

  it('leaves one-offs, statements without parameters, `*` and texts past the limit unprepared', async () => {
    await db.pool.query('SELECT n FROM t WHERE id = $1', [1]);
    // A column added by a later migration would break a cached plan of `*`.
    for (let i = 0; i < 4; i++) await db.pool.query('SELECT * FROM t WHERE id = $1', [1]);
    for (let i = 0; i < 4; i++) await db.pool.query('SELECT t.* FROM t WHERE id = $1', [1]);
    for (let i = 0; i < 4; i++) await db.pool.query('UPDATE t SET n = n WHERE id = $1 RETURNING *', [1]);
    for (let i = 0; i < 4; i++) await db.pool.query('SELECT count(*) FROM t');
    const second = 'SELECT n + $2 AS m FROM t WHERE id = $1';
    for (let i = 0; i < 3; i++) expect((await db.pool.query<{ m: number }>(second, [1, i])).rows[0].m).toBe(6 + i);
    const third = 'SELECT n - $2 AS m FROM t WHERE id = $1';
    for (let i = 0; i < 4; i++) expect((await db.pool.query<{ m: number }>(third, [1, i])).rows[0].m).toBe(6 - i);
    // max 2: the upsert and `second`; the rest go as they are.
    expect((await prepared()).map((r) => r.statement)).toEqual([
      'INSERT INTO t VALUES ($1, 1) ON CONFLICT (id) DO UPDATE SET n = t.n + 1 RETURNING n',
      second,
    ]);
  });
});
