import { networkOverview } from "@/server/network/overview";
import { createTRPCRouter, operatorProcedure } from "../trpc";

/** The operator's network dashboard: traffic, active devices, tenants, gateway health, unclaimed devices. */
export const networkOverviewRouter = createTRPCRouter({
  get: operatorProcedure.query(({ ctx }) => ctx.platform((tx) => networkOverview(tx))),
});
