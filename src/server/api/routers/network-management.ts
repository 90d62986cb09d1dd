import { z } from "zod";
import { configureManagement, getManagement, noteConnectionState, removeManagement } from "@/server/provisioning/management";
import { onNetworkServer } from "../managed-network";
import { id } from "../inputs";
import { createTRPCRouter, operatorProcedure } from "../trpc";

const apiUrl = z
  .url({ protocol: /^https?$/, error: "Enter ChirpStack's API address starting with https:// (or http:// inside the council's network), e.g. https://chirpstack.example.gov.uk." })
  .max(300, "The address is at most 300 characters.")
  .refine((value) => new URL(value).pathname === "/" || new URL(value).pathname === "", "Enter only the address and port of ChirpStack's API, without a path.");

/**
 * The management side of a network connection: Longreach provisions tenants, devices and gateways into
 * it. The API token is write-only: it is encrypted at rest and never sent back.
 */
export const networkManagementRouter = createTRPCRouter({
  get: operatorProcedure.query(({ ctx }) => ctx.platform((tx) => getManagement(tx))),

  configure: operatorProcedure
    .input(
      z.object({
        connectionId: id,
        kind: z.enum(["chirpstack", "simulated"], { error: "Choose ChirpStack v4 or the simulated network server." }),
        apiUrl: apiUrl.nullish(),
        apiToken: z.string().trim().min(20, "That does not look like a ChirpStack API token; copy the whole token.").max(2000).nullish(),
        councilRemoteTenantId: z.uuid("The council's ChirpStack tenant id is a UUID (Tenants → the tenant → its id).").nullish(),
      }),
    )
    .mutation(({ ctx, input }) => ctx.platform((tx) => configureManagement(tx, ctx.actor, input))),

  /** One authenticated call to the server, so a wrong address or token shows at once. */
  test: operatorProcedure.mutation(async ({ ctx }) => {
    try {
      return await onNetworkServer(ctx.db, async (target) => {
        await target.server.checkAccess();
        await noteConnectionState(ctx.db, target.connectionId, null);
        return { ok: true as const, server: target.server.description };
      });
    } catch (error) {
      const management = await ctx.platform((tx) => getManagement(tx));
      if (management) await noteConnectionState(ctx.db, management.connectionId, (error as Error).message);
      throw error;
    }
  }),

  remove: operatorProcedure.input(z.object({ connectionId: id })).mutation(({ ctx, input }) => ctx.platform((tx) => removeManagement(tx, ctx.actor, input.connectionId))),
});
