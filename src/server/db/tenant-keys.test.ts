import { readFileSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase } from "../../../test/database";
import type { DatabaseHandle } from "./client";
import { resultRows } from "./result-rows";

/**
 * The house rule that lets the data be distributed by tenant later (Citus; README "Running at scale"),
 * checked on the migrated schema itself: every table holding tenants' rows is keyed by tenant_id first,
 * and what it references of another tenant's table goes through tenant_id too, so each tenant's rows
 * of every table can live on one node. The few unique keys that span tenants are network-wide lookups;
 * each is listed here with what it becomes when distributing, so a new one fails until it has a plan.
 */

/** Has a tenant_id but is not tenants' data: platform and tenant entries side by side (tenant_id may be null). */
const NOT_TENANT_OWNED: Record<string, string> = {
  audit_log: "stays on the coordinator (a local table): it records platform actions too",
  provisioning_jobs: "stays on the coordinator (a local table): the outbox holds the council's own jobs (gateways, its organisation) beside tenants', and workers claim them in one global order",
};

/** Unique keys that do not start with tenant_id, and what each becomes in a distributed database. */
const NETWORK_WIDE_KEYS: Record<string, string> = {
  devices_dev_eui_unique: "a DevEUI is one device network-wide: moves to a reference table device_registry (dev_eui → tenant_id, device_id) that ingestion's owner lookup reads",
  api_keys_public_id: "API keys are found by their public id before the tenant is known: a reference table api_key_index (public_id → tenant_id)",
  invitations_token_hash_unique: "an invitation link is opened before the tenant is known: a reference table invitation_tokens (token_hash → tenant_id)",
  invoices_number_unique: "numbers stay unique by construction (one counter on the coordinator); the constraint becomes (tenant_id, number)",
  invoices_stripe_invoice_id_unique: "webhooks find invoices by Stripe id: the tenant comes from the Stripe object's metadata.tenant_id; the constraint becomes (tenant_id, stripe_invoice_id)",
  tenant_billing_stripe_customer_id_unique: "as above: (tenant_id, stripe_customer_id), the tenant from the customer's metadata.tenant_id",
  tenant_billing_stripe_subscription_id_unique: "as above: (tenant_id, stripe_subscription_id), the tenant from the subscription's metadata",
  meter_reports_identifier_unique: "the identifier embeds the tenant id already: the constraint becomes (tenant_id, identifier)",
  provisioning_organisations_application: "one network-server application maps to one tenant (adoption checks it): a reference table network_applications (connection_id, remote_application_id → tenant_id)",
};

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await openTestDatabase();
});
afterAll(() => handle.close());

async function rows<T>(query: ReturnType<typeof sql>) {
  return resultRows<T>(await handle.db.execute(query));
}

/** Public tables with a tenant_id column (a partitioned table counts once, as itself), but for the documented exceptions. */
async function tenantOwnedTables() {
  const tables = await rows<{ table: string }>(sql`
    select c.relname as table from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition
      and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped)
    order by 1`);
  return tables.map((t) => t.table).filter((t) => !(t in NOT_TENANT_OWNED));
}

const columnsOf = (conrelid: string, keys: string) => sql.raw(`(select array_agg(a.attname::text order by k.ord) from unnest(${keys}) with ordinality k(attnum, ord) join pg_attribute a on a.attrelid = ${conrelid} and a.attnum = k.attnum)`);

describe("every tenant-owned table can be distributed by tenant_id", () => {
  it("finds the tenant-owned tables (the check is not vacuous)", async () => {
    expect(await tenantOwnedTables()).toEqual(expect.arrayContaining(["devices", "device_events", "usage_hourly", "invoices", "forward_deliveries", "memberships", "tenant_billing"]));
  });

  it("keys each by tenant_id first", async () => {
    const owned = await tenantOwnedTables();
    const keys = await rows<{ table: string; index: string; columns: string[] }>(sql`
      select c.relname as table, i.relname as index, ${columnsOf("c.oid", "ix.indkey")} as columns
      from pg_index ix join pg_class c on c.oid = ix.indrelid join pg_class i on i.oid = ix.indexrelid join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and ix.indisprimary`);
    const primary = new Map(keys.map((k) => [k.table, k.columns]));
    const wrong = owned.filter((t) => primary.get(t)?.[0] !== "tenant_id").map((t) => `${t}: primary key (${primary.get(t)?.join(", ") ?? "none"})`);
    expect(wrong).toEqual([]);
  });

  it("starts every unique key with tenant_id, but the network-wide lookups listed with their plan", async () => {
    const owned = new Set(await tenantOwnedTables());
    const unique = await rows<{ table: string; index: string; columns: string[] }>(sql`
      select c.relname as table, i.relname as index, ${columnsOf("c.oid", "ix.indkey")} as columns
      from pg_index ix join pg_class c on c.oid = ix.indrelid join pg_class i on i.oid = ix.indexrelid join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and ix.indisunique and not ix.indisprimary`);
    const crossing = unique.filter((u) => owned.has(u.table) && u.columns[0] !== "tenant_id").map((u) => u.index).sort();
    expect(crossing).toEqual(Object.keys(NETWORK_WIDE_KEYS).sort());
  });

  it("references another tenant-owned table only through tenant_id, so a tenant's rows stay together", async () => {
    const owned = new Set([...(await tenantOwnedTables()), "tenants"]);
    const references = await rows<{ name: string; table: string; target: string; columns: string[]; targetColumns: string[] }>(sql`
      select co.conname as name, c.relname as table, t.relname as target, ${columnsOf("co.conrelid", "co.conkey")} as columns, ${columnsOf("co.confrelid", "co.confkey")} as "targetColumns"
      from pg_constraint co join pg_class c on c.oid = co.conrelid join pg_class t on t.oid = co.confrelid join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and co.contype = 'f'`);
    const between = references.filter((r) => owned.has(r.table) && owned.has(r.target));
    expect(between.length).toBeGreaterThan(5);
    const wrong = between
      .filter((r) => r.columns[0] !== "tenant_id" || (r.target === "tenants" ? r.targetColumns[0] !== "id" : r.targetColumns[0] !== "tenant_id"))
      .map((r) => `${r.name}: ${r.table}(${r.columns.join(", ")}) → ${r.target}(${r.targetColumns.join(", ")})`);
    expect(wrong).toEqual([]);
  });

  it("has every table placed in README's Citus plan: tenant-owned ones distributed, the rest as reference or coordinator tables", async () => {
    const readme = readFileSync(path.join(process.cwd(), "README.md"), "utf8");
    const plan = readme.slice(readme.indexOf("**Distributing by tenant (Citus).**"), readme.indexOf("- *Unique keys that span tenants*"));
    const bullet = (title: string) => plan.slice(plan.indexOf(`- *${title}`)).split("\n- ")[0]!;
    const tables = (await rows<{ table: string }>(sql`
      select c.relname as table from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition order by 1`)).map((t) => t.table);
    const named = (text: string) => tables.filter((t) => new RegExp(`(?<![\\w-])${t}(?![\\w-])`).test(text));
    const distributed = named(bullet("Distributed by"));
    const reference = named(bullet("Reference tables"));
    const coordinator = named(bullet("On the coordinator"));
    expect(distributed.sort()).toEqual([...(await tenantOwnedTables()), "tenants"].sort());
    expect(tables.filter((t) => [distributed, reference, coordinator].filter((list) => list.includes(t)).length !== 1)).toEqual([]);
  });
});
