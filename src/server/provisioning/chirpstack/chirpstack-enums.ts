import commonPb from "@chirpstack/chirpstack-api/common/common_pb";
import type { DeviceClass, LorawanMacVersion, LorawanRegion } from "@/domain/devices/profile-options";

/** Longreach's profile values ↔ ChirpStack's enums (api/proto/common/common.proto). */

type RegionValue = (typeof commonPb.Region)[keyof typeof commonPb.Region];
type MacVersionValue = (typeof commonPb.MacVersion)[keyof typeof commonPb.MacVersion];
type RegParamsValue = (typeof commonPb.RegParamsRevision)[keyof typeof commonPb.RegParamsRevision];

const REGIONS: Record<LorawanRegion, RegionValue> = {
  EU868: commonPb.Region.EU868,
  US915: commonPb.Region.US915,
  AS923: commonPb.Region.AS923,
  "AS923-2": commonPb.Region.AS923_2,
  "AS923-3": commonPb.Region.AS923_3,
  "AS923-4": commonPb.Region.AS923_4,
  AU915: commonPb.Region.AU915,
  IN865: commonPb.Region.IN865,
  KR920: commonPb.Region.KR920,
  RU864: commonPb.Region.RU864,
  CN470: commonPb.Region.CN470,
  EU433: commonPb.Region.EU433,
};

const MAC_VERSIONS: Record<LorawanMacVersion, MacVersionValue> = {
  "1.0.2": commonPb.MacVersion.LORAWAN_1_0_2,
  "1.0.3": commonPb.MacVersion.LORAWAN_1_0_3,
  "1.0.4": commonPb.MacVersion.LORAWAN_1_0_4,
  "1.1": commonPb.MacVersion.LORAWAN_1_1_0,
};

/**
 * The regional parameters revision each LoRaWAN version is normally paired with: 1.0.2 with rev B,
 * 1.0.3 with rev A, 1.0.4 with RP002-1.0.3, 1.1 with rev A (what ChirpStack's own templates use).
 */
const REG_PARAMS: Record<LorawanMacVersion, RegParamsValue> = {
  "1.0.2": commonPb.RegParamsRevision.B,
  "1.0.3": commonPb.RegParamsRevision.A,
  "1.0.4": commonPb.RegParamsRevision.RP002_1_0_3,
  "1.1": commonPb.RegParamsRevision.A,
};

export const chirpstackRegion = (region: LorawanRegion) => REGIONS[region];
export const chirpstackMacVersion = (version: LorawanMacVersion) => MAC_VERSIONS[version];
export const chirpstackRegParams = (version: LorawanMacVersion) => REG_PARAMS[version];

const invert = <K extends string, V>(map: Record<K, V>) => new Map([...Object.entries(map)].map(([key, value]) => [value as V, key as K]));
const regionNames = invert(REGIONS);
const macVersionNames = invert(MAC_VERSIONS);

/** null for values Longreach has no name for (e.g. ISM2400, LoRaWAN 1.0.0). */
export const regionOf = (value: number): LorawanRegion | null => regionNames.get(value as RegionValue) ?? null;
export const macVersionOf = (value: number): LorawanMacVersion | null => macVersionNames.get(value as MacVersionValue) ?? null;

export function deviceClassOf(supportsClassB: boolean, supportsClassC: boolean): DeviceClass {
  return supportsClassC ? "C" : supportsClassB ? "B" : "A";
}
