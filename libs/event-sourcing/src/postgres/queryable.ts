import type { QueryResult, QueryResultRow } from 'pg';

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
