import { and, eq, gte, inArray, isNotNull, isNull, lt, ne, or, sql } from "drizzle-orm";
import { breachOf, type Breach, type DeviceFacts } from "@/domain/alerts/alert-condition";
import { alertEmail } from "@/domain/alerts/alert-email";
import { episodeChanges } from "@/domain/alerts/alert-episodes";
import { withPlatform, withTenant, type Database } from "@/server/db";
import { alertEpisodes, alertRules, deviceLatestValues, devices, forwardDeliveries, forwarders, tenants } from "@/server/db/schema";
import type { Mailer } from "@/server/mail/mailer";
import { ruleOf } from "./alert-rules";

/** An alert (or its clearing) not emailed within this long (the mail server was down) is not emailed any more; the portal still shows it. */
const EMAIL_RETRY_WINDOW_MS = 24 * 3_600_000;

export interface AlertRound { tenants: number; fired: number; cleared: number; emailed: number }

export interface AlertDeps {
  mailer: Mailer;
  /** The public origin, for the link in the email. */
  appUrl: string;
  log?: (line: string) => void;
}

/**
 * One round of alert evaluation for every tenant with alert rules (active tenants only: a suspended
 * tenant's traffic is not shown or forwarded). Run by the alerts job under a lease; each tenant in its
 * own transactions, so one tenant's failure does not hold up the others.
 */
export async function evaluateAlerts(db: Database, deps: AlertDeps, now = new Date()): Promise<AlertRound> {
  const log = deps.log ?? console.error;
  const watched = await withPlatform(db, (tx) =>
    tx.selectDistinct({ tenantId: alertRules.tenantId }).from(alertRules).innerJoin(tenants, eq(tenants.id, alertRules.tenantId)).where(eq(tenants.status, "active")),
  );
  const round: AlertRound = { tenants: watched.length, fired: 0, cleared: 0, emailed: 0 };
  for (const { tenantId } of watched) {
    try {
      const result = await evaluateTenantAlerts(db, tenantId, deps, now);
      round.fired += result.fired;
      round.cleared += result.cleared;
      round.emailed += result.emailed;
    } catch (error) {
      log(`alerts: evaluating tenant ${tenantId} failed; trying again next round: ${(error as Error).message}`);
    }
  }
  return round;
}

/**
 * One tenant's round: its alerts moved on (and their forwarders' deliveries queued) in one
 * transaction, then emailed once that has committed, so an email never tells of an alert a failed
 * commit undid.
 */
export async function evaluateTenantAlerts(db: Database, tenantId: string, deps: AlertDeps, now: Date) {
  const { fired, cleared } = await withTenant(db, { tenantId }, (tx) => moveAlertsOn(tx, tenantId, now));
  const emailed = await emailAlerts(db, tenantId, deps, now);
  return { fired, cleared, emailed };
}

/**
 * Checks the tenant's rules against the rollups ingestion keeps (devices' last-seen times and battery
 * levels, their latest values) and moves the alerts on: a condition newly holding opens an episode and
 * fires (portal, forwarders' `alert` event; emailed after commit), one that ended clears (likewise).
 * An episode already open is left alone, so an alert fires once per episode. Disabled rules watch
 * nothing: their open alerts clear.
 */
async function moveAlertsOn(tx: Database, tenantId: string, now: Date) {
  const rules = (await tx.select().from(alertRules).where(eq(alertRules.tenantId, tenantId))).map((row) => ({ row, rule: ruleOf(row) }));
  const fields = [...new Set(rules.flatMap(({ rule }) => (rule.kind === "field" ? [rule.field] : [])))];
  const [deviceRows, values, open] = await Promise.all([
    tx.select({ id: devices.id, name: devices.name, lastSeenAt: devices.lastSeenAt, createdAt: devices.createdAt, batteryLevel: devices.batteryLevel }).from(devices).where(eq(devices.tenantId, tenantId)),
    fields.length
      ? tx.select({ deviceId: deviceLatestValues.deviceId, field: deviceLatestValues.field, value: deviceLatestValues.value }).from(deviceLatestValues).where(and(eq(deviceLatestValues.tenantId, tenantId), inArray(deviceLatestValues.field, fields)))
      : [],
    tx.select({ id: alertEpisodes.id, ruleId: alertEpisodes.ruleId, deviceId: alertEpisodes.deviceId }).from(alertEpisodes).where(and(eq(alertEpisodes.tenantId, tenantId), isNull(alertEpisodes.clearedAt))),
  ]);
  const valuesOf = new Map<string, Map<string, number>>();
  for (const v of values) valuesOf.set(v.deviceId, (valuesOf.get(v.deviceId) ?? new Map()).set(v.field, v.value));
  const facts: DeviceFacts[] = deviceRows.map((d) => ({ deviceId: d.id, name: d.name, lastHeardAt: d.lastSeenAt ?? d.createdAt, batteryPercent: d.batteryLevel, values: valuesOf.get(d.id) ?? new Map() }));

  const fire: Array<Breach & { ruleId: string }> = [];
  const clearIds: number[] = [];
  for (const { row, rule } of rules) {
    const breaches = row.enabled ? facts.map((device) => breachOf(rule, device, now)).filter((b): b is Breach => b !== null) : [];
    const openForRule = open.filter((e) => e.ruleId === rule.id);
    const changes = episodeChanges(new Set(openForRule.map((e) => e.deviceId)), breaches);
    fire.push(...changes.fire.map((b) => ({ ...b, ruleId: rule.id })));
    clearIds.push(...openForRule.filter((e) => changes.clear.includes(e.deviceId)).map((e) => e.id));
  }

  const fired = fire.length
    ? await tx
        .insert(alertEpisodes)
        .values(fire.map((b) => ({ tenantId, ruleId: b.ruleId, deviceId: b.deviceId, startedAt: now, value: b.value, message: b.message })))
        .onConflictDoNothing({ target: [alertEpisodes.tenantId, alertEpisodes.ruleId, alertEpisodes.deviceId], where: sql`cleared_at is null` })
        .returning({ id: alertEpisodes.id })
    : [];
  const cleared = clearIds.length
    ? await tx.update(alertEpisodes).set({ clearedAt: now }).where(and(eq(alertEpisodes.tenantId, tenantId), inArray(alertEpisodes.id, clearIds), isNull(alertEpisodes.clearedAt))).returning({ id: alertEpisodes.id })
    : [];
  await enqueueAlertDeliveries(tx, tenantId, fired.map((e) => e.id), "fired");
  await enqueueAlertDeliveries(tx, tenantId, cleared.map((e) => e.id), "cleared");
  return { fired: fired.length, cleared: cleared.length };
}

