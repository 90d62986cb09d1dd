import { z } from "zod";
import { inviteToTenant, listPendingInvitations, revokeInvitation } from "@/server/tenancy/invitations";
import { changeMemberRole, listMembers, removeMember } from "@/server/tenancy/team";
import { email, id, tenantRole } from "../inputs";
import { createTRPCRouter, tenantProcedure } from "../trpc";

/** A tenant's own team: everyone can see it, admins manage it. */
export const teamRouter = createTRPCRouter({
  members: tenantProcedure("viewer").query(({ ctx }) => ctx.inTenant((tx) => listMembers(tx, ctx.tenant.id))),

  invitations: tenantProcedure("admin").query(({ ctx }) => ctx.inTenant((tx) => listPendingInvitations(tx, ctx.tenant.id))),

  invite: tenantProcedure("admin")
    .input(z.object({ email, role: tenantRole }))
    .mutation(({ ctx, input }) =>
      ctx.inTenant((tx) => inviteToTenant(tx, ctx.actor, { ...input, tenantId: ctx.tenant.id, appUrl: ctx.appUrl, mailer: ctx.mailer })),
    ),

  changeRole: tenantProcedure("admin")
    .input(z.object({ userId: id, role: tenantRole }))
    .mutation(({ ctx, input }) => ctx.inTenant((tx) => changeMemberRole(tx, ctx.actor, ctx.tenant.id, input.userId, input.role))),

  remove: tenantProcedure("admin")
    .input(z.object({ userId: id }))
    .mutation(({ ctx, input }) => ctx.inTenant((tx) => removeMember(tx, ctx.actor, ctx.tenant.id, input.userId))),

  revokeInvitation: tenantProcedure("admin")
    .input(z.object({ invitationId: id }))
    .mutation(({ ctx, input }) => ctx.inTenant((tx) => revokeInvitation(tx, ctx.actor, ctx.tenant.id, input.invitationId))),
});
