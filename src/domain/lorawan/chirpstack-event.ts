import {
  chirpstackAckEventSchema,
  chirpstackJoinEventSchema,
  chirpstackLocationEventSchema,
  chirpstackLogEventSchema,
  chirpstackStatusEventSchema,
  chirpstackTxAckEventSchema,
  chirpstackUpEventSchema,
  type ChirpstackDeviceInfo,
} from "./chirpstack-event-schema";
import { chirpstackGatewayReception, chirpstackRadioSettings } from "./chirpstack-radio";
import { toCoordinates } from "./coordinates";
import { JOIN_CREDITS, messageCredits } from "./credits";
import { LorawanInputError } from "./errors";
import { CLOCK_POLICY, type ClockPolicy } from "./event-clock";
import { eventAirtime } from "./event-airtime";
import { FHDR_BYTES, JOIN_REQUEST_BYTES, MHDR_BYTES, MIC_BYTES } from "./frame-size";
import { bestSignal } from "./gateway-signal";
import {
  bareNetworkEvent,
  type GatewayReception,
  type NetworkEvent,
  type NetworkEventIdentity,
  type NetworkEventKind,
} from "./network-event";
import { parseInput } from "./parse-input";
import { reportedFrame } from "./reported-frame";

// Dedup keys use the id ChirpStack gives each event, which a retried delivery
// repeats: deduplicationId (one per received uplink), queueItemId (one per
// downlink). The event type is part of the key because an uplink's up, status
// and ack events share its deduplicationId.
const NORMALISERS = {
  up: normaliseUp,
  join: normaliseJoin,
  status: normaliseStatus,
  ack: normaliseAck,
  txack: normaliseTxAck,
  log: normaliseLog,
  location: normaliseLocation,
} satisfies Record<string, (body: unknown, receivedAt: Date, policy: ClockPolicy) => NetworkEvent>;

export type ChirpstackEventType = keyof typeof NORMALISERS;
export const CHIRPSTACK_EVENT_TYPES = Object.keys(NORMALISERS) as ChirpstackEventType[];

/**
 * Converts a ChirpStack v4 integration event (HTTP `?event=` or the last MQTT
 * topic segment, plus the JSON body) into a NetworkEvent, timed by the clock
 * policy (default CLOCK_POLICY) against `receivedAt` (our clock when the
 * event arrived; a simulated one for historic events). Throws LorawanInputError for unknown types and
 * malformed bodies, and its subclass RadioParameterError for impossible radio
 * settings.
 */
export function normalizeChirpstackEvent(eventType: string, body: unknown, receivedAt: Date, policy: ClockPolicy = CLOCK_POLICY): NetworkEvent {
  if (!Object.hasOwn(NORMALISERS, eventType)) {
    throw new LorawanInputError(
      "eventType",
      `unknown ChirpStack event type '${eventType}'; expected one of ${CHIRPSTACK_EVENT_TYPES.join(", ")}`,
    );
  }
  return NORMALISERS[eventType as ChirpstackEventType](body, receivedAt, policy);
}

function normaliseUp(body: unknown, receivedAt: Date, policy: ClockPolicy): NetworkEvent {
  const up = parseInput(chirpstackUpEventSchema, body, "ChirpStack up event");
  const frame = reportedFrame(up.data, up.fPort);
  const radio = chirpstackRadioSettings(up.txInfo, up.dr);
  const gateways = up.rxInfo.map((rxInfo) => chirpstackGatewayReception(rxInfo, receivedAt, policy));
  return {
    ...bareNetworkEvent(identity("uplink", `cs:up:${up.deduplicationId}`, up), receivedAt, policy),
    ...frame,
    devAddr: up.devAddr ?? null,
    fCnt: up.fCnt,
    confirmed: up.confirmed,
    radio,
    ...eventAirtime({ reportedMs: null, radio, phyBytes: frame.phyBytes, direction: "uplink" }),
    gateways,
    ...bestSignal(gateways),
    credits: messageCredits(frame.payloadBytes),
    decoded: up.object ?? null,
  };
}

