import { z } from "zod";
import { MAX_FIELD_NAME_LENGTH } from "@/domain/readings/numeric-fields";
import { READING_WINDOWS, type ReadingWindow } from "@/domain/readings/reading-series";
import { latestReadings, readingHistory, tenantFields } from "@/server/readings/device-readings";
import { id } from "../inputs";
import { trafficProcedure } from "../traffic-procedure";
import { createTRPCRouter, tenantProcedure } from "../trpc";

const windows = Object.keys(READING_WINDOWS) as [ReadingWindow, ...ReadingWindow[]];

/** What a device's decoded payloads say: its latest values, and one field over time. */
export const readingsRouter = createTRPCRouter({
  latest: trafficProcedure.input(z.object({ deviceId: id })).query(({ ctx, input }) => ctx.inTenant((tx) => latestReadings(tx, ctx.tenant.id, input.deviceId))),

  history: trafficProcedure
    .input(z.object({
      deviceId: id,
      field: z.string().trim().min(1, "Choose a field to chart.").max(MAX_FIELD_NAME_LENGTH, `Field names are at most ${MAX_FIELD_NAME_LENGTH} characters.`),
      window: z.enum(windows, { error: `Choose ${windows.join(", ")}.` }).default("24h"),
    }))
    .query(({ ctx, input }) => ctx.inTenant((tx) => readingHistory(tx, ctx.tenant.id, input.deviceId, input.field, input.window))),

  /** The fields the organisation's devices report (names only, no values): for choosing what an alert watches. */
  fields: tenantProcedure("viewer").query(({ ctx }) => ctx.inTenant((tx) => tenantFields(tx, ctx.tenant.id))),
});
