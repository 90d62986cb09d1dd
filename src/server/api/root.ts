import { accountRouter } from "./routers/account";
import { auditRouter } from "./routers/audit";
import { invitationsRouter } from "./routers/invitations";
import { passwordResetRouter } from "./routers/password-reset";
import { teamRouter } from "./routers/team";
import { tenantsRouter } from "./routers/tenants";
import { workspaceRouter } from "./routers/workspace";
import { createCallerFactory, createTRPCRouter } from "./trpc";

/** One router per area; the folder routers/ is the map of the API. */
export const appRouter = createTRPCRouter({
  account: accountRouter,
  audit: auditRouter,
  invitations: invitationsRouter,
  passwordReset: passwordResetRouter,
  team: teamRouter,
  tenants: tenantsRouter,
  workspace: workspaceRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
