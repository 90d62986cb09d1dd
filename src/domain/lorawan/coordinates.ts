import { z } from "zod";
import { optionalProtoField } from "./proto-json";

export interface Coordinates {
  latitude: number;
  longitude: number;
}

// Not range-checked here: a gateway with a mistyped location (ChirpStack has
// been seen reporting latitude 110) must not cost us the uplink it received.
export const locationSchema = z.object({
  latitude: optionalProtoField(z.number()),
  longitude: optionalProtoField(z.number()),
});

/**
 * Coordinates from a network-server location, or null if there are none or
 * they are impossible. A missing coordinate beside a present one is a zero
 * the encoder left out (the equator, or the Greenwich meridian).
 */
export function toCoordinates(location: { latitude?: number; longitude?: number } | undefined): Coordinates | null {
  if (location === undefined) return null;
  if (location.latitude === undefined && location.longitude === undefined) return null;
  const latitude = location.latitude ?? 0;
  const longitude = location.longitude ?? 0;
  if (Math.abs(latitude) > 90 || Math.abs(longitude) > 180) return null;
  return { latitude, longitude };
}
