import { z } from "zod";
import { fPortSchema, payloadHexSchema } from "@/domain/devices";
import { deviceProfileInput, testDecode } from "@/server/devices/codec-check";
import { createDeviceProfile, deleteDeviceProfile, listDeviceProfiles, updateDeviceProfile } from "@/server/devices/device-profiles";
import { id } from "../inputs";
import { createTRPCRouter, tenantProcedure } from "../trpc";

/** Device profiles (region, LoRaWAN version, class, payload codec): everyone reads, admins change them. */
export const deviceProfilesRouter = createTRPCRouter({
  list: tenantProcedure("viewer").query(({ ctx }) => ctx.inTenant((tx) => listDeviceProfiles(tx, ctx.tenant.id))),

  create: tenantProcedure("admin")
    .input(deviceProfileInput)
    .mutation(({ ctx, input }) => ctx.inTenant((tx) => createDeviceProfile(tx, ctx.actor, ctx.tenant.id, input))),

  update: tenantProcedure("admin")
    .input(deviceProfileInput.safeExtend({ profileId: id }))
    .mutation(({ ctx, input: { profileId, ...profile } }) => ctx.inTenant((tx) => updateDeviceProfile(tx, ctx.actor, ctx.tenant.id, profileId, profile))),

  delete: tenantProcedure("admin")
    .input(z.object({ profileId: id }))
    .mutation(({ ctx, input }) => ctx.inTenant((tx) => deleteDeviceProfile(tx, ctx.actor, ctx.tenant.id, input.profileId))),

  /** Runs an (unsaved) codec on a sample payload in the sandbox; returns the decoded data or the codec's error. */
  testDecode: tenantProcedure("admin")
    .input(z.object({ codecSource: z.string().min(1, "Write or paste a codec first."), payloadHex: payloadHexSchema, fPort: fPortSchema }))
    .mutation(({ input }) => testDecode(input.codecSource, input.payloadHex, input.fPort)),
});
