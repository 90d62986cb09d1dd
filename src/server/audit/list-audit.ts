import { and, desc, eq, gte, ilike, lt, or, sql, type SQL } from "drizzle-orm";
import type { Database } from "@/server/db";
import { auditLog, tenants } from "@/server/db/schema";
import { containsPattern } from "@/server/db/search";

export interface AuditFilter {
  tenantId?: string;
  action?: string;
  actor?: string;
  from?: Date;
  to?: Date;
  page: number;
  pageSize: number;
}

/** Newest first, filtered and paginated; the total lets the UI show "page 2 of 7". */
export async function listAudit(tx: Database, filter: AuditFilter) {
  const where: SQL[] = [];
  if (filter.tenantId) where.push(eq(auditLog.tenantId, filter.tenantId));
  if (filter.action) where.push(ilike(auditLog.action, containsPattern(filter.action)));
  if (filter.actor) where.push(or(ilike(auditLog.actorEmail, containsPattern(filter.actor)), ilike(auditLog.actorApiKeyName, containsPattern(filter.actor)))!);
  if (filter.from) where.push(gte(auditLog.at, filter.from));
  if (filter.to) where.push(lt(auditLog.at, filter.to));
  const condition = where.length ? and(...where) : undefined;
  const rows = await tx
    .select({
      id: auditLog.id, at: auditLog.at, action: auditLog.action, actorEmail: auditLog.actorEmail, actorApiKeyName: auditLog.actorApiKeyName,
      tenantId: auditLog.tenantId, tenantName: tenants.name, targetType: auditLog.targetType,
      targetId: auditLog.targetId, details: auditLog.details,
    })
    .from(auditLog)
    .leftJoin(tenants, eq(tenants.id, auditLog.tenantId))
    .where(condition)
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(filter.pageSize)
    .offset((filter.page - 1) * filter.pageSize);
  const [count] = await tx.select({ total: sql<number>`count(*)::int` }).from(auditLog).where(condition);
  return { rows, total: count?.total ?? 0 };
}
