import { TRPCError } from "@trpc/server";
import { ProvisioningError } from "@/domain/provisioning";
import type { Database } from "@/server/db";
import { provisioningTarget, type ProvisioningTarget } from "@/server/provisioning/management";

/**
 * For operator procedures that talk to the managed network server: refuses clearly when none is
 * managed, and passes the server's own refusal (or silence) on as a 502 with its words.
 */
export async function onNetworkServer<T>(db: Database, fn: (target: ProvisioningTarget) => Promise<T>): Promise<T> {
  const target = await provisioningTarget(db);
  if (!target) throw new TRPCError({ code: "PRECONDITION_FAILED", message: "No network server is managed by Longreach yet; set one up under Connections → Management." });
  try {
    return await fn(target);
  } catch (error) {
    if (error instanceof ProvisioningError) throw new TRPCError({ code: "BAD_GATEWAY", message: error.message, cause: error });
    throw error;
  }
}
