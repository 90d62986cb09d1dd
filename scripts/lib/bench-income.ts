/**
 * The income case of `npm run bench:ingest`, run after the history fill: billing staff's income by
 * gateway area for the last full month, with an invoice issued to every tenant, timed as the app runs
 * it (from gateway_tenant_monthly, the rollup ingestion keeps) beside a baseline measured in the same
 * run: the same answer from the month's raw events, expanding each uplink's receptions, as the report
 * was computed before the rollup. The two answers must agree.
 */
import type postgres from "postgres";
import type { Database } from "../../src/server/db";
import { timed } from "./bench-setup";

export interface IncomeFigures {
  uplinks: number;
  gateways: number;
  p50: number;
  p99: number;
  max: number;
  runs: number;
  baselineMedian: number;
  agrees: boolean;
}

export async function benchIncome(sql: postgres.Sql, db: Database, options: { runs: number; log: (line: string) => void }): Promise<IncomeFigures> {
  const { withPlatform } = await import("../../src/server/db/scopes");
  const { revenueByGateway } = await import("../../src/server/billing/income-reports");
  const { periodContaining, previousPeriod } = await import("../../src/domain/billing");
  const period = previousPeriod(periodContaining(new Date()));
  const [start, end] = [period.start.toISOString(), period.end.toISOString()];

  await sql`
    insert into invoices (tenant_id, number, period_start, period_end, status, mode, plan_id, plan_version, plan_name, internal,
      subtotal_pence, vat_pence, total_pence, notional_total_pence, vat_rate_bp, lines, usage, due_at)
    select t.id, 'BENCH-' || row_number() over (order by t.id), ${start}::timestamptz, ${end}::timestamptz, 'open', 'local', gen_random_uuid(), 1, 'Bench', false,
      10000 + (abs(hashtext(t.id::text)) % 90000), 0, 10000 + (abs(hashtext(t.id::text)) % 90000), 0, 0, '[]', '{}', ${end}::timestamptz + interval '30 days'
    from tenants t where exists (select 1 from device_events e where e.tenant_id = t.id and e.occurred_at >= ${start}::timestamptz and e.occurred_at < ${end}::timestamptz)`;
  await sql`analyze invoices`;
  await sql`analyze gateway_tenant_monthly`;
  const [{ uplinks }] = (await sql<{ uplinks: number }[]>`
    select count(*)::int as uplinks from device_events where kind = 'uplink' and occurred_at >= ${start}::timestamptz and occurred_at < ${end}::timestamptz`) as unknown as [{ uplinks: number }];
  options.log(`income: every tenant invoiced for ${start.slice(0, 7)}, ${uplinks.toLocaleString("en-GB")} uplinks that month`);

  const report = await timed(options.runs, () => withPlatform(db, (tx) => revenueByGateway(tx, period)), 10);
  const baseline = await timed(3, () => sql<{ gateway_eui: string; receptions: string; revenue_pence: string }[]>`
    with receptions as (
      select e.tenant_id, g.eui as gateway_eui, count(*)::numeric as n
      from device_events e cross join lateral (select distinct r ->> 'eui' as eui from jsonb_array_elements(coalesce(e.details -> 'gateways', '[]'::jsonb)) r) g
      where e.kind = 'uplink' and e.occurred_at >= ${start}::timestamptz and e.occurred_at < ${end}::timestamptz
      group by 1, 2
    ), totals as (select tenant_id, sum(n) as total from receptions group by 1)
    select r.gateway_eui, sum(r.n)::text as receptions, round(sum(i.subtotal_pence * r.n / t.total))::text as revenue_pence
    from invoices i join receptions r on r.tenant_id = i.tenant_id join totals t on t.tenant_id = i.tenant_id
    where i.period_start = ${start}::timestamptz and not i.internal and i.status <> 'void'
    group by r.gateway_eui`, 1);

  const fromRollup = new Map(report.last.map((r) => [r.gatewayEui, `${r.receptions} ${r.revenuePence}`]));
  const agrees = baseline.last.length === fromRollup.size && baseline.last.every((r) => fromRollup.get(r.gateway_eui) === `${r.receptions} ${r.revenue_pence}`);
  return {
    uplinks, gateways: fromRollup.size,
    p50: report.p50, p99: report.p99, max: report.max, runs: report.runs,
    baselineMedian: baseline.p50, agrees,
  };
}
