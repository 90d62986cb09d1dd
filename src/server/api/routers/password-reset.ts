import { z } from "zod";
import { completePasswordReset, requestPasswordReset } from "@/server/auth/password-reset";
import { withPlatform } from "@/server/db";
import { email, linkToken, newPassword } from "../inputs";
import { createTRPCRouter, publicProcedure } from "../trpc";

export const passwordResetRouter = createTRPCRouter({
  request: publicProcedure.input(z.object({ email })).mutation(async ({ ctx, input }) => {
    await withPlatform(ctx.db, (tx) => requestPasswordReset(tx, input.email, ctx.appUrl, ctx.mailer));
    return { message: "If that address has an account, a reset link is on its way." };
  }),

  complete: publicProcedure
    .input(z.object({ token: linkToken, password: newPassword }))
    .mutation(({ ctx, input }) => withPlatform(ctx.db, (tx) => completePasswordReset(tx, input.token, input.password))),
});
