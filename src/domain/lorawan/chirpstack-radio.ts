import type { ChirpstackRxInfo, ChirpstackTxInfo } from "./chirpstack-event-schema";
import { toCoordinates } from "./coordinates";
import { trustedReceptionTime, type ClockPolicy } from "./event-clock";
import type { GatewayReception, RadioSettings } from "./network-event";
import { LORAWAN_CODING_RATE, loraRadioSettings, parseCodingRate } from "./radio-parameters";

/** LoRa settings from a ChirpStack txInfo; null for FSK or LR-FHSS frames. Throws RadioParameterError if impossible. */
export function chirpstackRadioSettings(
  txInfo: ChirpstackTxInfo | undefined,
  dataRate: number | null,
): RadioSettings | null {
  const lora = txInfo?.modulation?.lora;
  if (txInfo === undefined || lora === undefined) return null;
  // "CR_UNDEFINED" is what releases that emit default values write when only codeRateLegacy is set.
  const codeRate = [lora.codeRate, lora.codeRateLegacy].find((text) => text && text !== "CR_UNDEFINED");
  return loraRadioSettings({
    frequencyHz: txInfo.frequency,
    spreadingFactor: lora.spreadingFactor,
    bandwidthHz: lora.bandwidth,
    codingRate: codeRate === undefined ? LORAWAN_CODING_RATE : parseCodingRate(codeRate),
    dataRate,
  });
}

export function chirpstackGatewayReception(rxInfo: ChirpstackRxInfo, receivedAt: Date, policy: ClockPolicy): GatewayReception {
  const coordinates = toCoordinates(rxInfo.location);
  return {
    gatewayEui: rxInfo.gatewayId,
    rssi: rxInfo.rssi ?? null,
    snr: rxInfo.snr ?? null,
    // The network server's clock is NTP-synchronised; a gateway's can only be trusted with GNSS.
    receivedAt: trustedReceptionTime(rxInfo.nsTime ?? rxInfo.gwTime ?? rxInfo.time ?? null, receivedAt, policy),
    ...coordinates,
  };
}
