import { z } from "zod";
import { FIXES, type DifferenceKind } from "@/domain/provisioning";
import { adoptableApplications, adoptApplication, previewAdoption } from "@/server/provisioning/adoption";
import { checkDrift } from "@/server/provisioning/drift-check";
import { fixDifference } from "@/server/provisioning/drift-fixes";
import { listJobs, queueOverview, retryFailedJobs } from "@/server/provisioning/job-queue";
import { tenantOnNetwork } from "@/server/provisioning/tenant-network";
import { onNetworkServer } from "../managed-network";
import { id, page } from "../inputs";
import { createTRPCRouter, operatorProcedure } from "../trpc";

const eui = z.string().regex(/^[0-9a-f]{16}$/, "EUIs are 16 lowercase hexadecimal digits.");
const differenceKinds = Object.keys(FIXES) as [DifferenceKind, ...DifferenceKind[]];

/** The operator's provisioning console: the queue across tenants, drift between both sides, adoption. */
export const provisioningRouter = createTRPCRouter({
  overview: operatorProcedure.query(({ ctx }) => ctx.platform((tx) => queueOverview(tx))),

  jobs: operatorProcedure
    .input(page.extend({ status: z.enum(["pending", "failed", "done"]).optional(), tenantId: id.optional() }))
    .query(({ ctx, input }) => ctx.platform((tx) => listJobs(tx, input))),

  /** One failed job, a tenant's, or every failed job nothing has superseded. */
  retry: operatorProcedure
    .input(z.object({ jobId: z.number().int().positive().optional(), tenantId: id.optional() }))
    .mutation(({ ctx, input }) => ctx.platform((tx) => retryFailedJobs(tx, ctx.actor, input))),

  /** What the network server holds for one tenant, read live, a page of devices at a time. */
  tenantNetwork: operatorProcedure
    .input(page.extend({ tenantId: id, search: z.string().trim().max(100).optional() }))
    .query(({ ctx, input }) => onNetworkServer(ctx.db, (target) => tenantOnNetwork(ctx.db, target, input))),

  /** The whole network, or one tenant. */
  checkDrift: operatorProcedure
    .input(z.object({ tenantId: id.optional() }).optional())
    .mutation(({ ctx, input }) => onNetworkServer(ctx.db, (target) => checkDrift(ctx.db, target, { tenantId: input?.tenantId }))),

  fix: operatorProcedure
    .input(z.object({ kind: z.enum(differenceKinds), fix: z.enum(["push", "remove", "adopt"]), tenantId: id.optional(), deviceId: id.optional(), devEui: eui.optional(), gatewayEui: eui.optional() }))
    .mutation(({ ctx, input }) => onNetworkServer(ctx.db, (target) => fixDifference(ctx.db, ctx.actor, target, input))),

  applications: operatorProcedure.query(({ ctx }) => onNetworkServer(ctx.db, (target) => adoptableApplications(ctx.db, target))),

  previewAdoption: operatorProcedure
    .input(z.object({ remoteApplicationId: z.string().trim().min(1).max(100) }))
    .query(({ ctx, input }) => onNetworkServer(ctx.db, (target) => previewAdoption(ctx.db, target, input.remoteApplicationId))),

  adopt: operatorProcedure
    .input(z.object({ remoteApplicationId: z.string().trim().min(1).max(100), tenantId: id }))
    .mutation(({ ctx, input }) => onNetworkServer(ctx.db, (target) => adoptApplication(ctx.db, ctx.actor, target, input))),
});
