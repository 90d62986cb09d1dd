import { eventClock, type ClockPolicy } from "./event-clock";

/** What every ingestion format (ChirpStack, The Things Stack) is converted to before metering and storage. */
export type NetworkEventKind = "uplink" | "join" | "status" | "ack" | "txack" | "log" | "location" | "downlink";

export interface GatewayReception {
  /** 16 lowercase hex; a TTS gateway without an EUI (e.g. via Packet Broker) keeps its gateway id. */
  gatewayEui: string;
  rssi: number | null;
  snr: number | null;
  receivedAt: Date | null;
  latitude?: number;
  longitude?: number;
}

export interface RadioSettings {
  frequencyHz: number;
  spreadingFactor: number;
  bandwidthHz: number;
  /** 1..4 meaning 4/5..4/8. */
  codingRate: number;
  dataRate: number | null;
}

export interface NetworkLogEntry {
  level: "INFO" | "WARNING" | "ERROR";
  code: string;
  description: string;
}

export interface NetworkEvent {
  source: "chirpstack" | "tts";
  kind: NetworkEventKind;
  /** Same for every delivery of one event, different for different events; see each normaliser. */
  dedupKey: string;
  /** 16 lowercase hex. */
  devEui: string;
  /** When it happened, as far as we trust the network server's clock: see eventClock() in event-clock.ts. */
  occurredAt: Date;
  /** The time the network server reported (the same as occurredAt unless clockSkew). */
  reportedAt: Date;
  /** The reported time was outside the trusted window, so occurredAt is when we received the event. */
  clockSkew: boolean;
  devAddr: string | null;
  /** Uplink frame counter, or the downlink counter for acks and downlinks. */
  fCnt: number | null;
  fPort: number | null;
  /** Confirmed uplink; for acks, whether the device acknowledged the downlink. */
  confirmed: boolean;
  /** Application payload (decrypted FRMPayload), null if none. */
  payload: Uint8Array | null;
  payloadBytes: number;
  phyBytes: number;
  radio: RadioSettings | null;
  /** From the network server when it reports it, else computed from radio and phyBytes. */
  airtimeMs: number | null;
  airtimeSource: "network" | "computed" | null;
  gateways: GatewayReception[];
  bestRssi: number | null;
  bestSnr: number | null;
  /** messageCredits for uplinks, JOIN_CREDITS for joins, 0 for everything else. */
  credits: number;
  /** ChirpStack `object` / TTS `decoded_payload` (or `data` of TTS service data). */
  decoded: Record<string, unknown> | null;
  /** Percent, from status events only. */
  batteryLevel: number | null;
  location: { latitude: number; longitude: number } | null;
  /** ChirpStack tenant id / TTS application id; informational, never used for authorisation. */
  networkTenantRef: string | null;
  /** Present on log events, which otherwise carry nothing to show. */
  log?: NetworkLogEntry;
}

export type NetworkEventIdentity = Pick<
  NetworkEvent,
  "source" | "kind" | "dedupKey" | "devEui" | "reportedAt" | "networkTenantRef"
>;

/**
 * An event carrying only its identity, timed by the clock policy from its reported time and
 * `receivedAt` (when our server received it); normalisers add what each event type reports.
 */
export function bareNetworkEvent(identity: NetworkEventIdentity, receivedAt: Date, policy: ClockPolicy): NetworkEvent {
  const clock = eventClock(identity.reportedAt, receivedAt, policy);
  // Listed field by field: spreading `identity` into a literal this wide is several times slower in V8,
  // and ingestion builds one per event.
  return {
    source: identity.source,
    kind: identity.kind,
    dedupKey: identity.dedupKey,
    devEui: identity.devEui,
    occurredAt: clock.occurredAt,
    reportedAt: clock.reportedAt,
    clockSkew: clock.clockSkew,
    networkTenantRef: identity.networkTenantRef,
    devAddr: null,
    fCnt: null,
    fPort: null,
    confirmed: false,
    payload: null,
    payloadBytes: 0,
    phyBytes: 0,
    radio: null,
    airtimeMs: null,
    airtimeSource: null,
    gateways: [],
    bestRssi: null,
    bestSnr: null,
    credits: 0,
    decoded: null,
    batteryLevel: null,
    location: null,
  };
}
