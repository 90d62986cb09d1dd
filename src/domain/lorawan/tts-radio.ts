import { toCoordinates } from "./coordinates";
import { trustedReceptionTime, type ClockPolicy } from "./event-clock";
import type { GatewayReception, RadioSettings } from "./network-event";
import { LORAWAN_CODING_RATE, loraRadioSettings, parseCodingRate } from "./radio-parameters";
import type { TtsRxMetadata, TtsSettings } from "./tts-event-schema";

/** LoRa settings from TTS uplink settings; null for FSK or LR-FHSS frames. Throws RadioParameterError if impossible. */
export function ttsRadioSettings(settings: TtsSettings | undefined): RadioSettings | null {
  const lora = settings?.data_rate?.lora;
  if (settings === undefined || lora === undefined) return null;
  const codingRate = lora.coding_rate ?? settings.coding_rate;
  return loraRadioSettings({
    frequencyHz: settings.frequency,
    spreadingFactor: lora.spreading_factor,
    bandwidthHz: lora.bandwidth,
    codingRate: codingRate === undefined ? LORAWAN_CODING_RATE : parseCodingRate(codingRate),
    dataRate: settings.data_rate_index ?? null,
  });
}

export function ttsGatewayReception(metadata: TtsRxMetadata, receivedAt: Date, policy: ClockPolicy): GatewayReception {
  const coordinates = toCoordinates(metadata.location);
  return {
    gatewayEui: metadata.gateway_ids.eui ?? metadata.gateway_ids.gateway_id,
    rssi: metadata.rssi ?? metadata.channel_rssi ?? null,
    snr: metadata.snr ?? null,
    // The Gateway Server's clock is NTP-synchronised; a gateway's can only be trusted with GNSS.
    receivedAt: trustedReceptionTime(metadata.received_at ?? metadata.time ?? null, receivedAt, policy),
    ...coordinates,
  };
}
