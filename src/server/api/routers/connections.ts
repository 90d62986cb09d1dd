import { z } from "zod";
import { createConnection, listConnections, rotateConnectionSecret, setConnectionDisabled } from "@/server/network/connections";
import { id } from "../inputs";
import { createTRPCRouter, operatorProcedure } from "../trpc";

const kind = z.enum(["chirpstack", "tts"], { error: "Kind must be chirpstack (ChirpStack v4) or tts (The Things Stack)." });

/** Where a network server of each kind sends its events. */
const ingestEndpoints = (appUrl: string) => {
  const base = appUrl.replace(/\/+$/, "");
  return { chirpstack: `${base}/api/ingest/chirpstack`, tts: `${base}/api/ingest/tts` };
};

/** Network servers (ChirpStack, The Things Stack) allowed to push events, each with its own secret and rate limit. */
export const connectionsRouter = createTRPCRouter({
  list: operatorProcedure.query(({ ctx }) =>
    ctx.platform(async (tx) => ({ connections: await listConnections(tx), endpoints: ingestEndpoints(ctx.appUrl) })),
  ),

  /** The secret is in this answer only: it is stored as a hash. */
  create: operatorProcedure
    .input(
      z.object({
        name: z.string().trim().min(2, "Enter a name, e.g. Council ChirpStack.").max(80, "Connection names are at most 80 characters."),
        kind,
        ratePerSecond: z
          .number({ error: "Enter the rate limit as a whole number of events per second." })
          .int("Enter the rate limit as a whole number of events per second.")
          .min(1, "The rate limit must be between 1 and 100000 events per second.")
          .max(100_000, "The rate limit must be between 1 and 100000 events per second.")
          .default(500),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const connection = await ctx.platform((tx) => createConnection(tx, ctx.actor, input));
      return { ...connection, endpointUrl: ingestEndpoints(ctx.appUrl)[connection.kind] };
    }),

  /** A new secret, in this answer only; the old one is refused from now on. */
  rotateSecret: operatorProcedure.input(z.object({ connectionId: id })).mutation(async ({ ctx, input }) => {
    const connection = await ctx.platform((tx) => rotateConnectionSecret(tx, ctx.actor, input.connectionId));
    return { ...connection, endpointUrl: ingestEndpoints(ctx.appUrl)[connection.kind] };
  }),

  setDisabled: operatorProcedure
    .input(z.object({ connectionId: id, disabled: z.boolean() }))
    .mutation(({ ctx, input }) => ctx.platform((tx) => setConnectionDisabled(tx, ctx.actor, input.connectionId, input.disabled))),
});
