import { createHash } from 'node:crypto';
import type { Pool, QueryResult, QueryResultRow } from 'pg';

/** A statement PostgreSQL parses and plans once per connection, then only binds and runs. */
export interface NamedStatement {
  readonly name: string;
  readonly text: string;
  readonly values?: unknown[];
}

/** A pool, a client, or a client inside a transaction. */
export interface Queryable {
  query<R extends QueryResultRow = QueryResultRow>(text: string, values?: readonly unknown[]): Promise<QueryResult<R>>;
  query<R extends QueryResultRow = QueryResultRow>(statement: NamedStatement): Promise<QueryResult<R>>;
}

/**
 * The hot paths' statements (append, load, follow, claim, inbox) are prepared:
 * parsing and planning their CTEs cost PostgreSQL more than running them.
 */
export const namedStatement =
  (name: string, text: string) =>
  (values: unknown[]): NamedStatement => ({ name, text, values });

// `SELECT *`, `SELECT DISTINCT *`, `RETURNING *`, `, *` and `t.*`; not `count(*)`.
const EXPANDS_STAR = /(?:\bselect\s+(?:distinct\s+)?|\breturning\s+|,\s*|\w\.)\*/i;

export interface AutoPrepareOptions {
  /** A statement text is prepared from its `after`-th run on (default 3): one-offs stay unprepared. */
  readonly after?: number;
  /** At most this many distinct texts are prepared (each connection keeps its plans). */
  readonly max?: number;
}

/**
 * Prepares the pool's repeated parameterised statements, as pgjdbc does past its
 * prepareThreshold: a text run `after` times is sent as a named statement, so
 * PostgreSQL parses and plans it once per connection instead of on every call
 * (about 0.2 ms saved on a 15-column upsert here). Statements without parameters
 * (BEGIN, SET, DDL) go as they are, and so do those that select or return `*`: a
 * column added by a newer release's migration would make their cached plans fail
 * ("cached plan must not change result type") in the instances still running.
 */
export function autoPrepare(pool: Pool, options: AutoPrepareOptions = {}): void {
  const after = options.after ?? 3;
  const max = options.max ?? 500;
  const seen = new Map<string, number>();
  const names = new Map<string, string>();
  const nameOf = (text: string): string | undefined => {
    const known = names.get(text);
    if (known) return known;
    if (EXPANDS_STAR.test(text)) return undefined;
    const n = (seen.get(text) ?? 0) + 1;
    if (n < after || names.size >= max) {
      if (seen.size < max * 4) seen.set(text, n);
      return undefined;
    }
    seen.delete(text);
    const name = `auto_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    names.set(text, name);
    return name;
  };
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: (...args: unknown[]) => unknown }).query = (config: unknown, values?: unknown, callback?: unknown) => {
      if (typeof config === 'string' && Array.isArray(values) && values.length > 0) {
        const name = nameOf(config);
        if (name) return query({ name, text: config, values }, callback);
      }
      return query(config, values, callback);
    };
  });
}
