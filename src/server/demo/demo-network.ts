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
  /** Where it is (placed by the tenant when seeding). */
  latitude: number;
  longitude: number;
  /** Gateways that hear it, nearest first (the simulator picks one to three of them). */
  heardBy: string[];
  /** Uplinks per hour (bins every few hours, the others about hourly). */
  reportsPerHour: number;
  /** How a bin fills and when the round empties it (traffic-simulator.ts). */
  bin?: DemoBin;
  /** A sensor that has stopped reporting (the simulator sends nothing for it from `faultyFrom`). */
  faulty?: boolean;
}

export interface DemoBin {
  /** Fill points per hour at the busiest time of day (late morning to early evening). */
  peakFillPerHour: number;
  /** The round empties it every this many days... */
  collectEveryDays: number;
  /** ...this many minutes after 06:30 UTC. */
  routeSlotMinutes: number;
  /** The sensor's cell, at the start of the demo (3650 mV full, 3000 mV empty). */
  batteryMillivolts: number;
}

const [townHall, library, riverside, leisure, northgate] = DEMO_GATEWAYS.map((g) => g.gatewayEui) as [string, string, string, string, string];

/** Metres between two points (equirectangular; plenty for a town). */
function metresBetween(a: { latitude: number; longitude: number }, b: { latitude: number; longitude: number }) {
  const toRad = Math.PI / 180;
  const x = (b.longitude - a.longitude) * toRad * Math.cos(((a.latitude + b.latitude) / 2) * toRad);
  const y = (b.latitude - a.latitude) * toRad;
  return Math.sqrt(x * x + y * y) * 6_371_000;
}

/** The gateways within range of a place, nearest first: at least the nearest, at most three. */
function gatewaysNear(place: { latitude: number; longitude: number }, rangeMetres = 1100) {
  const byDistance = [...DEMO_GATEWAYS].sort((a, b) => metresBetween(place, a) - metresBetween(place, b));
  return byDistance.filter((g, i) => i === 0 || metresBetween(place, g) <= rangeMetres).slice(0, 3).map((g) => g.gatewayEui);
}

/**
 * The waste team's 40 communal bins around the town centre: where they stand, how fast each fills at
 * its busiest (the market and the bus station fastest, back streets slowest), and how often the round
 * empties it. The first eight keep the DevEUIs of the demo's first version.
 */
const bins: Array<[place: string, area: string, latitude: number, longitude: number, peakFillPerHour: number, collectEveryDays: number]> = [
  ["Market Square (north)", "market-square", 53.19148, -2.89172, 10.5, 1],
  ["Market Square (south)", "market-square", 53.19071, -2.89160, 9, 1],
  ["Bridge Street", "high-street", 53.18952, -2.89135, 6.5, 1],
  ["Eastgate Street", "high-street", 53.19034, -2.88930, 7, 1],
  ["Northgate Street", "high-street", 53.19322, -2.89250, 5.5, 1],
  ["Riverside Walk", "parks", 53.18704, -2.88650, 3.5, 2],
  ["Grosvenor Park gates", "parks", 53.18905, -2.88321, 4, 2],
  ["Leisure Centre car park", "leisure", 53.19688, -2.90160, 3, 2],
  ["Bus Interchange (stand A)", "transport", 53.19420, -2.89040, 11, 1],
  ["Bus Interchange (stand D)", "transport", 53.19441, -2.88988, 9.5, 1],
  ["Railway Station forecourt", "transport", 53.19660, -2.87990, 7, 1],
  ["Watergate Street", "high-street", 53.19005, -2.89420, 5, 1],
  ["Lower Bridge Street", "high-street", 53.18801, -2.89095, 4.5, 2],
  ["St Werburgh Street", "high-street", 53.19175, -2.89001, 5, 1],
  ["Frodsham Street", "high-street", 53.19245, -2.88780, 6, 1],
  ["Foregate Street (east)", "high-street", 53.19150, -2.88420, 6.5, 1],
  ["Foregate Street (west)", "high-street", 53.19112, -2.88650, 6, 1],
  ["City Road", "residential", 53.19402, -2.88205, 2, 3],
  ["Brook Street", "residential", 53.19520, -2.88380, 2, 3],
  ["Hoole Way crossing", "residential", 53.19470, -2.88650, 2.5, 2],
  ["Queen Street", "residential", 53.19330, -2.88550, 2, 3],
  ["Canal towpath (King Street)", "parks", 53.19480, -2.89560, 2.5, 3],
  ["Water Tower Gardens", "parks", 53.19390, -2.89880, 2, 3],
  ["Roodee (grandstand gate)", "leisure", 53.18810, -2.89820, 4, 2],
  ["Castle Drive", "residential", 53.18640, -2.89360, 1.5, 4],
  ["Grosvenor Road", "residential", 53.18720, -2.89700, 1.5, 4],
  ["Old Dee Bridge (north end)", "parks", 53.18590, -2.88980, 3, 2],
  ["The Groves bandstand", "parks", 53.18760, -2.88390, 5.5, 1],
  ["Dee Lane", "residential", 53.18830, -2.87950, 1.5, 4],
  ["Union Street", "residential", 53.18990, -2.88100, 2, 3],
  ["Town Hall steps", "market-square", 53.19125, -2.89230, 7.5, 1],
  ["Library forecourt", "high-street", 53.19250, -2.88720, 4, 2],
  ["Cathedral green", "parks", 53.19205, -2.89080, 4.5, 2],
  ["Storyhouse entrance", "leisure", 53.19280, -2.89190, 6, 1],
  ["Delamere Street", "residential", 53.19590, -2.89480, 2, 3],
  ["Garden Lane", "residential", 53.19720, -2.89700, 1.5, 4],
  ["Sealand Road retail park", "retail", 53.19620, -2.90520, 5.5, 1],
  ["Leisure Centre (pool entrance)", "leisure", 53.19735, -2.90290, 3.5, 2],
  ["Northgate car park (level 1)", "transport", 53.19500, -2.89290, 4.5, 2],
  ["Riverside café terrace", "parks", 53.18660, -2.88590, 5, 1],
];

