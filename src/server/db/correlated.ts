import { getTableName, sql, type SQL } from "drizzle-orm";
import type { AnyPgColumn, PgTable } from "drizzle-orm/pg-core";

/**
 * Correlated subqueries: the one way this code base writes "a count (or sum) per row", and how any
 * subquery (an `exists`, say) refers to the outer row. The outer row's columns go through `outer()`;
 * the subquery's own columns are written as usual, e.g.
 * `countWhere(devices, and(eq(devices.tenantId, outer(deviceProfiles.tenantId)), …))`.
 */

/**
 * A column of the OUTER query, qualified by its table's name. Drizzle writes select-list columns
 * without their table when the query reads a single table, and inside a subquery a bare
 * `"tenant_id"` binds to the subquery's own table whenever that has a column of the same name, so
 * the count compares the inner rows with themselves (and usually counts nothing).
 */
export function outer(column: AnyPgColumn): SQL {
  return sql`${sql.identifier(getTableName(column.table))}.${sql.identifier(column.name)}`;
}

/** How many rows of `table` match `condition`, per row of the outer query. */
export function countWhere(table: PgTable, condition: SQL | undefined): SQL<number> {
  return sql<number>`(select count(*)::int from ${table} where ${condition})`;
}

/** The sum of an integer `column` over its table's rows matching `condition` (0 when none), per outer row. */
export function sumWhere(column: AnyPgColumn, condition: SQL | undefined): SQL<number> {
  return sql<number>`(select coalesce(sum(${column}), 0)::int from ${column.table} where ${condition})`;
}
