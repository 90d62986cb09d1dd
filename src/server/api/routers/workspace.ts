import { createTRPCRouter, tenantProcedure } from "../trpc";

/** The tenant portal's frame: which tenant this is and what the caller may do in it. */
export const workspaceRouter = createTRPCRouter({
  current: tenantProcedure("viewer").query(({ ctx }) => ctx.tenant),
});
