import { eq, inArray, sql } from "drizzle-orm";
import { periodContaining } from "@/domain/billing";
import { estimateTenant } from "@/server/billing/rate-tenant";
import { withPlatform, withTenant, type Database } from "@/server/db";
import { resultRows } from "@/server/db/result-rows";
import { devices, forwardDeliveries, planVersions, tenantBilling, usageHourly } from "@/server/db/schema";
import { createConnection } from "@/server/network/connections";
import { stripeMeterUsage } from "@/server/stripe/meter-usage";
import type Stripe from "stripe";
import { randomEui } from "../device-fixtures";
import { callerFor, createTenant, createUser, unique } from "../factories";
import { createForwarder } from "../forwarders";

/** What every case sends traffic through: a ChirpStack connection and the staff who set things up. */
export async function faultNetwork(db: Database) {
  const operator = await createUser(db, { platformRole: "operator" });
  const billingStaff = await createUser(db, { platformRole: "billing" });
  const actor = { userId: operator.id, email: operator.email };
  const connection = await withPlatform(db, (tx) => createConnection(tx, actor, { name: unique("ChirpStack"), kind: "chirpstack", ratePerSecond: 1_000_000 }));
  return { operator, billingStaff, connectionId: connection.id, secret: connection.secret };
}
export type FaultNetwork = Awaited<ReturnType<typeof faultNetwork>>;

/** A tenant with `count` devices; optionally forwarding its uplinks to `forwardTo`. */
export async function fleet(db: Database, count: number, options: { forwardTo?: string } = {}) {
  const tenant = await createTenant(db);
  const rows = await withPlatform(db, (tx) =>
    tx.insert(devices).values(Array.from({ length: count }, (_, i) => ({ tenantId: tenant.id, devEui: randomEui(), name: `sensor ${i + 1}`, activation: "otaa" as const }))).returning(),
  );
  const forwarder = options.forwardTo ? await createForwarder(db, tenant.id, { url: options.forwardTo }) : null;
  return { tenant, devices: rows, devEuis: rows.map((d) => d.devEui), deviceIds: rows.map((d) => d.id), forwarder };
}

/**
 * A tenant billed through Stripe from this period on: £3 a device, 5 credits each pooled, £5 per 1,000
 * credits over (so a few uplinks are billable usage to report).
 */
export async function stripeBilledFleet(db: Database, network: FaultNetwork, count: number) {
  const group = await fleet(db, count);
  const billing = callerFor(db, network.billingStaff.id);
  const plan = await billing.plans.create({ name: unique("Faults plan"), kind: "standard", prices: { deviceMonthlyFeePence: 300, allowanceCreditsPerDevice: 5, pricePer1000CreditsPence: 500 } as never });
  await withPlatform(db, (tx) => tx.update(planVersions).set({ effectiveFrom: periodContaining(new Date()).start }).where(eq(planVersions.planId, plan.id)));
  await billing.billingAccounts.assignPlan({ tenantId: group.tenant.id, planId: plan.id, paymentMethod: "invoice", poNumber: null, paymentTermsDays: 30 });
  return group;
}

/** Events stored under a run's dedup prefix: how many rows, and how many different events. */
export async function storedUnder(db: Database, prefix: string) {
  const [row] = resultRows<{ rows: number; events: number }>(
    await withPlatform(db, (tx) => tx.execute(sql`select count(*)::int as rows, count(distinct dedup_key)::int as events from device_events where dedup_key like ${`cs:up:${prefix}%`}`)),
  );
  return row!;
}

/**
 * Hourly usage rows of these devices that differ from a recount of their stored events (uplinks,
 * credits, payload bytes, gateway receptions per device and UTC hour): empty when metering counted
 * every stored event exactly once.
 */
export async function usageRecountDifferences(db: Database, deviceIds: string[]) {
  const recount = resultRows<{ device_id: string; hour: string; uplinks: number; credits: number; payload_bytes: number; receptions: number }>(
    await withPlatform(db, (tx) =>
      tx.execute(sql`
        select device_id, to_char(date_trunc('hour', occurred_at, 'UTC'), 'YYYY-MM-DD"T"HH24') as hour, count(*)::int as uplinks, sum(credits)::int as credits,
          sum(payload_bytes)::int as payload_bytes, sum(gateway_count)::int as receptions
        from device_events where kind = 'uplink' and device_id in (select json_array_elements_text(${JSON.stringify(deviceIds)}::json)::uuid)
        group by 1, 2`),
    ),
  );
  const usage = await withPlatform(db, (tx) => tx.select().from(usageHourly).where(inArray(usageHourly.deviceId, deviceIds)));
  const kept = new Map(usage.map((u) => [`${u.deviceId}|${u.hour.toISOString().slice(0, 13)}`, { uplinks: u.uplinks, credits: u.credits, payload_bytes: u.payloadBytes, receptions: u.gatewayReceptions }]));
  const differences: string[] = [];
  for (const { device_id, hour, ...counted } of recount) {
    const key = `${device_id}|${hour}`;
    const row = kept.get(key);
    kept.delete(key);
    if (JSON.stringify(row) !== JSON.stringify(counted)) differences.push(`${key}: usage_hourly ${JSON.stringify(row ?? null)}, events ${JSON.stringify(counted)}`);
  }
  for (const [key, row] of kept) differences.push(`${key}: usage_hourly ${JSON.stringify(row)}, no events`);
  return differences;
}

/** A forwarder's deliveries by status. */
export async function deliveryStatuses(db: Database, forwarderId: string) {
  const rows = await withPlatform(db, (tx) => tx.select({ id: forwardDeliveries.id, status: forwardDeliveries.status }).from(forwardDeliveries).where(eq(forwardDeliveries.forwarderId, forwarderId)));
  return { ids: rows.map((r) => String(r.id)), delivered: rows.filter((r) => r.status === "delivered").length, total: rows.length };
}

/** For each tenant: what Stripe's meter holds for this period, and the billable credits our rollups give. */
export async function meterAgainstRollups(db: Database, stripe: Stripe, tenantIds: string[]) {
  const now = new Date();
  const [fromStripe, customers] = await Promise.all([
    stripeMeterUsage(db, stripe, periodContaining(now)),
    withPlatform(db, (tx) => tx.select({ tenantId: tenantBilling.tenantId, customerId: tenantBilling.stripeCustomerId }).from(tenantBilling).where(inArray(tenantBilling.tenantId, tenantIds))),
  ]);
  const customerOf = new Map(customers.map((c) => [c.tenantId, c.customerId]));
  return Promise.all(
    tenantIds.map(async (tenantId) => {
      const customerId = customerOf.get(tenantId);
      return {
        tenantId,
        stripe: customerId ? await fromStripe(customerId) : null,
        local: (await withTenant(db, { tenantId }, (tx) => estimateTenant(tx, tenantId, now)))?.usage.overageCredits ?? null,
      };
    }),
  );
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `probe` until `done`, or throws after `timeoutMs` naming what it waited for. */
export async function until<T>(what: string, probe: () => Promise<T> | T, done: (value: T) => boolean, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last value ${JSON.stringify(value)}`);
    await sleep(100);
  }
}
