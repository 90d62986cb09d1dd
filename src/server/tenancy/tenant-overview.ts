import { NoPlanVersionError } from "@/domain/billing";
import { listInvoices } from "@/server/billing/invoices";
import { estimateTenant } from "@/server/billing/rate-tenant";
import { getTenantBilling } from "@/server/billing/tenant-billing";
import { tenantDailyUsage } from "@/server/billing/tenant-usage";
import type { Database } from "@/server/db";
import { listDevices } from "@/server/devices/device-queries";
import { getTenant } from "./tenants";

const DAY_MS = 86_400_000;
const TRAFFIC_DAYS = 30;

/**
 * What the operator sees of one tenant's use of the network, from the queries the tenant's own pages
 * and billing staff use: its most recently heard devices, its daily traffic over the last 30 days,
 * plan and payment terms, this month's estimate and its latest invoices.
 */
export async function tenantOverview(tx: Database, tenantId: string, now = new Date()) {
  await getTenant(tx, tenantId);
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return {
    devices: await listDevices(tx, tenantId, { sort: "lastSeen", page: 1, pageSize: 8 }),
    dailyUsage: await tenantDailyUsage(tx, tenantId, new Date(today - (TRAFFIC_DAYS - 1) * DAY_MS), new Date(today + DAY_MS)),
    account: await getTenantBilling(tx, tenantId),
    // A plan whose prices start next month has nothing to estimate yet.
    estimate: await estimateTenant(tx, tenantId, now).catch((error) => {
      if (error instanceof NoPlanVersionError) return null;
      throw error;
    }),
    invoices: await listInvoices(tx, { tenantId, page: 1, pageSize: 6 }),
  };
}
