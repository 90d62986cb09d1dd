import { z } from "zod";
import { LorawanInputError, parseEui } from "@/domain/lorawan";
import { createGateway, deleteGateway, getGateway, listGatewayHosts, listGateways, updateGateway } from "@/server/network/gateways";
import { id, page, search } from "../inputs";
import { createTRPCRouter, operatorProcedure } from "../trpc";

/** A gateway EUI as typed or pasted ("B8-27-EB-FF-FE-8B-1C-2D", "0xb827…"), normalised to 16 lowercase hex digits. */
const gatewayEui = z.string({ error: "Enter the gateway EUI." }).transform((value, ctx) => {
  try {
    return parseEui(value, "Gateway EUI");
  } catch (error) {
    if (!(error instanceof LorawanInputError)) throw error;
    ctx.addIssue({ code: "custom", message: `${error.message}.` });
    return z.NEVER;
  }
});

/**
 * An existing gateway's key: an EUI in any common notation, or, for a gateway The Things Stack reported
 * without one (e.g. via Packet Broker), the gateway id ingestion stored in its place.
 */
export const gatewayKey = z
  .string({ error: "Enter the gateway EUI." })
  .trim()
  .min(1, "Enter the gateway EUI.")
  .max(100, "Gateway EUIs are 16 hexadecimal digits.")
  .transform((value) => {
    try {
      return parseEui(value);
    } catch {
      return value;
    }
  });

const gatewayName = z.string().trim().min(1, "Enter a name, e.g. Town hall roof.").max(80, "Gateway names are at most 80 characters.");
const latitude = z.number({ error: "Latitude must be a number of degrees." }).min(-90, "Latitude must be between -90 and 90 degrees.").max(90, "Latitude must be between -90 and 90 degrees.");
const longitude = z.number({ error: "Longitude must be a number of degrees." }).min(-180, "Longitude must be between -180 and 180 degrees.").max(180, "Longitude must be between -180 and 180 degrees.");

/** A location is both coordinates or neither; half a location is a typo. */
function bothOrNeither(value: { latitude?: number | null; longitude?: number | null }, ctx: z.RefinementCtx) {
  const hasLatitude = value.latitude !== undefined && value.latitude !== null;
  const hasLongitude = value.longitude !== undefined && value.longitude !== null;
  if (hasLatitude && !hasLongitude) ctx.addIssue({ code: "custom", path: ["longitude"], message: "Enter the longitude too, or clear the latitude." });
  if (hasLongitude && !hasLatitude) ctx.addIssue({ code: "custom", path: ["latitude"], message: "Enter the latitude too, or clear the longitude." });
}

const gatewayFields = z.object({ name: gatewayName, latitude: latitude.nullish(), longitude: longitude.nullish(), ownerTenantId: id.nullish() });

/** The operator's gateways: the council's own, those tenants host, and those the network added when it heard them. */
export const gatewaysRouter = createTRPCRouter({
  list: operatorProcedure
    .input(page.extend({ search, status: z.enum(["online", "offline"]).optional() }))
    .query(({ ctx, input }) => ctx.platform((tx) => listGateways(tx, input))),

  get: operatorProcedure.input(z.object({ gatewayEui: gatewayKey })).query(({ ctx, input }) => ctx.platform((tx) => getGateway(tx, input.gatewayEui))),

  hosts: operatorProcedure.query(({ ctx }) => ctx.platform((tx) => listGatewayHosts(tx))),

  create: operatorProcedure
    .input(gatewayFields.extend({ gatewayEui }).superRefine(bothOrNeither))
    .mutation(({ ctx, input }) => ctx.platform((tx) => createGateway(tx, ctx.actor, input))),

  update: operatorProcedure
    .input(gatewayFields.partial().extend({ gatewayEui: gatewayKey }).superRefine(bothOrNeither))
    .mutation(({ ctx, input: { gatewayEui, ...changes } }) => ctx.platform((tx) => updateGateway(tx, ctx.actor, gatewayEui, changes))),

  delete: operatorProcedure
    .input(z.object({ gatewayEui: gatewayKey }))
    .mutation(({ ctx, input }) => ctx.platform((tx) => deleteGateway(tx, ctx.actor, input.gatewayEui))),
});
