import { z } from "zod";
import { listUnclaimed } from "@/server/network/unclaimed";
import { page } from "../inputs";
import { createTRPCRouter, operatorProcedure } from "../trpc";

/** DevEUIs the network hears that no tenant owns: the sales pipeline. */
export const unclaimedTrafficRouter = createTRPCRouter({
  list: operatorProcedure
    .input(page.extend({ search: z.string().trim().max(40, "Search by the first digits of a DevEUI (at most 16 hex digits).").optional() }))
    .query(({ ctx, input }) => ctx.platform((tx) => listUnclaimed(tx, input))),
});
