import { and, asc, eq } from "drizzle-orm";
import type { AlertRule, AlertRuleInput } from "@/domain/alerts/alert-rule";
import { notFound } from "@/domain/errors";
import { recordAudit, type Actor } from "@/server/audit/record-audit";
import type { Database } from "@/server/db";
import { alertRules, devices } from "@/server/db/schema";
import { deviceRow } from "@/server/devices/device-queries";

type RuleRow = typeof alertRules.$inferSelect;

/** The columns of a rule's shape; the others null, as the table's check wants. */
function ruleColumns(input: AlertRuleInput) {
  return {
    name: input.name,
    kind: input.kind,
    deviceId: input.deviceId,
    silentHours: input.kind === "silent" ? input.silentHours : null,
    batteryBelowPercent: input.kind === "battery" ? input.batteryBelowPercent : null,
    field: input.kind === "field" ? input.field : null,
    comparison: input.kind === "field" ? input.comparison : null,
    threshold: input.kind === "field" ? input.threshold : null,
  };
}

/** A stored row as the domain reads a rule. */
export function ruleOf(row: RuleRow): AlertRule {
  const base = { id: row.id, name: row.name, deviceId: row.deviceId };
  if (row.kind === "silent") return { ...base, kind: "silent", silentHours: row.silentHours! };
  if (row.kind === "battery") return { ...base, kind: "battery", batteryBelowPercent: row.batteryBelowPercent! };
  return { ...base, kind: "field", field: row.field!, comparison: row.comparison!, threshold: row.threshold! };
}

export async function listAlertRules(tx: Database, tenantId: string) {
  return tx
    .select({ rule: alertRules, deviceName: devices.name })
    .from(alertRules)
    .leftJoin(devices, and(eq(devices.tenantId, alertRules.tenantId), eq(devices.id, alertRules.deviceId)))
    .where(eq(alertRules.tenantId, tenantId))
    .orderBy(asc(alertRules.name), asc(alertRules.id))
    .then((rows) => rows.map(({ rule, deviceName }) => ({ ...rule, deviceName })));
}

export async function createAlertRule(tx: Database, actor: Actor, tenantId: string, input: AlertRuleInput) {
  if (input.deviceId) await deviceRow(tx, tenantId, input.deviceId);
  const [rule] = await tx.insert(alertRules).values({ tenantId, ...ruleColumns(input), createdBy: actor.userId }).returning();
  await recordAudit(tx, actor, { tenantId, action: "alert.rule_created", targetType: "alert_rule", targetId: rule!.id, details: ruleColumns(input) });
  return rule!;
}

/** Replaces the rule's condition (and may switch it on or off). Its open alerts clear at the next evaluation if they no longer hold. */
export async function updateAlertRule(tx: Database, actor: Actor, tenantId: string, ruleId: string, input: AlertRuleInput & { enabled: boolean }) {
  if (input.deviceId) await deviceRow(tx, tenantId, input.deviceId);
  const [rule] = await tx
    .update(alertRules)
    .set({ ...ruleColumns(input), enabled: input.enabled })
    .where(and(eq(alertRules.tenantId, tenantId), eq(alertRules.id, ruleId)))
    .returning();
  if (!rule) throw notFound("That alert");
  await recordAudit(tx, actor, { tenantId, action: "alert.rule_updated", targetType: "alert_rule", targetId: ruleId, details: { ...ruleColumns(input), enabled: input.enabled } });
  return rule;
}

/** Deletes the rule and its alerts' history. */
export async function deleteAlertRule(tx: Database, actor: Actor, tenantId: string, ruleId: string) {
  const [rule] = await tx.delete(alertRules).where(and(eq(alertRules.tenantId, tenantId), eq(alertRules.id, ruleId))).returning({ name: alertRules.name });
  if (!rule) throw notFound("That alert");
  await recordAudit(tx, actor, { tenantId, action: "alert.rule_deleted", targetType: "alert_rule", targetId: ruleId, details: { name: rule.name } });
}
