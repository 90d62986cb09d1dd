import type { ExampleCodecId } from "@/domain/codecs";

/**
 * The demo's radio network: a ChirpStack connection, gateways around the town centre, and the demo
 * tenants' sensors with fixed DevEUIs, so the traffic simulator (traffic-simulator.ts) can speak for them.
 */

/**
 * The demo ChirpStack connection's secret. It is public (it is in this file), so it only ever exists in
 * a database seeded with the demo; a real deployment creates its own connection in the operator console,
 * whose secret is random and shown once.
 */
export const DEMO_CHIRPSTACK_SECRET = "longreach-demo-chirpstack-secret-not-for-production";
export const DEMO_CONNECTION = {
  id: "d3e0c0de-0000-4000-8000-00000000c5a1",
  name: "Demo ChirpStack (simulated traffic)",
  kind: "chirpstack" as const,
  ratePerSecond: 50,
};

export interface DemoGateway {
  gatewayEui: string;
  name: string;
  latitude: number;
  longitude: number;
  /** Slug of the tenant hosting it, if not the council. */
  hostedBy?: string;
}

/** Gateways on council buildings around the town centre (and one hosted on the Northgate car park). */
export const DEMO_GATEWAYS: DemoGateway[] = [
  { gatewayEui: "0016c001f1500a01", name: "Town Hall roof", latitude: 53.19105, longitude: -2.89130 },
  { gatewayEui: "0016c001f1500a02", name: "Central Library", latitude: 53.19262, longitude: -2.88695 },
  { gatewayEui: "0016c001f1500a03", name: "Riverside pumping station", latitude: 53.18671, longitude: -2.88542 },
  { gatewayEui: "0016c001f1500a04", name: "Leisure Centre mast", latitude: 53.19710, longitude: -2.90220 },
  { gatewayEui: "b827ebfffe8b1c2d", name: "Northgate car park level 4", latitude: 53.19486, longitude: -2.89305, hostedBy: "northgate-parking" },
];

export type DemoSensorKind = "bin" | "parking" | "climate";

export interface DemoProfile {
  tenantSlug: string;
  name: string;
  codec: ExampleCodecId;
  kind: DemoSensorKind;
  /** FPort the sensor sends its readings on. */
  fPort: number;
  /** For codecs reporting batteryMillivolts: empty and full voltages (the simulator's cells run 3.65 V down to 3.0 V). */
  battery?: { minMv: number; maxMv: number };
}

export const DEMO_PROFILES: DemoProfile[] = [
  { tenantSlug: "council-waste", name: "Ultrasonic bin sensor (EU868)", codec: "binFillLevel", kind: "bin", fPort: 2, battery: { minMv: 3000, maxMv: 3650 } },
  { tenantSlug: "northgate-parking", name: "Parking bay sensor (EU868)", codec: "parkingOccupancy", kind: "parking", fPort: 1 },
  { tenantSlug: "riverside-cafe", name: "Temperature & humidity sensor (EU868)", codec: "temperatureHumidity", kind: "climate", fPort: 1, battery: { minMv: 3000, maxMv: 3650 } },
];

export interface DemoDevice {
  tenantSlug: string;
  devEui: string;
  name: string;
  description: string;
  tags: string[];
  kind: DemoSensorKind;
  /** Gateways that hear it, nearest first (the simulator picks one to three of them). */
  heardBy: string[];
}

const [townHall, library, riverside, leisure, northgate] = DEMO_GATEWAYS.map((g) => g.gatewayEui) as [string, string, string, string, string];

const bins: Array<[string, string, string[]]> = [
  ["Market Square (north)", "market-square", [townHall, library, northgate]],
  ["Market Square (south)", "market-square", [townHall, riverside]],
  ["Bridge Street", "high-street", [townHall, riverside, library]],
  ["Eastgate Street", "high-street", [library, townHall]],
  ["Northgate Street", "high-street", [northgate, library, townHall]],
  ["Riverside Walk", "parks", [riverside, townHall]],
  ["Grosvenor Park gates", "parks", [riverside, library]],
  ["Leisure Centre car park", "leisure", [leisure, northgate]],
];

const bays: Array<[string, string[]]> = [
  ["Bay A1", [northgate, library]],
  ["Bay A2", [northgate, library]],
  ["Bay A3", [northgate]],
  ["Bay B1", [northgate, townHall]],
  ["Bay B2", [northgate, townHall]],
  ["Bay EV1", [northgate, leisure, townHall]],
];

const rooms: Array<[string, string, string[]]> = [
  ["Cold room", "Walk-in fridge, kept at 3–5 °C", [riverside]],
  ["Kitchen", "Above the pass", [riverside, townHall]],
  ["Dining room", "By the river windows", [riverside, townHall, library]],
];

export const DEMO_DEVICES: DemoDevice[] = [
  ...bins.map(([place, area, heardBy], i) => ({
    tenantSlug: "council-waste",
    devEui: `a840410000c0b1${(i + 1).toString(16).padStart(2, "0")}`,
    name: `Bin – ${place}`,
    description: "1100 l communal bin, ultrasonic fill-level sensor",
    tags: ["bin", area],
    kind: "bin" as const,
    heardBy,
  })),
  ...bays.map(([bay, heardBy], i) => ({
    tenantSlug: "northgate-parking",
    devEui: `24e124713b2e00${(i + 1).toString(16).padStart(2, "0")}`,
    name: `Northgate ${bay}`,
    description: "In-ground magnetometer bay sensor",
    tags: ["parking", bay.startsWith("Bay EV") ? "ev" : "standard"],
    kind: "parking" as const,
    heardBy,
  })),
  ...rooms.map(([room, description, heardBy], i) => ({
    tenantSlug: "riverside-cafe",
    devEui: `0004a30b00f3a1${(i + 1).toString(16).padStart(2, "0")}`,
    name: room,
    description,
    tags: ["climate"],
    kind: "climate" as const,
    heardBy,
  })),
];

/** The JoinEUI the demo devices are provisioned with (their AppKeys are random, made when seeding). */
export const DEMO_JOIN_EUI = "70b3d57ed0000a00";

/**
 * Devices in range that no tenant has registered (a neighbouring business's sensors): their traffic
 * shows up as unclaimed, which is where the council finds new customers.
 */
export const DEMO_UNKNOWN_DEVICES: Array<{ devEui: string; heardBy: string[] }> = [
  { devEui: "a81758fffe0c1e01", heardBy: [library, townHall] },
  { devEui: "a81758fffe0c1e02", heardBy: [library] },
  { devEui: "70b3d52c0001f00d", heardBy: [leisure, northgate] },
];
