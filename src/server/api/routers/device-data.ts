import { z } from "zod";
import { USAGE_WINDOWS } from "@/domain/devices";
import { deviceHistory, liveEvents, recentTenantEvents } from "@/server/devices/device-events";
import { usageSummary } from "@/server/devices/device-usage";
import { id } from "../inputs";
import { trafficProcedure } from "../traffic-procedure";
import { createTRPCRouter } from "../trpc";

const usageWindow = z.enum(Object.keys(USAGE_WINDOWS) as [keyof typeof USAGE_WINDOWS], { error: "Choose 24h or 7d." }).default("24h");

/** What the devices sent: event history, a live feed to poll, and hourly usage. */
export const deviceDataRouter = createTRPCRouter({
  history: trafficProcedure
    .input(z.object({ deviceId: id, cursor: z.object({ occurredAt: z.date(), id: z.number().int().positive() }).nullish(), limit: z.number().int().min(1).max(100).default(25) }))
    .query(({ ctx, input }) => ctx.inTenant((tx) => deviceHistory(tx, ctx.tenant.id, input.deviceId, input))),

  live: trafficProcedure
    .input(z.object({ deviceId: id, afterId: z.number().int().min(0).nullish() }))
    .query(({ ctx, input }) => ctx.inTenant((tx) => liveEvents(tx, ctx.tenant.id, input.deviceId, { afterId: input.afterId, limit: 100 }))),

  recent: trafficProcedure
    .input(z.object({ limit: z.number().int().min(1).max(50).default(10) }).default({ limit: 10 }))
    .query(({ ctx, input }) => ctx.inTenant((tx) => recentTenantEvents(tx, ctx.tenant.id, input.limit))),

  /** One device's usage, or the whole tenant's when deviceId is left out. */
  usage: trafficProcedure
    .input(z.object({ deviceId: id.optional(), window: usageWindow }))
    .query(({ ctx, input }) => ctx.inTenant((tx) => usageSummary(tx, ctx.tenant.id, input))),
});
