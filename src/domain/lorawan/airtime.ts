import { RadioParameterError } from "./errors";
import { assertLoraModulation, exactBandwidthHz } from "./radio-parameters";

export interface TimeOnAirParameters {
  phyPayloadBytes: number;
  spreadingFactor: number;
  bandwidthHz: number;
  /** 1..4 meaning 4/5..4/8. */
  codingRate: number;
  /** Programmed preamble length; LoRaWAN uses 8. */
  preambleSymbols?: number;
  explicitHeader?: boolean;
  /** Payload CRC: LoRaWAN uplinks carry one, downlinks do not. */
  crc?: boolean;
  /** Defaults to on when a symbol lasts 16 ms or more (SF11 and SF12 at 125 kHz), as LoRaWAN requires. */
  lowDataRateOptimize?: boolean;
}

const LORAWAN_PREAMBLE_SYMBOLS = 8;
const LOW_DATA_RATE_SYMBOL_MS = 16;
const MAX_PHY_PAYLOAD_BYTES = 255;

/**
 * Time on air of one LoRa frame in milliseconds, by the SX127x formula
 * (Semtech AN1200.13). LoRaWAN uses SF7 to SF12; SF5 and SF6 exist only on
 * SX126x chips, which time them slightly differently.
 */
export function loraTimeOnAirMs(parameters: TimeOnAirParameters): number {
  const {
    phyPayloadBytes,
    spreadingFactor: sf,
    codingRate,
    preambleSymbols = LORAWAN_PREAMBLE_SYMBOLS,
    explicitHeader = true,
    crc = true,
  } = parameters;
  assertLoraModulation(parameters);
  assertFrameLength(phyPayloadBytes, preambleSymbols);

  const bandwidthHz = exactBandwidthHz(parameters.bandwidthHz);
  const symbolMs = (2 ** sf * 1000) / bandwidthHz;
  const lowDataRate = parameters.lowDataRateOptimize ?? symbolMs >= LOW_DATA_RATE_SYMBOL_MS;

  const payloadBits = 8 * phyPayloadBytes - 4 * sf + 28 + (crc ? 16 : 0) - (explicitHeader ? 0 : 20);
  const bitsPerSymbolBlock = 4 * (sf - (lowDataRate ? 2 : 0));
  const payloadSymbols = 8 + Math.max(Math.ceil(payloadBits / bitsPerSymbolBlock) * (codingRate + 4), 0);
  const totalSymbols = preambleSymbols + 4.25 + payloadSymbols;

  // Dividing once, at the end, gives the nearest double to values such as
  // 56.576 instead of accumulating rounding error symbol by symbol.
  return (totalSymbols * 2 ** sf * 1000) / bandwidthHz;
}

function assertFrameLength(phyPayloadBytes: number, preambleSymbols: number): void {
  if (!Number.isInteger(phyPayloadBytes) || phyPayloadBytes < 0 || phyPayloadBytes > MAX_PHY_PAYLOAD_BYTES) {
    throw new RadioParameterError(
      "phyPayloadBytes",
      `PHY payload must be 0 to ${MAX_PHY_PAYLOAD_BYTES} bytes, got ${phyPayloadBytes}`,
    );
  }
  // The SX127x preamble register accepts 6 to 65535 symbols.
  if (!Number.isInteger(preambleSymbols) || preambleSymbols < 6 || preambleSymbols > 65535) {
    throw new RadioParameterError(
      "preambleSymbols",
      `preamble must be 6 to 65535 symbols, got ${preambleSymbols}`,
    );
  }
}
