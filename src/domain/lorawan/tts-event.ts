import { toCoordinates } from "./coordinates";
import { JOIN_CREDITS, messageCredits } from "./credits";
import { LorawanInputError } from "./errors";
import { CLOCK_POLICY, type ClockPolicy } from "./event-clock";
import { eventAirtime } from "./event-airtime";
import { JOIN_REQUEST_BYTES } from "./frame-size";
import { bestSignal } from "./gateway-signal";
import { bareNetworkEvent, type NetworkEvent, type NetworkEventKind } from "./network-event";
import { parseInput } from "./parse-input";
import { reportedFrame } from "./reported-frame";
import { ttsMessageSchema, type TtsDownlink, type TtsMessage, type TtsUplinkMessage } from "./tts-event-schema";
import { ttsGatewayReception, ttsRadioSettings } from "./tts-radio";

const MESSAGE_KINDS = {
  uplink_message: "uplink",
  join_accept: "join",
  downlink_ack: "ack",
  downlink_nack: "ack",
  downlink_sent: "downlink",
  downlink_failed: "log",
  location_solved: "location",
  service_data: "log",
} as const satisfies Record<string, NetworkEventKind>;

type TtsMessageType = keyof typeof MESSAGE_KINDS;
export const TTS_MESSAGE_TYPES = Object.keys(MESSAGE_KINDS) as TtsMessageType[];

/**
 * Converts a The Things Stack v3 webhook (or MQTT) message into a
 * NetworkEvent, timed by the clock policy (default CLOCK_POLICY) against
 * `receivedAt` (our clock when it arrived); the kind follows from which message it carries. Throws
 * LorawanInputError for malformed bodies, and its subclass
 * RadioParameterError for impossible radio settings.
 */
export function normalizeTtsEvent(body: unknown, receivedAt: Date, policy: ClockPolicy = CLOCK_POLICY): NetworkEvent {
  const message = parseInput(ttsMessageSchema, body, "The Things Stack message");
  const type = singleMessageType(message);
  const base = bareNetworkEvent({
    source: "tts",
    kind: MESSAGE_KINDS[type],
    dedupKey: dedupKey(message, type),
    devEui: message.end_device_ids.dev_eui,
    reportedAt: message.uplink_message?.received_at ?? message.join_accept?.received_at ?? message.received_at,
    networkTenantRef: message.end_device_ids.application_ids?.application_id ?? null,
  }, receivedAt, policy);
  const withAddress = { ...base, devAddr: message.end_device_ids.dev_addr ?? null };

  if (message.uplink_message) return { ...withAddress, ...uplinkDetails(message.uplink_message, receivedAt, policy) };
  if (message.join_accept) return { ...withAddress, phyBytes: JOIN_REQUEST_BYTES, credits: JOIN_CREDITS };
  if (message.downlink_ack) return { ...withAddress, ...downlinkCounters(message.downlink_ack), confirmed: true };
  if (message.downlink_nack) return { ...withAddress, ...downlinkCounters(message.downlink_nack), confirmed: false };
  if (message.downlink_sent) return { ...withAddress, ...sentDownlinkDetails(message.downlink_sent) };
  if (message.downlink_failed) {
    const { downlink, error } = message.downlink_failed;
    return {
      ...withAddress,
      ...(downlink ? downlinkCounters(downlink) : {}),
      log: {
        level: "ERROR",
        code: error?.name ?? "downlink_failed",
        description: error?.message_format ?? "downlink failed",
      },
    };
  }
  if (message.location_solved) return { ...withAddress, location: toCoordinates(message.location_solved.location) };
  // singleMessageType() leaves service_data as the only possibility.
  const serviceData = message.service_data;
  const service = serviceData?.service ?? "unknown service";
  return {
    ...withAddress,
    decoded: serviceData?.data ?? null,
    log: { level: "INFO", code: "service_data", description: `data from ${service}` },
  };
}

function singleMessageType(message: TtsMessage): TtsMessageType {
  const present = TTS_MESSAGE_TYPES.filter((type) => message[type] !== undefined);
  const [only, ...others] = present;
  if (only !== undefined && others.length === 0) return only;
  const problem = only === undefined ? "has none of" : `has ${present.join(" and ")}; expected exactly one of`;
  throw new LorawanInputError("body", `The Things Stack message ${problem} ${TTS_MESSAGE_TYPES.join(", ")}`);
}

function uplinkDetails(uplink: TtsUplinkMessage, receivedAt: Date, policy: ClockPolicy): Partial<NetworkEvent> {
  const frame = reportedFrame(uplink.frm_payload, uplink.f_port);
  const radio = ttsRadioSettings(uplink.settings);
  const gateways = uplink.rx_metadata.map((metadata) => ttsGatewayReception(metadata, receivedAt, policy));
  // consumed_airtime, unlike a computed figure, includes any FOpts.
  const airtime = eventAirtime({
    reportedMs: uplink.consumed_airtime ?? null,
    radio,
    phyBytes: frame.phyBytes,
    direction: "uplink",
  });
  return {
    ...frame,
    fCnt: uplink.f_cnt,
    confirmed: uplink.confirmed,
    radio,
    ...airtime,
    gateways,
    ...bestSignal(gateways),
    credits: messageCredits(frame.payloadBytes),
    decoded: uplink.decoded_payload ?? null,
  };
}

function downlinkCounters(downlink: TtsDownlink): Pick<NetworkEvent, "fCnt" | "fPort"> {
  return { fCnt: downlink.f_cnt ?? null, fPort: downlink.f_port ?? null };
}

function sentDownlinkDetails(downlink: TtsDownlink): Partial<NetworkEvent> {
  return {
    ...reportedFrame(downlink.frm_payload, downlink.f_port),
    fCnt: downlink.f_cnt ?? null,
    confirmed: downlink.confirmed,
    decoded: downlink.decoded_payload ?? null,
  };
}

// TTS gives a message a correlation id when it enters the Application Server
// ("as:up:<ULID>" for uplinks, "as:downlink:<ULID>" for downlinks) and every
// redelivery repeats it. Without one, the message's own receive time, device
// and frame counter identify it just as well.
const DOWNLINK_MESSAGE_TYPES: ReadonlySet<TtsMessageType> = new Set(["downlink_sent", "downlink_failed"]);

function dedupKey(message: TtsMessage, type: TtsMessageType): string {
  const prefix = DOWNLINK_MESSAGE_TYPES.has(type) ? "as:downlink:" : "as:up:";
  const correlationId = message.correlation_ids.find((id) => id.startsWith(prefix));
  const fCnt = message.uplink_message?.f_cnt ?? "-";
  const subject =
    correlationId ?? `${message.end_device_ids.dev_eui}:${message.received_at.toISOString()}:${fCnt}`;
  // One uplink can produce service data from several services.
  const service = type === "service_data" ? `:${message.service_data?.service ?? ""}` : "";
  return `tts:${MESSAGE_KINDS[type]}:${subject}${service}`;
}
