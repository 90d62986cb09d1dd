/**
 * Example payload codecs (ChirpStack v4 / TTS `decodeUplink`) used by the demo. Encoders that
 * produce matching payloads for the traffic simulator are in example-payloads.ts. They name the
 * battery as Longreach reads it from decoded data: `batteryPercent` or `batteryMillivolts`
 * (domain/devices/battery.ts).
 */

export interface ExampleCodec {
  name: string;
  description: string;
  source: string;
}

/** 5 bytes: fill % (uint8), battery mV (uint16 BE), temperature °C ×10 (int16 BE). */
export const BIN_FILL_LEVEL_CODEC = `function decodeUplink(input) {
  var b = input.bytes;
  if (b.length !== 5) {
    return { errors: ["expected 5 bytes (fill %, battery mV, temperature), got " + b.length] };
  }
  var temperature = (b[3] << 8) | b[4];
  if (temperature & 0x8000) temperature -= 0x10000;
  var warnings = [];
  if (b[0] > 100) warnings.push("fill level " + b[0] + "% is above 100%");
  return {
    data: {
      fillPercent: b[0],
      batteryMillivolts: (b[1] << 8) | b[2],
      temperatureC: temperature / 10
    },
    warnings: warnings
  };
}
`;

/** 2 bytes: occupied (0/1), battery %. */
export const PARKING_OCCUPANCY_CODEC = `function decodeUplink(input) {
  var b = input.bytes;
  if (b.length !== 2) {
    return { errors: ["expected 2 bytes (occupied, battery %), got " + b.length] };
  }
  if (b[0] > 1) {
    return { errors: ["occupancy byte must be 0 or 1, got " + b[0]] };
  }
  var warnings = [];
  if (b[1] > 100) warnings.push("battery " + b[1] + "% is above 100%");
  return {
    data: { occupied: b[0] === 1, batteryPercent: b[1] },
    warnings: warnings
  };
}
`;

/** 5 bytes: temperature °C ×100 (int16 BE), humidity % (uint8), battery mV (uint16 BE). */
export const TEMPERATURE_HUMIDITY_CODEC = `function decodeUplink(input) {
  var b = input.bytes;
  if (b.length !== 5) {
    return { errors: ["expected 5 bytes (temperature, humidity %, battery mV), got " + b.length] };
  }
  var temperature = (b[0] << 8) | b[1];
  if (temperature & 0x8000) temperature -= 0x10000;
  var warnings = [];
  if (b[2] > 100) warnings.push("humidity " + b[2] + "% is above 100%");
  return {
    data: {
      temperatureC: temperature / 100,
      humidityPercent: b[2],
      batteryMillivolts: (b[3] << 8) | b[4]
    },
    warnings: warnings
  };
}
`;

export const EXAMPLE_CODECS = {
  binFillLevel: {
    name: "Bin fill level",
    description: "Fill %, battery mV and temperature from a waste bin sensor (5 bytes).",
    source: BIN_FILL_LEVEL_CODEC,
  },
  parkingOccupancy: {
    name: "Parking occupancy",
    description: "Whether a parking bay is occupied, and battery % (2 bytes).",
    source: PARKING_OCCUPANCY_CODEC,
  },
  temperatureHumidity: {
    name: "Temperature and humidity",
    description: "Temperature °C, relative humidity % and battery mV (5 bytes).",
    source: TEMPERATURE_HUMIDITY_CODEC,
  },
} as const satisfies Record<string, ExampleCodec>;

export type ExampleCodecId = keyof typeof EXAMPLE_CODECS;
