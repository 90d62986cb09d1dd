import { z } from "zod";
import { wasteSettingsSchema } from "@/domain/waste/waste-settings";
import { collectionList, collectionListExport, markBinsCollected, wasteDashboard, wasteMap } from "@/server/waste/waste-dashboard";
import { getWasteSettings, updateWasteSettings } from "@/server/waste/waste-settings";
import { id, page, search } from "../inputs";
import { trafficProcedure } from "../traffic-procedure";
import { createTRPCRouter, tenantProcedure } from "../trpc";

/** The waste team's dashboard: bins by urgency, today's collection list, and the team's settings. */
export const wasteRouter = createTRPCRouter({
  dashboard: trafficProcedure
    .input(page.extend({ search }).default({ page: 1, pageSize: 20 }))
    .query(({ ctx, input }) => ctx.inTenant((tx) => wasteDashboard(tx, ctx.tenant.id, input))),

  map: trafficProcedure.query(({ ctx }) => ctx.inTenant((tx) => wasteMap(tx, ctx.tenant.id))),

  collectionList: trafficProcedure.query(({ ctx }) => ctx.inTenant((tx) => collectionList(tx, ctx.tenant.id))),

  collectionCsv: trafficProcedure.query(({ ctx }) => ctx.inTenant((tx) => collectionListExport(tx, ctx.tenant.id))),

  settings: tenantProcedure("viewer").query(({ ctx }) => ctx.inTenant((tx) => getWasteSettings(tx, ctx.tenant.id))),

  updateSettings: tenantProcedure("admin")
    .input(wasteSettingsSchema)
    .mutation(({ ctx, input }) => ctx.inTenant((tx) => updateWasteSettings(tx, ctx.actor, ctx.tenant.id, input))),

  markCollected: tenantProcedure("member")
    .input(z.object({ deviceIds: z.array(id).min(1, "Choose at least one bin.").max(500, "Mark at most 500 bins at once.") }))
    .mutation(({ ctx, input }) => ctx.inTenant((tx) => markBinsCollected(tx, ctx.actor, ctx.tenant.id, [...new Set(input.deviceIds)]))),
});
