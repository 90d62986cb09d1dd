import { describeDifference, differenceKey, FIXES, type Difference } from "@/domain/provisioning";
import { eq } from "drizzle-orm";
import type { Database } from "@/server/db";
import { tenants } from "@/server/db/schema";
import { withPlatform } from "@/server/db/scopes";
import { checkDrift } from "./drift-check";
import { fixDifference } from "./drift-fixes";
import { provisioningTarget } from "./management";

/**
 * `npm run provisioning:check`: the drift check from a shell (cron, a runbook), of the whole network or
 * of one tenant (`tenantSlug`). Prints each difference;
 * with `fix`, pushes Longreach's state for everything Longreach has (queued as jobs, audited) and leaves
 * what only the network server has for a person to decide on (adopt or remove, on the operator page).
 * Its fixes are audited with no person as the actor, marked as made by the command.
 * Returns the process exit code: 0 when both sides match (or all were queued for fixing), 1 otherwise.
 */
export async function runProvisioningCheck(db: Database, options: { fix: boolean; tenantSlug?: string; print: (line: string) => void }): Promise<number> {
  const target = await provisioningTarget(db);
  if (!target) {
    options.print("No network server is managed by Longreach (Operator console → Connections → Management), so there is nothing to compare.");
    return 1;
  }
  let tenantId: string | undefined;
  if (options.tenantSlug) {
    const [tenant] = await withPlatform(db, (tx) => tx.select({ id: tenants.id }).from(tenants).where(eq(tenants.slug, options.tenantSlug!)));
    if (!tenant) {
      options.print(`There is no tenant with the slug "${options.tenantSlug}" (it is in the tenant's portal address, /t/<slug>).`);
      return 2;
    }
    tenantId = tenant.id;
  }
  const report = await checkDrift(db, target, { tenantId });
  options.print(`Compared ${report.compared.tenants} tenants, ${report.compared.devices} devices and ${report.compared.gateways} gateways with ${report.server}: ${report.differences.length} difference${report.differences.length === 1 ? "" : "s"}.`);
  let unresolved = 0;
  for (const difference of report.differences) {
    const pushed = options.fix && FIXES[difference.kind][0] === "push" ? await fixDifference(db, null, target, requestOf(difference, "push")) : null;
    if (!pushed) unresolved++;
    options.print(`  ${pushed ? "queued a fix:" : difference.pending ? "(a job is queued)" : "-"} ${describeDifference(difference)}  [${differenceKey(difference)}]`);
  }
  if (options.fix && unresolved) options.print(`${unresolved} difference${unresolved === 1 ? " needs" : "s need"} a decision on the operator's Drift page (adopt into Longreach, or remove from the network server).`);
  return unresolved ? 1 : 0;
}

function requestOf(difference: Difference, fix: "push") {
  return {
    kind: difference.kind, fix,
    tenantId: "tenantId" in difference ? difference.tenantId : undefined,
    deviceId: "deviceId" in difference ? difference.deviceId : undefined,
    devEui: "devEui" in difference ? difference.devEui : undefined,
    gatewayEui: "gatewayEui" in difference ? difference.gatewayEui : undefined,
  };
}
