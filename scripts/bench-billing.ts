/**
 * `npm run bench:billing`: closing a month for a large network from its rollups — rating every tenant,
 * numbering and issuing its invoice with per-device lines (local invoicing mode) — against a baseline
 * measured in the same run. A benchmark, not a test: it wipes and refills its database.
 *
 *   1. Seed: BENCH_TENANTS tenants (5000) × BENCH_DEVICES devices (20) on one standard plan, each device
 *      with BENCH_USAGE_ROWS hourly usage rows (24) in last month, written in bulk SQL.
 *   2. Close: closePeriod for last month, as billing staff's "Close period" does (one transaction per
 *      tenant, so one tenant's problem never holds up the rest); checked: one invoice per tenant,
 *      numbers gap-free, totals as the rating engine gives for a sample of tenants.
 *   3. Baseline: the same reads and writes without the per-tenant work: one scan of the month's rollups
 *      and the issued invoices and their device lines copied into empty tables with INSERT … SELECT,
 *      1,000 tenants per statement. The ratio says what issuing tenant by tenant costs over the bulk floor.
 *
 * Database as bench:ingest (BENCH_DATABASE_URL …, its name must contain "bench").
 */
import { performance } from "node:perf_hooks";
import postgres from "postgres";
import { benchDatabaseUrl, fmt, freshDatabase, intSetting as int, log, printResults } from "./lib/bench-setup";

const config = {
  tenants: int("BENCH_TENANTS", 5_000),
  devicesPerTenant: int("BENCH_DEVICES", 20),
  usageRows: int("BENCH_USAGE_ROWS", 24),
};
const url = benchDatabaseUrl("bench:billing");

const { openDatabase } = await import("../src/server/db/client");
const { withTenant } = await import("../src/server/db/scopes");
const { closePeriod } = await import("../src/server/billing/close-period");
const { rateTenantPeriod } = await import("../src/server/billing/rate-tenant");
const { periodContaining, previousPeriod } = await import("../src/domain/billing");

const period = previousPeriod(periodContaining(new Date()));

async function seed(sql: postgres.Sql) {
  const started = performance.now();
  await sql.begin(async (tx) => {
    await tx`
      insert into tenants (slug, name, contact_email, billing_email, status)
      select 'bill-' || g, 'Billing bench tenant ' || g, 'bill-' || g || '@example.org', 'bill-' || g || '@example.org', 'active'
      from generate_series(1, ${config.tenants}) g`;
    await tx`
      insert into devices (tenant_id, dev_eui, name, activation)
      select t.id, lpad(to_hex(row_number() over ()), 16, '0'), 'sensor ' || d, 'otaa'
      from tenants t cross join generate_series(1, ${config.devicesPerTenant}) d`;
    const [plan] = await tx<{ id: string }[]>`insert into plans (name, kind) values ('Bench standard', 'standard') returning id`;
    // £4 a device, 100 credits each pooled, 80 p per 1,000 credits over, 20 % VAT, from a year before the month.
    await tx`
      insert into plan_versions (plan_id, version, effective_from, vat_rate_bp, device_monthly_fee_pence, allowance_credits_per_device, price_per_1000_credits_pence)
      values (${plan!.id}, 1, ${new Date(period.start.getTime() - 365 * 86_400_000).toISOString()}::timestamptz, 2000, 400, 100, 80)`;
    await tx`insert into tenant_billing (tenant_id, plan_id, payment_method) select id, ${plan!.id}, 'invoice' from tenants`;
    // Device n reports in `usageRows` hours of the month; some devices stay silent (inactive, no fee).
    await tx`
      insert into usage_hourly (tenant_id, hour, device_id, uplinks, payload_bytes, phy_bytes, credits, airtime_ms, gateway_receptions)
      select d.tenant_id, ${period.start.toISOString()}::timestamptz + ((k * 29 + (hashtext(d.id::text) & 7)) % (24 * 28)) * interval '1 hour', d.id,
        4 + (k % 3), 40, 72, 4 + (k % 3) + (k % 5), 160.5, 8
      from (select tenant_id, id, row_number() over () as n from devices) d cross join generate_series(1, ${config.usageRows}) k
      where d.n % 10 <> 0`;
  });
  await sql`analyze`;
  return performance.now() - started;
}

