import { z } from "zod";
import { deviceSyncStates, retryDeviceSync } from "@/server/provisioning/sync-states";
import { id } from "../inputs";
import { createTRPCRouter, tenantProcedure } from "../trpc";

/** Whether each device is in step with the network server (in sync, pending, failed with the reason); admins can retry. */
export const deviceSyncRouter = createTRPCRouter({
  states: tenantProcedure("viewer")
    .input(z.object({ deviceIds: z.array(id).max(100, "Ask for at most 100 devices at a time.") }))
    .query(({ ctx, input }) => ctx.inTenant((tx) => deviceSyncStates(tx, ctx.tenant.id, input.deviceIds))),

  retry: tenantProcedure("admin")
    .input(z.object({ deviceId: id }))
    .mutation(({ ctx, input }) => ctx.inTenant((tx) => retryDeviceSync(tx, ctx.actor, ctx.tenant.id, input.deviceId))),
});
