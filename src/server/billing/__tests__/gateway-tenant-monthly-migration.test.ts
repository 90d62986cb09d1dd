import { sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { useUpgradeDatabase } from "../../../../test/migrations";
import { randomEui } from "../../../../test/network-traffic";
import { withPlatform } from "@/server/db";
import { resultRows } from "@/server/db/result-rows";

/**
 * Migration 0038 fills income by gateway area's monthly rollup from the events already stored, counting
 * them as ingestion does from then on: claimed uplinks only, once per gateway that heard each, in the
 * event's UTC month. On a private embedded database migrated up to the migration before it.
 */

const upgrade = useUpgradeDatabase("0037_device_events_partitioned");

it("migration 0038 counts every stored uplink once for each gateway that heard it, per tenant and month", async () => {
  await upgrade.migrateUpTo();
  const [a, b] = [randomEui(), randomEui()];
  const tenantId = await withPlatform(upgrade.db, async (tx) => {
    const [tenant] = resultRows<{ id: string }>(await tx.execute(sql`
      insert into tenants (slug, name, contact_email, billing_email) values ('before-rollup', 'Before rollup', 'a@example.org', 'a@example.org') returning id`));
    const [device] = resultRows<{ id: string }>(await tx.execute(sql`
      insert into devices (tenant_id, dev_eui, name, activation) values (${tenant!.id}, ${randomEui()}, 'sensor', 'otaa') returning id`));
    const heard = (...euis: string[]) => JSON.stringify({ gateways: euis.map((eui) => ({ eui, rssi: -100, snr: 5 })) });
    await tx.execute(sql`
      insert into device_events (tenant_id, device_id, dedup_key, kind, occurred_at, reported_at, details) values
        (${tenant!.id}, ${device!.id}, 'up-1', 'uplink', '2026-10-31T23:59:00Z', '2026-10-31T23:59:00Z', ${heard(a, b)}::jsonb),
        (${tenant!.id}, ${device!.id}, 'up-2', 'uplink', '2026-11-01T00:01:00Z', '2026-11-01T00:01:00Z', ${heard(a, a)}::jsonb),
        (${tenant!.id}, ${device!.id}, 'up-3', 'uplink', '2026-11-15T12:00:00Z', '2026-11-15T12:00:00Z', ${heard(b)}::jsonb),
        (${tenant!.id}, ${device!.id}, 'up-4', 'uplink', '2026-11-16T12:00:00Z', '2026-11-16T12:00:00Z', null),
        (${tenant!.id}, ${device!.id}, 'join-1', 'join', '2026-11-02T12:00:00Z', '2026-11-02T12:00:00Z', ${heard(a)}::jsonb)`);
    return tenant!.id;
  });

  await upgrade.migrateRest();

  const rows = resultRows<{ month: string; gateway_eui: string; uplinks: number }>(await withPlatform(upgrade.db, (tx) => tx.execute(sql`
    select to_char(month at time zone 'UTC', 'YYYY-MM') as month, gateway_eui, sum(uplinks)::int as uplinks
    from gateway_tenant_monthly where tenant_id = ${tenantId} group by 1, 2 order by 1, 2`)));
  expect(rows).toEqual([
    { month: "2026-10", gateway_eui: a, uplinks: 1 },
    { month: "2026-10", gateway_eui: b, uplinks: 1 },
    // The same gateway twice in one uplink's receptions counts once; the join counts for none.
    { month: "2026-11", gateway_eui: a, uplinks: 1 },
    { month: "2026-11", gateway_eui: b, uplinks: 1 },
  ].sort((x, y) => (x.month + x.gateway_eui < y.month + y.gateway_eui ? -1 : 1)));
});
