/** The choices a device profile offers. Values are stored as written here. */

/** LoRaWAN regional parameter sets (RP002) the council's network servers can serve. */
export const LORAWAN_REGIONS = ["EU868", "US915", "AS923", "AS923-2", "AS923-3", "AS923-4", "AU915", "IN865", "KR920", "RU864", "CN470", "EU433"] as const;
export type LorawanRegion = (typeof LORAWAN_REGIONS)[number];

export const LORAWAN_MAC_VERSIONS = ["1.0.2", "1.0.3", "1.0.4", "1.1"] as const;
export type LorawanMacVersion = (typeof LORAWAN_MAC_VERSIONS)[number];

export const DEVICE_CLASSES = ["A", "B", "C"] as const;
export type DeviceClass = (typeof DEVICE_CLASSES)[number];

export const DEVICE_CLASS_DESCRIPTIONS: Record<DeviceClass, string> = {
  A: "Class A: listens only briefly after each uplink (battery devices)",
  B: "Class B: also listens in scheduled ping slots",
  C: "Class C: listens continuously (mains-powered devices)",
};
