import { accountRouter } from "./routers/account";
import { alertsRouter } from "./routers/alerts";
import { apiKeysRouter } from "./routers/api-keys";
import { billingRouter } from "./routers/billing";
import { billingAccountsRouter } from "./routers/billing-accounts";
import { incomeReportsRouter } from "./routers/income-reports";
import { invoicesRouter } from "./routers/invoices";
import { plansRouter } from "./routers/plans";
import { auditRouter } from "./routers/audit";
import { deviceDataRouter } from "./routers/device-data";
import { deviceProfilesRouter } from "./routers/device-profiles";
import { deviceSyncRouter } from "./routers/device-sync";
import { devicesRouter } from "./routers/devices";
import { connectionsRouter } from "./routers/connections";
import { forwardersRouter } from "./routers/forwarders";
import { gatewaysRouter } from "./routers/gateways";
import { invitationsRouter } from "./routers/invitations";
import { networkManagementRouter } from "./routers/network-management";
import { networkMapRouter } from "./routers/network-map";
import { networkOverviewRouter } from "./routers/network-overview";
import { passwordResetRouter } from "./routers/password-reset";
import { provisioningRouter } from "./routers/provisioning";
import { readingsRouter } from "./routers/readings";
import { teamRouter } from "./routers/team";
import { tenantsRouter } from "./routers/tenants";
import { unclaimedTrafficRouter } from "./routers/unclaimed-traffic";
import { wasteRouter } from "./routers/waste";
import { workspaceRouter } from "./routers/workspace";
import { createCallerFactory, createTRPCRouter } from "./trpc";

/** One router per area; the folder routers/ is the map of the API. */
export const appRouter = createTRPCRouter({
  account: accountRouter,
  alerts: alertsRouter,
  apiKeys: apiKeysRouter,
  billing: billingRouter,
  billingAccounts: billingAccountsRouter,
  incomeReports: incomeReportsRouter,
  invoices: invoicesRouter,
  plans: plansRouter,
  audit: auditRouter,
  deviceData: deviceDataRouter,
  deviceProfiles: deviceProfilesRouter,
  deviceSync: deviceSyncRouter,
  devices: devicesRouter,
  connections: connectionsRouter,
  forwarders: forwardersRouter,
  gateways: gatewaysRouter,
  invitations: invitationsRouter,
  networkManagement: networkManagementRouter,
  networkMap: networkMapRouter,
  networkOverview: networkOverviewRouter,
  passwordReset: passwordResetRouter,
  provisioning: provisioningRouter,
  readings: readingsRouter,
  team: teamRouter,
  tenants: tenantsRouter,
  unclaimedTraffic: unclaimedTrafficRouter,
  waste: wasteRouter,
  workspace: workspaceRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
