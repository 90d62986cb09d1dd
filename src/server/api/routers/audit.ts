import { z } from "zod";
import { listAudit } from "@/server/audit/list-audit";
import { id, page } from "../inputs";
import { createTRPCRouter, operatorProcedure } from "../trpc";

export const auditRouter = createTRPCRouter({
  list: operatorProcedure
    .input(
      page.extend({
        tenantId: id.optional(),
        action: z.string().trim().max(60).optional(),
        actor: z.string().trim().max(254).optional(),
        from: z.date().optional(),
        to: z.date().optional(),
      }),
    )
    .query(({ ctx, input }) => ctx.platform((tx) => listAudit(tx, input))),
});
