import { z } from "zod";
import { DEVICE_CSV_LIMITS, deviceChangesSchema, newDeviceSchema } from "@/domain/devices";
import { importDevices, previewDeviceImport } from "@/server/devices/device-import";
import { deviceMap, deviceSummary, getDevice, listDevices } from "@/server/devices/device-queries";
import { deleteDevice, registerDevice, revealDeviceKeys, updateDevice } from "@/server/devices/device-registry";
import { id, page, search } from "../inputs";
import { trafficProcedure } from "../traffic-procedure";
import { createTRPCRouter, tenantProcedure } from "../trpc";

const deviceId = z.object({ deviceId: id });
const csv = z.string().max(DEVICE_CSV_LIMITS.maxBytes, "The file is larger than 1 MiB; split it into smaller files.");

/** A tenant's devices: everyone reads, members register and change them, admins may see their keys. */
export const devicesRouter = createTRPCRouter({
  list: tenantProcedure("viewer")
    .input(page.extend({ search, sort: z.enum(["lastSeen", "name", "newest"]).default("lastSeen") }))
    .query(({ ctx, input }) => ctx.inTenant((tx) => listDevices(tx, ctx.tenant.id, input))),

  summary: tenantProcedure("viewer").query(({ ctx }) => ctx.inTenant((tx) => deviceSummary(tx, ctx.tenant.id))),

  /** The devices that have a location, for the map; hidden while the tenant is suspended, like the other traffic views. */
  map: trafficProcedure.query(({ ctx }) => ctx.inTenant((tx) => deviceMap(tx, ctx.tenant.id))),

  get: tenantProcedure("viewer").input(deviceId).query(({ ctx, input }) => ctx.inTenant((tx) => getDevice(tx, ctx.tenant.id, input.deviceId))),

  register: tenantProcedure("member")
    .input(newDeviceSchema)
    .mutation(({ ctx, input }) => ctx.inTenant((tx) => registerDevice(tx, ctx.actor, ctx.tenant.id, input))),

  update: tenantProcedure("member")
    .input(deviceChangesSchema.extend({ deviceId: id }))
    .mutation(({ ctx, input: { deviceId, ...changes } }) => ctx.inTenant((tx) => updateDevice(tx, ctx.actor, ctx.tenant.id, deviceId, changes))),

  delete: tenantProcedure("member")
    .input(deviceId)
    .mutation(({ ctx, input }) => ctx.inTenant((tx) => deleteDevice(tx, ctx.actor, ctx.tenant.id, input.deviceId))),

  /** Plaintext keys, for admins only, and always recorded in the audit log. */
  revealKeys: tenantProcedure("admin")
    .input(deviceId)
    .mutation(({ ctx, input }) => ctx.inTenant((tx) => revealDeviceKeys(tx, ctx.actor, ctx.tenant.id, input.deviceId))),

  previewImport: tenantProcedure("member")
    .input(z.object({ csv }))
    .mutation(({ ctx, input }) => previewDeviceImport({ db: ctx.db, tenantId: ctx.tenant.id, actor: ctx.actor, inTenant: ctx.inTenant }, input.csv)),

  importDevices: tenantProcedure("member")
    .input(z.object({ csv, mode: z.enum(["all_or_nothing", "valid_rows"], { error: "Choose all_or_nothing or valid_rows." }) }))
    .mutation(({ ctx, input }) => importDevices({ db: ctx.db, tenantId: ctx.tenant.id, actor: ctx.actor, inTenant: ctx.inTenant }, input.csv, input.mode)),
});