/** The outbox rows of fired or cleared alerts: one per enabled forwarder that takes `alert` events (the unique index makes a repeat a no-op). */
async function enqueueAlertDeliveries(tx: Database, tenantId: string, episodeIds: number[], state: "fired" | "cleared") {
  if (!episodeIds.length) return;
  const targets = await tx.select({ id: forwarders.id }).from(forwarders).where(and(eq(forwarders.tenantId, tenantId), eq(forwarders.enabled, true), sql`'alert' = any(${forwarders.eventKinds})`));
  if (!targets.length) return;
  await tx
    .insert(forwardDeliveries)
    .values(targets.flatMap((f) => episodeIds.map((alertEpisodeId) => ({ tenantId, forwarderId: f.id, alertEpisodeId, alertState: state }))))
    .onConflictDoNothing();
}

/**
 * Emails the tenant's contact, in one message, about its alerts that fired and were not emailed yet,
 * and those that cleared since their firing was emailed (emailed_at is when it was last emailed about
 * an alert, so a clearing is due while it is earlier than cleared_at). Sent outside any transaction
 * and recorded after: a mail server that refuses is logged and tried again next round (for a day),
 * and a crash between sending and recording sends the email again, so delivery is at least once.
 */
async function emailAlerts(db: Database, tenantId: string, { mailer, appUrl, log = console.error }: AlertDeps, now: Date) {
  const recent = new Date(now.getTime() - EMAIL_RETRY_WINDOW_MS);
  const { due, tenant } = await withTenant(db, { tenantId }, async (tx) => ({
    due: await tx
      .select({ id: alertEpisodes.id, message: alertEpisodes.message, ruleName: alertRules.name, startedAt: alertEpisodes.startedAt, clearedAt: alertEpisodes.clearedAt })
      .from(alertEpisodes)
      .innerJoin(alertRules, and(eq(alertRules.tenantId, alertEpisodes.tenantId), eq(alertRules.id, alertEpisodes.ruleId)))
      .where(and(
        eq(alertEpisodes.tenantId, tenantId),
        or(
          and(isNull(alertEpisodes.emailedAt), isNull(alertEpisodes.clearedAt), gte(alertEpisodes.startedAt, recent)),
          and(isNotNull(alertEpisodes.emailedAt), lt(alertEpisodes.emailedAt, alertEpisodes.clearedAt), gte(alertEpisodes.clearedAt, recent)),
        ),
      ))
      .orderBy(alertEpisodes.id),
    tenant: (await tx.select({ name: tenants.name, email: tenants.contactEmail, slug: tenants.slug }).from(tenants).where(and(eq(tenants.id, tenantId), ne(tenants.status, "closed"))))[0],
  }));
  if (!due.length || !tenant) return 0;
  const fired = due.filter((e) => e.clearedAt === null);
  const resolved = due.flatMap((e) => (e.clearedAt ? [{ ...e, clearedAt: e.clearedAt }] : []));
  try {
    await mailer.send({ to: tenant.email, ...alertEmail(tenant.name, fired, resolved, `${appUrl.replace(/\/$/, "")}/t/${tenant.slug}/alerts`) });
  } catch (error) {
    log(`alerts: emailing ${tenant.email} failed; trying again next round: ${(error as Error).message}`);
    return 0;
  }
  await withTenant(db, { tenantId }, (tx) => tx.update(alertEpisodes).set({ emailedAt: now }).where(and(eq(alertEpisodes.tenantId, tenantId), inArray(alertEpisodes.id, due.map((e) => e.id)))));
  return due.length;
}
