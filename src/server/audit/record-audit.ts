import type { Database } from "@/server/db";
import { auditLog } from "@/server/db/schema";

export interface Actor { userId: string; email: string }

export interface AuditEntry {
  tenantId: string | null;
  action: string;
  targetType?: string;
  targetId?: string;
  details?: Record<string, unknown>;
}

/** Written in the same transaction as the change it describes, so an action and its record stand or fall together. */
export async function recordAudit(tx: Database, actor: Actor | null, entry: AuditEntry) {
  await tx.insert(auditLog).values({
    tenantId: entry.tenantId,
    actorId: actor?.userId ?? null,
    actorEmail: actor?.email ?? null,
    action: entry.action,
    targetType: entry.targetType ?? null,
    targetId: entry.targetId ?? null,
    details: entry.details ?? {},
  });
}
