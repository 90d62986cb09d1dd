import type { ApplyContext } from "./apply-context";
import { awaitDependency } from "./apply-context";
import type { ClaimedJob } from "./claim-jobs";
import { COUNCIL_SUBJECT } from "./apply-tenant-job";
import { readGateway } from "./local-state";

/** The council's gateways live under its own server-side tenant, which every tenant's devices are heard through. */
export async function applyGatewayJob(ctx: ApplyContext, job: ClaimedJob): Promise<string> {
  const { server } = ctx.target;
  const gatewayEui = job.subjectId;
  const councilTenantId = ctx.target.councilRemoteTenantId;
  if (!councilTenantId) {
    return awaitDependency(ctx, job, { tenantId: null, subject: "tenant", subjectId: COUNCIL_SUBJECT, reason: "needed_by_gateway" }, "the council's tenant on the network server");
  }
  const [local, current] = await Promise.all([readGateway(ctx.db, gatewayEui), server.findGateway(gatewayEui)]);
  if (!local) {
    if (!current) return "not on the network server";
    if (current.remoteTenantId !== councilTenantId) return "left alone: on the network server it belongs to another tenant";
    await server.removeGateway(gatewayEui);
    return "removed";
  }
  const write = await server.writeGateway(councilTenantId, local, current);
  return write === "unchanged" ? "nothing to change" : write;
}
