import { listMyTenants } from "@/server/tenancy/my-tenants";
import { createTRPCRouter, signedInProcedure } from "../trpc";

export const accountRouter = createTRPCRouter({
  /** Who I am and which tenants I can switch between. */
  me: signedInProcedure.query(async ({ ctx }) => ({ ...ctx.user, tenants: await listMyTenants(ctx.db, ctx.user.id) })),
});
