import { sql, type SQL } from "drizzle-orm";
import type { PgDialect, PgSession } from "drizzle-orm/pg-core";
import type { Database } from "./client";

/**
 * Runs a raw statement as a prepared statement, so PostgreSQL plans it once per connection instead of
 * on every call: for statements whose text never changes and that run many times a second (ingestion),
 * planning costs more than the work. drizzle prepares only its query builders, hence the reach into
 * its session. Raw results, as `tx.execute` gives them (read them with resultRows).
 *
 * Send JSON parameters as text and cast (`${text}::text::json`): postgres.js learns a prepared
 * statement's parameter types and would encode a json-typed string a second time.
 */
export function executePrepared(tx: Database, query: SQL): Promise<unknown> {
  const { session, dialect } = tx as unknown as { session: PgSession; dialect: PgDialect };
  return session.prepareQuery(dialect.sqlToQuery(query), undefined, "prepared", false).execute();
}

/** A whole batch as one parameter: JSON sent as text and cast, as explained above. */
export const jsonParameter = (value: unknown) => sql`${JSON.stringify(value)}::text::json`;