function normaliseJoin(body: unknown, receivedAt: Date, policy: ClockPolicy): NetworkEvent {
  const join = parseInput(chirpstackJoinEventSchema, body, "ChirpStack join event");
  return {
    ...bareNetworkEvent(identity("join", `cs:join:${join.deduplicationId}`, join), receivedAt, policy),
    devAddr: join.devAddr ?? null,
    phyBytes: JOIN_REQUEST_BYTES,
    credits: JOIN_CREDITS,
  };
}

function normaliseStatus(body: unknown, receivedAt: Date, policy: ClockPolicy): NetworkEvent {
  const status = parseInput(chirpstackStatusEventSchema, body, "ChirpStack status event");
  const batteryKnown = !status.externalPowerSource && !status.batteryLevelUnavailable;
  return {
    ...bareNetworkEvent(identity("status", `cs:status:${status.deduplicationId}`, status), receivedAt, policy),
    batteryLevel: batteryKnown ? status.batteryLevel : null,
  };
}

function normaliseAck(body: unknown, receivedAt: Date, policy: ClockPolicy): NetworkEvent {
  const ack = parseInput(chirpstackAckEventSchema, body, "ChirpStack ack event");
  return {
    ...bareNetworkEvent(identity("ack", `cs:ack:${ack.queueItemId}`, ack), receivedAt, policy),
    fCnt: ack.fCntDown,
    confirmed: ack.acknowledged,
  };
}

// The smallest downlink: MHDR + FHDR + MIC, no FPort or payload.
const EMPTY_DOWNLINK_BYTES = MHDR_BYTES + FHDR_BYTES + MIC_BYTES;

function normaliseTxAck(body: unknown, receivedAt: Date, policy: ClockPolicy): NetworkEvent {
  const txAck = parseInput(chirpstackTxAckEventSchema, body, "ChirpStack txack event");
  const devEui = txAck.deviceInfo.devEui;
  const radio = chirpstackRadioSettings(txAck.txInfo, null);
  // downlinkId is a random 32-bit number, so it is only unique per device.
  const dedupKey = `cs:txack:${devEui}:${txAck.downlinkId}`;
  return {
    ...bareNetworkEvent(identity("downlink", dedupKey, txAck), receivedAt, policy),
    fCnt: txAck.fCntDown,
    // txack does not say how long the frame was: size and airtime are those of
    // the smallest possible downlink, a lower bound.
    phyBytes: EMPTY_DOWNLINK_BYTES,
    radio,
    ...eventAirtime({ reportedMs: null, radio, phyBytes: EMPTY_DOWNLINK_BYTES, direction: "downlink" }),
    // For a downlink, the gateway that transmitted it.
    gateways: txAck.gatewayId === undefined ? [] : [transmittingGateway(txAck.gatewayId)],
  };
}

function normaliseLog(body: unknown, receivedAt: Date, policy: ClockPolicy): NetworkEvent {
  const log = parseInput(chirpstackLogEventSchema, body, "ChirpStack log event");
  // Log events carry no id; a device logs at most once per code at any instant.
  const dedupKey = `cs:log:${log.deviceInfo.devEui}:${log.time.toISOString()}:${log.code}`;
  return {
    ...bareNetworkEvent(identity("log", dedupKey, log), receivedAt, policy),
    log: { level: log.level, code: log.code, description: log.description },
  };
}

function normaliseLocation(body: unknown, receivedAt: Date, policy: ClockPolicy): NetworkEvent {
  const event = parseInput(chirpstackLocationEventSchema, body, "ChirpStack location event");
  const subject = event.deduplicationId ?? `${event.deviceInfo.devEui}:${event.time.toISOString()}`;
  return {
    ...bareNetworkEvent(identity("location", `cs:location:${subject}`, event), receivedAt, policy),
    location: toCoordinates(event.location),
  };
}

function identity(
  kind: NetworkEventKind,
  dedupKey: string,
  event: { time: Date; deviceInfo: ChirpstackDeviceInfo },
): NetworkEventIdentity {
  return {
    source: "chirpstack",
    kind,
    dedupKey,
    devEui: event.deviceInfo.devEui,
    reportedAt: event.time,
    networkTenantRef: event.deviceInfo.tenantId ?? null,
  };
}

function transmittingGateway(gatewayEui: string): GatewayReception {
  return { gatewayEui, rssi: null, snr: null, receivedAt: null };
}
