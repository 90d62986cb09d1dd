import { z } from "zod";
import { newApiKeySchema } from "@/domain/identity/api-key-input";
import { createApiKey, listApiKeys, revokeApiKey } from "@/server/api-access/api-keys";
import { id } from "../inputs";
import { createTRPCRouter, tenantProcedure } from "../trpc";

/** Keys for the REST API. They are credentials to the tenant's data, so only admins see or manage them. */
export const apiKeysRouter = createTRPCRouter({
  list: tenantProcedure("admin").query(({ ctx }) => ctx.inTenant((tx) => listApiKeys(tx, ctx.tenant.id))),

  /** The key is in this answer only. */
  create: tenantProcedure("admin")
    .input(newApiKeySchema)
    .mutation(({ ctx, input }) => ctx.inTenant((tx) => createApiKey(tx, ctx.actor, ctx.tenant.id, input))),

  revoke: tenantProcedure("admin")
    .input(z.object({ apiKeyId: id }))
    .mutation(({ ctx, input }) => ctx.inTenant((tx) => revokeApiKey(tx, ctx.actor, ctx.tenant.id, input.apiKeyId))),
});
