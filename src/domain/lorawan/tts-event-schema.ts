import { z } from "zod";
import { base64BytesSchema } from "./base64";
import { locationSchema } from "./coordinates";
import { devAddrSchema, euiSchema } from "./eui";
import { optionalProtoField, protoField } from "./proto-json";
import { timestampSchema } from "./timestamp";

// The Things Stack v3 webhook / MQTT messages (ttn.lorawan.v3.ApplicationUp
// as JSON, snake_case). TTS leaves out every field whose value is "", 0 or
// false, which is why so much here is optional. Unknown fields are ignored,
// and as for ChirpStack only the fields Longreach reads are validated.

const count = z.number().int().min(0);
const port = count.max(255);
const decodedObject = z.record(z.string(), z.unknown());

const endDeviceIdsSchema = z.object({
  application_ids: optionalProtoField(z.object({ application_id: z.string().min(1) })),
  dev_eui: euiSchema,
  dev_addr: optionalProtoField(devAddrSchema),
});

const rxMetadataSchema = z.object({
  gateway_ids: z.object({
    gateway_id: z.string().min(1),
    // Absent for gateways seen through Packet Broker.
    eui: optionalProtoField(euiSchema),
  }),
  rssi: optionalProtoField(z.number()),
  channel_rssi: optionalProtoField(z.number()),
  snr: optionalProtoField(z.number()),
  time: optionalProtoField(timestampSchema),
  received_at: optionalProtoField(timestampSchema),
  location: optionalProtoField(locationSchema),
});

const settingsSchema = z.object({
  data_rate: optionalProtoField(
    z.object({
      // FSK and LR-FHSS frames have no LoRa settings, so no airtime can be computed for them.
      lora: optionalProtoField(
        z.object({
          bandwidth: z.number(),
          spreading_factor: z.number(),
          coding_rate: optionalProtoField(z.string()),
        }),
      ),
    }),
  ),
  // Older releases put the coding rate and data rate index here.
  coding_rate: optionalProtoField(z.string()),
  data_rate_index: optionalProtoField(count),
  // uint64 fields are strings in protobuf JSON.
  frequency: z
    .string()
    .regex(/^[1-9][0-9]*$/, { error: 'must be the frequency in Hz as a decimal string, e.g. "868100000"' })
    .transform(Number),
});

const consumedAirtimeSchema = z
  .string()
  .regex(/^[0-9]+(?:\.[0-9]{1,9})?s$/, { error: 'must be a duration in seconds such as "0.061696s"' })
  .transform(durationToMs);

const uplinkMessageSchema = z.object({
  f_port: optionalProtoField(port),
  f_cnt: protoField(count, 0),
  frm_payload: optionalProtoField(base64BytesSchema),
  decoded_payload: optionalProtoField(decodedObject),
  rx_metadata: protoField(z.array(rxMetadataSchema), []),
  settings: optionalProtoField(settingsSchema),
  received_at: optionalProtoField(timestampSchema),
  consumed_airtime: optionalProtoField(consumedAirtimeSchema),
  confirmed: protoField(z.boolean(), false),
});

const downlinkSchema = z.object({
  f_port: optionalProtoField(port),
  f_cnt: optionalProtoField(count),
  frm_payload: optionalProtoField(base64BytesSchema),
  decoded_payload: optionalProtoField(decodedObject),
  confirmed: protoField(z.boolean(), false),
});

export const ttsMessageSchema = z.object({
  end_device_ids: endDeviceIdsSchema,
  correlation_ids: protoField(z.array(z.string()), []),
  received_at: timestampSchema,
  uplink_message: optionalProtoField(uplinkMessageSchema),
  join_accept: optionalProtoField(z.object({ received_at: optionalProtoField(timestampSchema) })),
  downlink_ack: optionalProtoField(downlinkSchema),
  downlink_nack: optionalProtoField(downlinkSchema),
  downlink_sent: optionalProtoField(downlinkSchema),
  downlink_failed: optionalProtoField(
    z.object({
      downlink: optionalProtoField(downlinkSchema),
      error: optionalProtoField(
        z.object({ name: optionalProtoField(z.string()), message_format: optionalProtoField(z.string()) }),
      ),
    }),
  ),
  location_solved: optionalProtoField(z.object({ service: optionalProtoField(z.string()), location: locationSchema })),
  service_data: optionalProtoField(
    z.object({ service: optionalProtoField(z.string()), data: optionalProtoField(decodedObject) }),
  ),
});

export type TtsMessage = z.output<typeof ttsMessageSchema>;
export type TtsUplinkMessage = z.output<typeof uplinkMessageSchema>;
export type TtsDownlink = z.output<typeof downlinkSchema>;
export type TtsRxMetadata = z.output<typeof rxMetadataSchema>;
export type TtsSettings = z.output<typeof settingsSchema>;

/** "0.061696s" → 61.696, counted in whole nanoseconds so the one division is the only rounding. */
function durationToMs(text: string): number {
  const [seconds = "0", fraction = ""] = text.slice(0, -1).split(".");
  const nanoseconds = Number(seconds) * 1e9 + Number(fraction.padEnd(9, "0"));
  return nanoseconds / 1e6;
}
