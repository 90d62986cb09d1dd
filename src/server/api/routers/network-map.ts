import { z } from "zod";
import { gatewayDevicesHeard, networkMap } from "@/server/network/network-map";
import { createTRPCRouter, operatorProcedure } from "../trpc";
import { gatewayKey } from "./gateways";

/** The operator's map of the network: gateways, their traffic, the devices they hear and the prospects around them. */
export const networkMapRouter = createTRPCRouter({
  gateways: operatorProcedure.query(({ ctx }) => ctx.platform((tx) => networkMap(tx))),

  gatewayDevices: operatorProcedure
    .input(z.object({ gatewayEui: gatewayKey }))
    .query(({ ctx, input }) => ctx.platform((tx) => gatewayDevicesHeard(tx, input.gatewayEui))),
});
