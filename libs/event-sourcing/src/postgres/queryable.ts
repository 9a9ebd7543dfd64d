import type { QueryResult, QueryResultRow } from 'pg';

/** A pool, a client, or a client inside a transaction. */
export interface Queryable {
  query<R extends QueryResultRow = QueryResultRow>(text: string, values?: readonly unknown[]): Promise<QueryResult<R>>;
}
