import { z } from "zod";
import { withPlatform } from "@/server/db";
import { acceptInvitation, previewInvitation } from "@/server/tenancy/invitations";
import { linkToken, newPassword, personName } from "../inputs";
import { createTRPCRouter, publicProcedure, signedInProcedure } from "../trpc";

/** Opening an invitation link; the invitee has no tenant yet, so these use the platform path keyed by the secret token. */
export const invitationsRouter = createTRPCRouter({
  preview: publicProcedure.input(z.object({ token: linkToken })).query(({ ctx, input }) => withPlatform(ctx.db, (tx) => previewInvitation(tx, input.token))),

  acceptWithNewAccount: publicProcedure
    .input(z.object({ token: linkToken, name: personName, password: newPassword }))
    .mutation(({ ctx, input }) =>
      withPlatform(ctx.db, (tx) => acceptInvitation(tx, input.token, { newAccount: { name: input.name, password: input.password } })),
    ),

  acceptAsSignedInUser: signedInProcedure
    .input(z.object({ token: linkToken }))
    .mutation(({ ctx, input }) => withPlatform(ctx.db, (tx) => acceptInvitation(tx, input.token, { acceptingUserId: ctx.user.id }))),
});
