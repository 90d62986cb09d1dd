import { loraTimeOnAirMs } from "./airtime";
import type { NetworkEvent, RadioSettings } from "./network-event";

export interface AirtimeSources {
  /** What the network server reported, if anything. */
  reportedMs: number | null;
  radio: RadioSettings | null;
  phyBytes: number;
  direction: "uplink" | "downlink";
}

/** Prefers the network server's own figure; otherwise computes it when the radio settings are known. */
export function eventAirtime({ reportedMs, radio, phyBytes, direction }: AirtimeSources): Pick<
  NetworkEvent,
  "airtimeMs" | "airtimeSource"
> {
  if (reportedMs !== null) return { airtimeMs: reportedMs, airtimeSource: "network" };
  if (radio === null) return { airtimeMs: null, airtimeSource: null };
  const airtimeMs = loraTimeOnAirMs({
    phyPayloadBytes: phyBytes,
    spreadingFactor: radio.spreadingFactor,
    bandwidthHz: radio.bandwidthHz,
    codingRate: radio.codingRate,
    // LoRaWAN downlinks are sent without a payload CRC.
    crc: direction === "uplink",
  });
  return { airtimeMs, airtimeSource: "computed" };
}
