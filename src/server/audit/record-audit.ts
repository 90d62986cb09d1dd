import type { Database } from "@/server/db";
import { auditLog } from "@/server/db/schema";

/** A signed-in person. */
export interface Actor { userId: string; email: string }

/** A tenant's machine calling the REST API with one of the tenant's keys; audited under the key's name. */
export interface ApiKeyActor { apiKeyId: string; apiKeyName: string }

/** Whoever made a change that the audit log records: a person or an API key (null: the system itself). */
export type AuditActor = Actor | ApiKeyActor;

export interface AuditEntry {
  tenantId: string | null;
  action: string;
  targetType?: string;
  targetId?: string;
  details?: Record<string, unknown>;
}

/** Written in the same transaction as the change it describes, so an action and its record stand or fall together. */
export async function recordAudit(tx: Database, actor: AuditActor | null, entry: AuditEntry) {
  await recordAudits(tx, actor, [entry]);
}

/** Several entries by one actor in one statement (issuing a group of invoices). */
export async function recordAudits(tx: Database, actor: AuditActor | null, entries: readonly AuditEntry[]) {
  if (!entries.length) return;
  const byKey = actor && "apiKeyId" in actor ? actor : null;
  const byPerson = actor && "userId" in actor ? actor : null;
  await tx.insert(auditLog).values(
    entries.map((entry) => ({
      tenantId: entry.tenantId,
      actorId: byPerson?.userId ?? null,
      actorEmail: byPerson?.email ?? null,
      actorApiKeyId: byKey?.apiKeyId ?? null,
      actorApiKeyName: byKey?.apiKeyName ?? null,
      action: entry.action,
      targetType: entry.targetType ?? null,
      targetId: entry.targetId ?? null,
      details: entry.details ?? {},
    })),
  );
}
