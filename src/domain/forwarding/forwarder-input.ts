import { z } from "zod";
import type { NetworkEventKind } from "@/domain/lorawan/network-event";

/**
 * What a tenant admin sends to add or change a webhook endpoint, shared by the API and the portal's
 * form. The URL is only checked for shape here; whether it may be called (https, not an internal
 * address) depends on the server's destination policy, so the server checks it with checkDestinationUrl.
 * Imported by client components: nothing here may pull in Node modules.
 */

/** In the order the portal lists them: the common ones first. */
export const FORWARDABLE_EVENT_KINDS = ["uplink", "join", "status", "location", "downlink", "ack", "txack", "log", "alert"] as const satisfies readonly (NetworkEventKind | "alert")[];
export type ForwardableEventKind = (typeof FORWARDABLE_EVENT_KINDS)[number];

export const EVENT_KIND_DESCRIPTIONS: Record<ForwardableEventKind, string> = {
  uplink: "Uplinks: data the device sends, with the decoded reading",
  join: "Joins: the device joined the network",
  status: "Status: battery level and link margin reported by the device",
  location: "Location: a position the network worked out for the device",
  downlink: "Downlinks: messages sent to the device",
  ack: "Acknowledgements: the device confirmed a downlink",
  txack: "Transmission acknowledgements: a gateway sent a downlink",
  log: "Logs: warnings and errors from the network server about the device",
  alert: "Alerts: one of your alerts fired or cleared (Alerts page)",
};

export const FORWARDER_NAME_MAX = 80;
export const FORWARDER_URL_MAX = 2000;

export const forwarderName = z
  .string({ error: "Enter a name for the endpoint." })
  .trim()
  .min(1, "Enter a name for the endpoint, e.g. Asset system.")
  .max(FORWARDER_NAME_MAX, `Endpoint names are at most ${FORWARDER_NAME_MAX} characters.`);

export const forwarderUrl = z
  .string({ error: "Enter the endpoint's URL." })
  .trim()
  .min(1, "Enter the endpoint's URL, e.g. https://example.com/longreach/events.")
  .max(FORWARDER_URL_MAX, `URLs are at most ${FORWARDER_URL_MAX} characters.`);

/** At least one kind, each once, in the portal's order whatever order they came in. */
export const forwardedEventKinds = z
  .array(z.enum(FORWARDABLE_EVENT_KINDS, { error: `Event kinds are ${FORWARDABLE_EVENT_KINDS.join(", ")}.` }))
  .min(1, "Choose at least one kind of event to send.")
  .transform((kinds) => FORWARDABLE_EVENT_KINDS.filter((kind) => kinds.includes(kind)));

export const newForwarderSchema = z.object({
  name: forwarderName,
  url: forwarderUrl,
  eventKinds: forwardedEventKinds.default(["uplink"]),
});
export type NewForwarder = z.infer<typeof newForwarderSchema>;

/** Only the fields given are changed. */
export const forwarderChangesSchema = z.object({
  name: forwarderName.optional(),
  url: forwarderUrl.optional(),
  eventKinds: forwardedEventKinds.optional(),
  enabled: z.boolean({ error: "Enabled must be true or false." }).optional(),
});
export type ForwarderChanges = z.infer<typeof forwarderChangesSchema>;
