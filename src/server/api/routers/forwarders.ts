import { z } from "zod";
import { forwarderChangesSchema, newForwarderSchema } from "@/domain/forwarding";
import { DELIVERY_STATUSES, listDeliveries, resendFailedDeliveries } from "@/server/forwarding/forwarder-deliveries";
import { createForwarder, deleteForwarder, getForwarder, listForwarders, rotateForwarderSecret, updateForwarder } from "@/server/forwarding/forwarders";
import { sendTestEvent, testTarget } from "@/server/forwarding/test-event";
import { id, page } from "../inputs";
import { createTRPCRouter, tenantProcedure } from "../trpc";

const forwarderId = z.object({ forwarderId: id });
const deliveryId = z.number({ error: "That delivery id is not valid." }).int("That delivery id is not valid.").positive("That delivery id is not valid.");
const status = z.enum(DELIVERY_STATUSES, { error: `Status must be one of ${DELIVERY_STATUSES.join(", ")}.` });

/** Webhooks: endpoints a tenant's events are sent to. Everyone sees them and their deliveries; admins manage them. */
export const forwardersRouter = createTRPCRouter({
  list: tenantProcedure("viewer").query(({ ctx }) => ctx.inTenant((tx) => listForwarders(tx, ctx.tenant.id))),

  get: tenantProcedure("viewer").input(forwarderId).query(({ ctx, input }) => ctx.inTenant((tx) => getForwarder(tx, ctx.tenant.id, input.forwarderId))),

  deliveries: tenantProcedure("viewer")
    .input(page.extend({ forwarderId: id, status: status.optional() }))
    .query(({ ctx, input: { forwarderId, ...filter } }) => ctx.inTenant((tx) => listDeliveries(tx, ctx.tenant.id, forwarderId, filter))),

  /** The signing secret is in this answer only. */
  create: tenantProcedure("admin")
    .input(newForwarderSchema)
    .mutation(({ ctx, input }) => ctx.inTenant((tx) => createForwarder(tx, ctx.actor, ctx.tenant.id, input))),

  update: tenantProcedure("admin")
    .input(forwarderChangesSchema.extend({ forwarderId: id }))
    .mutation(({ ctx, input: { forwarderId, ...changes } }) => ctx.inTenant((tx) => updateForwarder(tx, ctx.actor, ctx.tenant.id, forwarderId, changes))),

  /** The new signing secret is in this answer only. */
  rotateSecret: tenantProcedure("admin")
    .input(forwarderId)
    .mutation(({ ctx, input }) => ctx.inTenant((tx) => rotateForwarderSecret(tx, ctx.actor, ctx.tenant.id, input.forwarderId))),

  delete: tenantProcedure("admin")
    .input(forwarderId)
    .mutation(({ ctx, input }) => ctx.inTenant((tx) => deleteForwarder(tx, ctx.actor, ctx.tenant.id, input.forwarderId))),

  /** Sends a made-up event now and reports the receiver's answer; the network call is made outside the transaction. */
  sendTest: tenantProcedure("admin")
    .input(forwarderId)
    .mutation(async ({ ctx, input }) => sendTestEvent(await ctx.inTenant((tx) => testTarget(tx, ctx.tenant.id, input.forwarderId)))),

  resend: tenantProcedure("admin")
    .input(forwarderId.extend({ deliveryId }))
    .mutation(({ ctx, input }) => ctx.inTenant((tx) => resendFailedDeliveries(tx, ctx.actor, ctx.tenant.id, input.forwarderId, input.deliveryId))),

  resendAllFailed: tenantProcedure("admin")
    .input(forwarderId)
    .mutation(({ ctx, input }) => ctx.inTenant((tx) => resendFailedDeliveries(tx, ctx.actor, ctx.tenant.id, input.forwarderId))),
});
