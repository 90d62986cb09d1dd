export { LorawanInputError, RadioParameterError, formatZodIssues } from "./errors";
export {
  aesKeySchema,
  base64ToEui,
  devAddrSchema,
  euiSchema,
  parseAesKey,
  parseDevAddr,
  parseEui,
} from "./eui";
export { decodeBase64, isBase64 } from "./base64";
export { loraTimeOnAirMs, type TimeOnAirParameters } from "./airtime";
export { LORA_BANDWIDTHS_HZ, LORAWAN_CODING_RATE, parseCodingRate } from "./radio-parameters";
export {
  JOIN_ACCEPT_BYTES,
  JOIN_ACCEPT_WITH_CFLIST_BYTES,
  JOIN_REQUEST_BYTES,
  phyPayloadBytes,
  type DataFrameContents,
} from "./frame-size";
export { BYTES_PER_CREDIT, JOIN_CREDITS, messageCredits } from "./credits";
export { CLOCK_POLICY, eventClock, isTrustedTime, type ClockPolicy, type EventClock } from "./event-clock";
export type {
  GatewayReception,
  NetworkEvent,
  NetworkEventKind,
  NetworkLogEntry,
  RadioSettings,
} from "./network-event";
export {
  chirpstackAckEventSchema,
  chirpstackJoinEventSchema,
  chirpstackLocationEventSchema,
  chirpstackLogEventSchema,
  chirpstackStatusEventSchema,
  chirpstackTxAckEventSchema,
  chirpstackUpEventSchema,
} from "./chirpstack-event-schema";
export { CHIRPSTACK_EVENT_TYPES, normalizeChirpstackEvent, type ChirpstackEventType } from "./chirpstack-event";
export { parseChirpstackTopic, type ChirpstackTopic } from "./chirpstack-topic";
export { ttsMessageSchema } from "./tts-event-schema";
export { normalizeTtsEvent, TTS_MESSAGE_TYPES } from "./tts-event";
