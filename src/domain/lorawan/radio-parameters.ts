import { quoteInput, RadioParameterError } from "./errors";
import type { RadioSettings } from "./network-event";

export const MIN_SPREADING_FACTOR = 5;
export const MAX_SPREADING_FACTOR = 12;

// Network servers report bandwidth as the rounded figure from the Semtech
// datasheets; the chip divides its 32 MHz reference, so the narrow ones are
// really fractions of 500 kHz. Symbol time depends on the real value.
const EXACT_BANDWIDTH_HZ = new Map<number, number>([
  [7800, 500_000 / 64],
  [10400, 500_000 / 48],
  [15600, 500_000 / 32],
  [20800, 500_000 / 24],
  [31250, 500_000 / 16],
  [41700, 500_000 / 12],
  [62500, 500_000 / 8],
  [125000, 125_000],
  [250000, 250_000],
  [500000, 500_000],
]);

/** The LoRa bandwidths, in Hz as network servers report them. */
export const LORA_BANDWIDTHS_HZ: readonly number[] = [...EXACT_BANDWIDTH_HZ.keys()];

export interface LoraModulation {
  spreadingFactor: number;
  bandwidthHz: number;
  /** 1..4 for coding rates 4/5..4/8. */
  codingRate: number;
}

/** LoRaWAN regional parameters fix every LoRa data rate at coding rate 4/5. */
export const LORAWAN_CODING_RATE = 1;

/** Validated radio settings for an event; throws RadioParameterError for impossible ones. */
export function loraRadioSettings(settings: RadioSettings): RadioSettings {
  assertLoraModulation(settings);
  return settings;
}

/** Throws RadioParameterError unless a LoRa transceiver can use these settings. */
export function assertLoraModulation({ spreadingFactor, bandwidthHz, codingRate }: LoraModulation): void {
  if (!isIntegerBetween(spreadingFactor, MIN_SPREADING_FACTOR, MAX_SPREADING_FACTOR)) {
    throw new RadioParameterError(
      "spreadingFactor",
      `spreading factor must be a whole number from ${MIN_SPREADING_FACTOR} to ${MAX_SPREADING_FACTOR}, got ${spreadingFactor}`,
    );
  }
  if (!EXACT_BANDWIDTH_HZ.has(bandwidthHz)) throw unknownBandwidth(bandwidthHz);
  if (!isIntegerBetween(codingRate, 1, 4)) {
    throw new RadioParameterError(
      "codingRate",
      `coding rate must be 1 to 4 (meaning 4/5 to 4/8), got ${codingRate}`,
    );
  }
}

/** The bandwidth the chip actually uses for a reported one, e.g. 7812.5 Hz for 7800. */
export function exactBandwidthHz(reportedHz: number): number {
  const exact = EXACT_BANDWIDTH_HZ.get(reportedHz);
  if (exact === undefined) throw unknownBandwidth(reportedHz);
  return exact;
}

// TTS writes "4/5"; ChirpStack's CodeRate enum serialises as "CR_4_5".
const CODING_RATE_SPELLINGS = /^(?:4\/([5-8])|CR_4_([5-8]))$/;

/** "4/5" or "CR_4_5" → 1, up to "4/8" or "CR_4_8" → 4. */
export function parseCodingRate(text: string): number {
  const match = CODING_RATE_SPELLINGS.exec(text.trim());
  const denominator = match?.[1] ?? match?.[2];
  if (denominator === undefined) {
    throw new RadioParameterError(
      "codingRate",
      `coding rate must be one of 4/5, 4/6, 4/7, 4/8 (or CR_4_5 to CR_4_8), got ${quoteInput(text)}`,
    );
  }
  return Number(denominator) - 4;
}

function unknownBandwidth(bandwidthHz: number): RadioParameterError {
  return new RadioParameterError(
    "bandwidthHz",
    `bandwidth must be one of ${LORA_BANDWIDTHS_HZ.join(", ")} Hz, got ${bandwidthHz}`,
  );
}

function isIntegerBetween(value: number, min: number, max: number): boolean {
  return Number.isInteger(value) && value >= min && value <= max;
}
