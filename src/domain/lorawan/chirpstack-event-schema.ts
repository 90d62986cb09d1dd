import { z } from "zod";
import { base64BytesSchema } from "./base64";
import { locationSchema } from "./coordinates";
import { devAddrSchema, euiHexOrBase64Schema } from "./eui";
import { optionalProtoField, protoField } from "./proto-json";
import { timestampSchema } from "./timestamp";

// ChirpStack v4 integration events as its JSON marshaler writes them
// (api/proto/integration/integration.proto, camelCase field names). Unknown
// fields are ignored so newer ChirpStack releases keep working, and only the
// fields Longreach reads are validated: one it never uses (a device's tags, its
// application's name, ADR) must not cost a paid-for uplink by being malformed,
// nor every uplink the time to check it.

const count = z.number().int().min(0);
const id = z.string().min(1);

const deviceInfoSchema = z.object({
  tenantId: optionalProtoField(z.string()),
  devEui: euiHexOrBase64Schema,
});

const loraModulationSchema = z.object({
  bandwidth: z.number(),
  spreadingFactor: z.number(),
  codeRate: optionalProtoField(z.string()),
  // Set instead of codeRate by early 4.x releases.
  codeRateLegacy: optionalProtoField(z.string()),
});

const txInfoSchema = z.object({
  frequency: z.number().int().positive(),
  // FSK and LR-FHSS frames have no LoRa settings, so no airtime can be computed for them.
  modulation: optionalProtoField(z.object({ lora: optionalProtoField(loraModulationSchema) })),
});

const rxInfoSchema = z.object({
  gatewayId: euiHexOrBase64Schema,
  rssi: optionalProtoField(z.number()),
  snr: optionalProtoField(z.number()),
  nsTime: optionalProtoField(timestampSchema),
  gwTime: optionalProtoField(timestampSchema),
  // What early 4.x releases called gwTime.
  time: optionalProtoField(timestampSchema),
  location: optionalProtoField(locationSchema),
});

const eventHeader = {
  time: timestampSchema,
  deviceInfo: deviceInfoSchema,
};

export const chirpstackUpEventSchema = z.object({
  ...eventHeader,
  deduplicationId: id,
  devAddr: optionalProtoField(devAddrSchema),
  dr: protoField(count, 0),
  fCnt: protoField(count, 0),
  fPort: optionalProtoField(count.max(255)),
  confirmed: protoField(z.boolean(), false),
  data: optionalProtoField(base64BytesSchema),
  object: optionalProtoField(z.record(z.string(), z.unknown())),
  rxInfo: protoField(z.array(rxInfoSchema), []),
  txInfo: optionalProtoField(txInfoSchema),
});

export const chirpstackJoinEventSchema = z.object({
  ...eventHeader,
  deduplicationId: id,
  devAddr: optionalProtoField(devAddrSchema),
});

export const chirpstackStatusEventSchema = z.object({
  ...eventHeader,
  deduplicationId: id,
  margin: protoField(z.number().int(), 0),
  externalPowerSource: protoField(z.boolean(), false),
  batteryLevelUnavailable: protoField(z.boolean(), false),
  batteryLevel: protoField(z.number().min(0).max(100), 0),
});

export const chirpstackAckEventSchema = z.object({
  ...eventHeader,
  deduplicationId: optionalProtoField(id),
  queueItemId: id,
  acknowledged: protoField(z.boolean(), false),
  fCntDown: protoField(count, 0),
});

export const chirpstackTxAckEventSchema = z.object({
  ...eventHeader,
  downlinkId: protoField(count, 0),
  queueItemId: optionalProtoField(id),
  fCntDown: protoField(count, 0),
  gatewayId: optionalProtoField(euiHexOrBase64Schema),
  txInfo: optionalProtoField(txInfoSchema),
});

export const chirpstackLogEventSchema = z.object({
  ...eventHeader,
  level: protoField(z.enum(["INFO", "WARNING", "ERROR"]), "INFO"),
  code: protoField(z.string(), "UNKNOWN"),
  description: protoField(z.string(), ""),
});

export const chirpstackLocationEventSchema = z.object({
  ...eventHeader,
  deduplicationId: optionalProtoField(id),
  location: locationSchema,
});

export type ChirpstackDeviceInfo = z.output<typeof deviceInfoSchema>;
export type ChirpstackTxInfo = z.output<typeof txInfoSchema>;
export type ChirpstackRxInfo = z.output<typeof rxInfoSchema>;
