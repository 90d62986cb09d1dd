/**
 * Encoders for the example codecs in examples.ts, for the traffic simulator. Each takes the
 * decoded shape and returns the uplink bytes; values are rounded to the wire resolution and a
 * RangeError names any field that does not fit.
 */

export interface BinFillLevelReading {
  fillPercent: number;
  batteryMillivolts: number;
  temperatureC: number;
}

export interface ParkingOccupancyReading {
  occupied: boolean;
  batteryPercent: number;
}

export interface TemperatureHumidityReading {
  temperatureC: number;
  humidityPercent: number;
  batteryMillivolts: number;
}

function wireInteger(field: string, value: number, min: number, max: number, scale = 1): number {
  const scaled = Math.round(value * scale);
  if (!Number.isFinite(scaled) || scaled < min || scaled > max) {
    throw new RangeError(`${field} must be between ${min / scale} and ${max / scale}, got ${value}`);
  }
  return scaled;
}

export function encodeBinFillLevel(reading: BinFillLevelReading): Uint8Array {
  const bytes = new Uint8Array(5);
  const view = new DataView(bytes.buffer);
  bytes[0] = wireInteger("fillPercent", reading.fillPercent, 0, 255);
  view.setUint16(1, wireInteger("batteryMillivolts", reading.batteryMillivolts, 0, 0xffff), false);
  view.setInt16(3, wireInteger("temperatureC", reading.temperatureC, -32768, 32767, 10), false);
  return bytes;
}

export function encodeParkingOccupancy(reading: ParkingOccupancyReading): Uint8Array {
  return Uint8Array.of(
    reading.occupied ? 1 : 0,
    wireInteger("batteryPercent", reading.batteryPercent, 0, 255),
  );
}

export function encodeTemperatureHumidity(reading: TemperatureHumidityReading): Uint8Array {
  const bytes = new Uint8Array(5);
  const view = new DataView(bytes.buffer);
  view.setInt16(0, wireInteger("temperatureC", reading.temperatureC, -32768, 32767, 100), false);
  bytes[2] = wireInteger("humidityPercent", reading.humidityPercent, 0, 255);
  view.setUint16(3, wireInteger("batteryMillivolts", reading.batteryMillivolts, 0, 0xffff), false);
  return bytes;
}