async function baseline(sql: postgres.Sql) {
  await sql`create table bench_invoices (like invoices including defaults including constraints including indexes)`;
  await sql`create table bench_invoice_device_lines (like invoice_device_lines including defaults including constraints including indexes)`;
  const tenants = (await sql<{ id: string }[]>`select id from tenants order by id`).map((t) => t.id);
  const started = performance.now();
  await sql`
    select tenant_id, device_id, sum(uplinks), sum(credits), sum(payload_bytes), count(*)
    from usage_hourly where hour >= ${period.start.toISOString()}::timestamptz and hour < ${period.end.toISOString()}::timestamptz group by 1, 2`;
  for (let i = 0; i < tenants.length; i += 1_000) {
    const slice = tenants.slice(i, i + 1_000);
    await sql.begin(async (tx) => {
      await tx`insert into bench_invoices select * from invoices where tenant_id = any(${slice}::uuid[])`;
      await tx`insert into bench_invoice_device_lines select * from invoice_device_lines where tenant_id = any(${slice}::uuid[])`;
    });
  }
  const elapsedMs = performance.now() - started;
  await sql`drop table bench_invoices, bench_invoice_device_lines`;
  return elapsedMs;
}

async function main() {
  log(`bench:billing: closing ${fmt(config.tenants)} tenants × ${config.devicesPerTenant} devices, ${config.usageRows} usage hours per device, period ${period.start.toISOString().slice(0, 7)}`);
  const version = await freshDatabase(url);
  const sql = postgres(url, { max: 2, onnotice: () => {} });
  const seedMs = await seed(sql);
  const [{ rows }] = (await sql<{ rows: number }[]>`select count(*)::int as rows from usage_hourly`) as unknown as [{ rows: number }];
  log(`seeded in ${fmt(seedMs / 1000, 1)} s: ${fmt(rows)} usage rows`);

  const handle = await openDatabase({ url, poolMax: 2 });
  const started = performance.now();
  const summary = await closePeriod(handle.db, period, null);
  const closeMs = performance.now() - started;
  log(`closed: ${summary.issued} issued, ${summary.failed.length} failed, in ${fmt(closeMs / 1000, 1)} s`);

  // Checks: one invoice per tenant, numbers 1…n without gaps, totals as the rating engine gives.
  const [numbers] = await sql<{ invoices: number; tenants: number; lines: number; first: number; last: number; distinct: number; total: number }[]>`
    select count(*)::int as invoices, count(distinct tenant_id)::int as tenants, (select count(*)::int from invoice_device_lines) as lines,
      min(split_part(number, '-', 3)::int) as first, max(split_part(number, '-', 3)::int) as last, count(distinct number)::int as distinct,
      sum(total_pence)::int as total
    from invoices where period_start = ${period.start.toISOString()}::timestamptz`;
  const sample = await sql<{ tenant_id: string; total_pence: number }[]>`select tenant_id, total_pence from invoices order by random() limit 20`;
  let mismatches = 0;
  for (const row of sample) {
    const rated = await withTenant(handle.db, { tenantId: row.tenant_id }, (tx) => rateTenantPeriod(tx, row.tenant_id, period));
    if (rated?.totalPence !== row.total_pence) mismatches++;
  }
  const baselineMs = await baseline(sql);
  await sql.end();
  await handle.close();

  const perTenantMs = closeMs / config.tenants;
  printResults(
    [
      ["PostgreSQL", version],
      ["tenants × devices, usage rows", `${fmt(config.tenants)} × ${config.devicesPerTenant}, ${fmt(rows)}`],
      ["close the month (rate, number, issue; local mode)", `${fmt(closeMs / 1000, 1)} s`],
      ["  per tenant", `${fmt(perTenantMs, 2)} ms`],
      ["  invoices / device lines", `${fmt(numbers!.invoices)} / ${fmt(numbers!.lines)}`],
      ["  numbers", `${numbers!.first}…${numbers!.last}, ${fmt(numbers!.distinct)} distinct`],
      ["  total invoiced", `£${fmt(numbers!.total / 100, 2)}`],
      ["  sample re-rated (20 tenants), differences", String(mismatches)],
      ["baseline: one rollup scan + bulk copy of the same rows", `${fmt(baselineMs / 1000, 1)} s (${fmt(baselineMs / config.tenants, 2)} ms per tenant)`],
      ["ratio close / baseline", `${fmt(closeMs / baselineMs, 1)} ×`],
    ],
    [
      { ok: closeMs < 30_000, aim: "close < 30 s", value: `${fmt(closeMs / 1000, 1)} s` },
      {
        ok: summary.failed.length === 0 && numbers!.invoices === config.tenants && numbers!.distinct === config.tenants && numbers!.last - numbers!.first + 1 === config.tenants && mismatches === 0,
        aim: "one invoice per tenant, gap-free numbers, re-rated totals equal",
        value: `${numbers!.invoices} invoices, ${summary.failed.length} failed, ${mismatches} differences`,
      },
    ],
  );
}

await main();