/** Two bins' cells are nearly flat (a "battery low" case), one sensor has stopped reporting. */
const LOW_BATTERY_BINS = new Set(["Dee Lane", "Canal towpath (King Street)"]);
const FAULTY_BINS = new Set(["Garden Lane"]);

const bays: Array<[string, number, number]> = [
  ["Bay A1", 53.19491, -2.89318],
  ["Bay A2", 53.19493, -2.89310],
  ["Bay A3", 53.19495, -2.89302],
  ["Bay B1", 53.19480, -2.89318],
  ["Bay B2", 53.19482, -2.89310],
  ["Bay EV1", 53.19478, -2.89296],
];

const rooms: Array<[string, string, number, number]> = [
  ["Cold room", "Walk-in fridge, kept at 3–5 °C", 53.18668, -2.88604],
  ["Kitchen", "Above the pass", 53.18671, -2.88596],
  ["Dining room", "By the river windows", 53.18674, -2.88588],
];

export const DEMO_DEVICES: DemoDevice[] = [
  ...bins.map(([place, area, latitude, longitude, peakFillPerHour, collectEveryDays], i) => ({
    tenantSlug: "council-waste",
    devEui: `a840410000c0b1${(i + 1).toString(16).padStart(2, "0")}`,
    name: `Bin – ${place}`,
    description: "1100 l communal bin, ultrasonic fill-level sensor",
    tags: ["bin", area],
    kind: "bin" as const,
    latitude,
    longitude,
    heardBy: gatewaysNear({ latitude, longitude }),
    // Ultrasonic bin sensors report every few hours to save their battery.
    reportsPerHour: 0.4,
    bin: { peakFillPerHour, collectEveryDays, routeSlotMinutes: (i * 7) % 240, batteryMillivolts: LOW_BATTERY_BINS.has(place) ? 3095 : 3480 + ((i * 37) % 160) },
    ...(FAULTY_BINS.has(place) ? { faulty: true } : {}),
  })),
  ...bays.map(([bay, latitude, longitude], i) => ({
    tenantSlug: "northgate-parking",
    devEui: `24e124713b2e00${(i + 1).toString(16).padStart(2, "0")}`,
    name: `Northgate ${bay}`,
    description: "In-ground magnetometer bay sensor",
    tags: ["parking", bay.startsWith("Bay EV") ? "ev" : "standard"],
    kind: "parking" as const,
    latitude,
    longitude,
    heardBy: bay.startsWith("Bay EV") ? [northgate, leisure, townHall] : bay.startsWith("Bay B") ? [northgate, townHall] : bay === "Bay A3" ? [northgate] : [northgate, library],
    reportsPerHour: 1,
  })),
  ...rooms.map(([room, description, latitude, longitude], i) => ({
    tenantSlug: "riverside-cafe",
    devEui: `0004a30b00f3a1${(i + 1).toString(16).padStart(2, "0")}`,
    name: room,
    description,
    tags: ["climate"],
    kind: "climate" as const,
    latitude,
    longitude,
    heardBy: [[riverside], [riverside, townHall], [riverside, townHall, library]][i]!,
    reportsPerHour: 1,
  })),
];

/** Uplinks per hour from all the demo's sensors together (the history's pace). */
export const DEMO_REPORTS_PER_HOUR = DEMO_DEVICES.reduce((sum, d) => sum + d.reportsPerHour, 0);

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
