import { and, eq } from "drizzle-orm";
import { invalid, notFound } from "@/domain/errors";
import { FIXES, type DifferenceKind, type Fix } from "@/domain/provisioning";
import { recordAudit, type Actor } from "@/server/audit/record-audit";
import type { Database } from "@/server/db";
import { devices, tenants } from "@/server/db/schema";
import { withPlatform } from "@/server/db/scopes";
import { createGateway } from "@/server/network/gateways";
import { adoptApplication } from "./adoption";
import { readOrganisation } from "./local-state";
import type { ProvisioningTarget } from "./management";
import { queueJobs, type NewJob } from "./queue-jobs";

/** The difference an operator chose to fix, as the page sends it back. */
export interface FixRequest {
  kind: DifferenceKind;
  fix: Fix;
  tenantId?: string;
  deviceId?: string;
  devEui?: string;
  gatewayEui?: string;
}

/**
 * Fixes one difference, audited. Pushing and removing queue jobs (so they are retried, ordered and shown
 * like any other change); adopting registers what the server has in Longreach.
 */
export async function fixDifference(db: Database, actor: Actor | null, target: ProvisioningTarget, request: FixRequest) {
  if (!FIXES[request.kind].includes(request.fix)) throw invalid(`A ${request.kind.replaceAll("_", " ")} difference cannot be fixed by "${request.fix}"; choose ${FIXES[request.kind].join(" or ") || "nothing: it needs a person"}.`);
  const audit = (tx: Database, details: Record<string, unknown>) =>
    recordAudit(tx, actor, { tenantId: request.tenantId ?? null, action: "provisioning.drift_fixed", targetType: request.gatewayEui ? "gateway" : request.devEui ? "device" : "tenant", targetId: request.gatewayEui ?? request.devEui ?? request.tenantId, details: { kind: request.kind, fix: request.fix, ...(actor ? {} : { via: "npm run provisioning:check" }), ...details } });

  if (request.fix === "adopt") {
    if (!actor) throw invalid("Adopting needs a person: use the operator's Drift page.");
    if (request.gatewayEui) {
      const remote = await target.server.findGateway(request.gatewayEui);
      if (!remote) throw notFound("That gateway on the network server");
      return withPlatform(db, async (tx) => {
        await createGateway(tx, actor, { gatewayEui: remote.gatewayEui, name: remote.name || remote.gatewayEui, latitude: remote.latitude, longitude: remote.longitude, ownerTenantId: null });
        await audit(tx, { gatewayEui: remote.gatewayEui });
        return { queued: 0, adopted: 1 };
      });
    }
    const tenantId = required(request.tenantId, "tenantId");
    const organisation = await readOrganisation(db, tenantId, target.connectionId);
    if (!organisation) throw notFound("That tenant's application on the network server");
    const result = await adoptApplication(db, actor, target, { tenantId, remoteApplicationId: organisation.remoteApplicationId, devEuis: [required(request.devEui, "devEui")] });
    if (!result.adopted) throw invalid(`That device cannot be adopted: ${result.skipped[0]?.reason.replaceAll("_", " ") ?? "it is no longer in the application"}.`);
    await withPlatform(db, (tx) => audit(tx, { devEui: request.devEui }));
    return { queued: 0, adopted: result.adopted };
  }

  return withPlatform(db, async (tx) => {
    const jobs = await jobsFor(tx, request);
    const queued = await queueJobs(tx, jobs);
    await audit(tx, { jobs: queued });
    return { queued, adopted: 0 };
  });
}

async function jobsFor(tx: Database, request: FixRequest): Promise<NewJob[]> {
  const reason = "drift_fix";
  if (request.gatewayEui) return [{ tenantId: null, subject: "gateway", subjectId: request.gatewayEui, reason }];
  const tenantId = required(request.tenantId, "tenantId");
  const [tenant] = await tx.select({ id: tenants.id }).from(tenants).where(eq(tenants.id, tenantId));
  if (!tenant) throw notFound("That tenant");
  switch (request.kind) {
    case "organisation_missing":
    case "application_missing": {
      const all = await tx.select({ id: devices.id, devEui: devices.devEui }).from(devices).where(eq(devices.tenantId, tenantId));
      return [{ tenantId, subject: "tenant", subjectId: tenantId, reason }, ...all.map((d) => ({ tenantId, subject: "device" as const, subjectId: d.id, devEui: d.devEui, reason }))];
    }
    case "organisation_not_removed":
      return [{ tenantId, subject: "tenant", subjectId: tenantId, reason }];
    case "device_missing_local":
      // Not a Longreach device: its job is named by DevEUI, and removes it only from this tenant's application.
      return [{ tenantId, subject: "device", subjectId: `eui:${required(request.devEui, "devEui")}`, devEui: request.devEui, reason }];
    default: {
      const [device] = await tx.select({ id: devices.id, devEui: devices.devEui }).from(devices).where(and(eq(devices.tenantId, tenantId), eq(devices.id, required(request.deviceId, "deviceId"))));
      if (!device) throw notFound("That device");
      return [{ tenantId, subject: "device", subjectId: device.id, devEui: device.devEui, reason }];
    }
  }
}

function required<T>(value: T | undefined, name: string): T {
  if (value === undefined) throw invalid(`This fix needs ${name}.`);
  return value;
}
