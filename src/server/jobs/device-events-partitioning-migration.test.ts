import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { useUpgradeDatabase } from "../../../test/migrations";
import { ingest, randomEui, uplink } from "../../../test/network-traffic";
import { withPlatform } from "@/server/db";
import { resultRows } from "@/server/db/result-rows";
import { monthStart } from "./event-partitions";

/**
 * Migration 0037 moves every stored event into the monthly partitions: an installation is migrated up
 * to the migration before it, events (one with an untrusted clock) and a forwarding delivery are stored
 * as that schema held them, then the rest runs as in an upgrade. On a private embedded database, since
 * the shared one is already partitioned.
 */

const BEFORE_PARTITIONS = "0034_gateway_devices_tenant_key";
const partitionOf = (at: Date) => `device_events_${at.getUTCFullYear()}_${String(at.getUTCMonth() + 1).padStart(2, "0")}`;

const upgrade = useUpgradeDatabase(BEFORE_PARTITIONS);

it("migration 0037 keeps every event, its id and its deliveries, each in its month's partition, and a retry of an old event is still a duplicate", async () => {
  await upgrade.migrateUpTo();
  const now = new Date();
  const thisMonth = new Date(now.getTime() - 60_000);
  const lastMonth = new Date(monthStart(now, -1).getTime() + 86_400_000);
  const skewedId = randomUUID();
  const devEui = randomEui();
  const stored = await withPlatform(upgrade.db, async (tx) => {
    const [tenant] = resultRows<{ id: string }>(await tx.execute(sql`
      insert into tenants (slug, name, contact_email, billing_email) values ('before-partitions', 'Before partitions', 'a@example.org', 'a@example.org') returning id`));
    const [device] = resultRows<{ id: string }>(await tx.execute(sql`
      insert into devices (tenant_id, dev_eui, name, activation) values (${tenant!.id}, ${devEui}, 'sensor', 'otaa') returning id`));
    const [forwarder] = resultRows<{ id: string }>(await tx.execute(sql`
      insert into forwarders (tenant_id, name, url, secret_enc) values (${tenant!.id}, 'Endpoint', 'https://receiver.example.org/', 'sealed') returning id`));
    const events = resultRows<{ id: string | number; dedup_key: string }>(await tx.execute(sql`
      insert into device_events (tenant_id, device_id, dedup_key, kind, occurred_at, details, clock_skew) values
        (${tenant!.id}, ${device!.id}, 'cs:up:this-month', 'uplink', ${thisMonth.toISOString()}::timestamptz, null, false),
        (${tenant!.id}, ${device!.id}, ${`cs:up:${skewedId}`}, 'uplink', ${thisMonth.toISOString()}::timestamptz, '{"reportedAt": "1990-01-01T00:00:00.000Z"}', true),
        (${tenant!.id}, ${device!.id}, 'cs:up:last-month', 'uplink', ${lastMonth.toISOString()}::timestamptz, null, false)
      returning id, dedup_key`));
    await tx.execute(sql`insert into forward_deliveries (tenant_id, forwarder_id, event_id) values (${tenant!.id}, ${forwarder!.id}, ${events[0]!.id})`);
    return { tenantId: tenant!.id, events };
  });

  await upgrade.migrateRest();

  const after = resultRows<{ id: string | number; dedup_key: string; reported_at: string; partition: string }>(
    await withPlatform(upgrade.db, (tx) => tx.execute(sql`
      select id, dedup_key, (extract(epoch from reported_at) * 1000)::float8::text as reported_at, tableoid::regclass::text as partition
      from device_events where tenant_id = ${stored.tenantId} order by id`)),
  );
  expect(after.map((e) => [String(e.id), e.dedup_key, Number(e.reported_at), e.partition])).toEqual([
    [String(stored.events[0]!.id), "cs:up:this-month", thisMonth.getTime(), partitionOf(thisMonth)],
    // Its reported time came from its details: a month no partition covers.
    [String(stored.events[1]!.id), `cs:up:${skewedId}`, Date.UTC(1990, 0, 1), "device_events_default"],
    [String(stored.events[2]!.id), "cs:up:last-month", lastMonth.getTime(), partitionOf(lastMonth)],
  ]);
  const [delivery] = resultRows<{ dedup_key: string }>(await withPlatform(upgrade.db, (tx) => tx.execute(sql`
    select e.dedup_key from forward_deliveries d join device_events e on e.tenant_id = d.tenant_id and e.id = d.event_id where d.tenant_id = ${stored.tenantId}`)));
  expect(delivery).toEqual({ dedup_key: "cs:up:this-month" });

  // The network server retrying the clock-skewed event (same id, same reported time) stores nothing;
  // a new event continues the ids.
  const outcomes = await ingest(upgrade.db, randomUUID(), [
    uplink({ devEui, at: new Date(Date.UTC(1990, 0, 1)), receivedAt: now, deduplicationId: skewedId }),
    uplink({ devEui, at: now }),
  ]);
  expect(outcomes.map((o) => o.status)).toEqual(["duplicate", "stored"]);
  const [newest] = resultRows<{ id: string | number }>(await withPlatform(upgrade.db, (tx) => tx.execute(sql`select max(id) as id from device_events`)));
  expect(Number(newest!.id)).toBeGreaterThan(Number(stored.events[2]!.id));
});
