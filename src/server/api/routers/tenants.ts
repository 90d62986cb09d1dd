import { z } from "zod";
import { listAudit } from "@/server/audit/list-audit";
import { assertClosureConfirmed, closureImpact } from "@/server/provisioning/closure";
import { inviteToTenant, listPendingInvitations } from "@/server/tenancy/invitations";
import { listMembers } from "@/server/tenancy/team";
import { tenantOverview } from "@/server/tenancy/tenant-overview";
import { createTenant, getTenant, listTenants, setTenantStatus, updateTenant } from "@/server/tenancy/tenants";
import { email, id, organisationName, page, search, tenantRole } from "../inputs";
import { createTRPCRouter, operatorProcedure } from "../trpc";

const tenantFields = z.object({
  name: organisationName,
  contactEmail: email,
  billingEmail: email,
  planName: z.string().trim().max(60, "Plan names are at most 60 characters.").nullish(),
});

/** The operator console's tenant onboarding and lifecycle. */
export const tenantsRouter = createTRPCRouter({
  list: operatorProcedure
    .input(page.extend({ search, status: z.enum(["pending", "active", "suspended", "closed"]).optional() }))
    .query(({ ctx, input }) => ctx.platform((tx) => listTenants(tx, input))),

  get: operatorProcedure.input(z.object({ tenantId: id })).query(({ ctx, input }) =>
    ctx.platform(async (tx) => ({
      tenant: await getTenant(tx, input.tenantId),
      members: await listMembers(tx, input.tenantId),
      invitations: await listPendingInvitations(tx, input.tenantId),
      recentActivity: (await listAudit(tx, { tenantId: input.tenantId, page: 1, pageSize: 10 })).rows,
    })),
  ),

  /** The tenant's devices, traffic, plan, current estimate and invoices, for its page in the console. */
  overview: operatorProcedure.input(z.object({ tenantId: id })).query(({ ctx, input }) => ctx.platform((tx) => tenantOverview(tx, input.tenantId))),

  create: operatorProcedure.input(tenantFields).mutation(({ ctx, input }) => ctx.platform((tx) => createTenant(tx, ctx.actor, input))),

  update: operatorProcedure
    .input(tenantFields.partial().extend({ tenantId: id }))
    .mutation(({ ctx, input: { tenantId, ...changes } }) => ctx.platform((tx) => updateTenant(tx, ctx.actor, tenantId, changes))),

  /** What closing would remove from the network server, for the confirmation. */
  closureImpact: operatorProcedure.input(z.object({ tenantId: id })).query(({ ctx, input }) => ctx.platform((tx) => closureImpact(tx, input.tenantId))),

  /** Closing needs `devicesToRemove` (the number closureImpact gave) while a network server is managed. */
  setStatus: operatorProcedure
    .input(z.object({ tenantId: id, status: z.enum(["active", "suspended", "closed"]), reason: z.string().trim().max(500).optional(), devicesToRemove: z.number().int().min(0).optional() }))
    .mutation(({ ctx, input }) =>
      ctx.platform(async (tx) => {
        if (input.status === "closed") await assertClosureConfirmed(tx, input.tenantId, input.devicesToRemove);
        return setTenantStatus(tx, ctx.actor, input.tenantId, input.status, input.reason);
      }),
    ),

  /** Onboarding: invite the tenant's first admin (or owner). The link is returned so it can be shown when no mail server is set up. */
  invite: operatorProcedure
    .input(z.object({ tenantId: id, email, role: tenantRole.default("owner") }))
    .mutation(({ ctx, input }) =>
      ctx.platform((tx) => inviteToTenant(tx, ctx.actor, { ...input, appUrl: ctx.appUrl, mailer: ctx.mailer })),
    ),
});
