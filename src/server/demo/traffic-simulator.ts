import { randomUUID } from "node:crypto";
import {
  encodeBinFillLevel,
  encodeParkingOccupancy,
  encodeTemperatureHumidity,
  type BinFillLevelReading,
  type ParkingOccupancyReading,
  type TemperatureHumidityReading,
} from "@/domain/codecs/example-payloads";
import { DEMO_DEVICES, DEMO_GATEWAYS, DEMO_PROFILES, DEMO_UNKNOWN_DEVICES, type DemoBin, type DemoDevice, type DemoGateway, type DemoProfile } from "./demo-network";

/**
 * Builds the ChirpStack v4 integration events (JSON marshaler) a small town's sensors would produce:
 * bins that fill over the day at their own pace and are emptied by the round (or when the waste team
 * marks them collected, see honourCollections), parking bays that come and go, a café's fridge and dining room
 * drifting in temperature, each heard by one to three gateways; now and then a status report or a
 * rejoin, and some traffic from DevEUIs nobody has registered. No I/O: randomness, clock and ids are
 * injectable, so tests can replay a sequence.
 */

export type SimulatedEventType = "up" | "status" | "join";

export interface SimulatedEvent {
  type: SimulatedEventType;
  devEui: string;
  /** The demo tenant the device belongs to; null for unclaimed traffic. */
  tenantSlug: string | null;
  /** The JSON body, as ChirpStack posts it to `?event=<type>`. */
  body: Record<string, unknown>;
  /** For uplinks of demo sensors: what the payload encodes (the codec should decode exactly this). */
  reading?: BinFillLevelReading | ParkingOccupancyReading | TemperatureHumidityReading;
}

export interface TrafficSimulatorOptions {
  devices?: readonly DemoDevice[];
  profiles?: readonly DemoProfile[];
  gateways?: readonly DemoGateway[];
  unknownDevices?: ReadonlyArray<{ devEui: string; heardBy: string[] }>;
  /** Uniform in [0, 1). */
  random?: () => number;
  now?: () => Date;
  newId?: () => string;
  /** Shares of all events: unclaimed uplinks, and per demo-device event, status reports and rejoins. */
  shares?: { unknown?: number; status?: number; join?: number };
  /** From when devices marked faulty send nothing (default: from the start). */
  faultyFrom?: Date;
}

/** ChirpStack's own ids for the demo tenant, applications and device profiles (fixed, made up). */
const CHIRPSTACK_TENANT = { id: "52f14cd4-c6f1-4fbd-8f87-4025e1d49242", name: "Council LoRaWAN" };
const CHIRPSTACK_APPLICATIONS: Record<string, string> = {
  "council-waste": "6e1a7f39-2b0c-4a8e-9f3b-1d2c3e4f5a01",
  "northgate-parking": "6e1a7f39-2b0c-4a8e-9f3b-1d2c3e4f5a02",
  "riverside-cafe": "6e1a7f39-2b0c-4a8e-9f3b-1d2c3e4f5a03",
};
const UNKNOWN_APPLICATION = { id: "6e1a7f39-2b0c-4a8e-9f3b-1d2c3e4f5aff", name: "field-trials" };
const CHIRPSTACK_PROFILE_IDS: Record<string, string> = {
  bin: "0b5d8e1c-7a44-4f1e-8c2d-3b9a6f5e4d01",
  parking: "0b5d8e1c-7a44-4f1e-8c2d-3b9a6f5e4d02",
  climate: "0b5d8e1c-7a44-4f1e-8c2d-3b9a6f5e4d03",
};

/** EU868 uplink channels (Hz). */
const EU868_CHANNELS = [868_100_000, 868_300_000, 868_500_000, 867_100_000, 867_300_000, 867_500_000, 867_700_000, 867_900_000];

interface Link { gatewayEui: string; baseRssi: number }

interface DeviceState {
  device: DemoDevice | null;
  devEui: string;
  profile: DemoProfile | null;
  devAddr: string;
  fCnt: number;
  /** Spreading factor ADR settled on, from the best link. */
  spreadingFactor: number;
  links: Link[];
  bin?: BinFillLevelReading & { spec: DemoBin };
  parking?: ParkingOccupancyReading;
  climate?: TemperatureHumidityReading & { targetC: number; targetHumidity: number };
}

const CLIMATE_TARGETS: Array<[RegExp, number, number]> = [
  [/cold room|fridge/i, 4, 85],
  [/kitchen/i, 24, 55],
  [/.*/, 20, 45],
];

export class TrafficSimulator {
  private readonly random: () => number;
  private readonly now: () => Date;
  private readonly newId: () => string;
  private readonly shares: { unknown: number; status: number; join: number };
  private readonly gateways: Map<string, DemoGateway>;
  private readonly known: DeviceState[];
  private readonly unknown: DeviceState[];
  private readonly faultyFrom: number;
  /** When the crew emptied bins outside their round, by DevEUI (ms). */
  private collections: ReadonlyMap<string, number> = new Map();

  constructor(options: TrafficSimulatorOptions = {}) {
    this.random = options.random ?? Math.random;
    this.now = options.now ?? (() => new Date());
    this.newId = options.newId ?? randomUUID;
    this.shares = { unknown: 0.06, status: 0.04, join: 0.004, ...options.shares };
    this.gateways = new Map((options.gateways ?? DEMO_GATEWAYS).map((g) => [g.gatewayEui, g]));
    const profiles = options.profiles ?? DEMO_PROFILES;
    // Frame counters carry on roughly where a previous run left them (about one uplink a minute).
    const fCntBase = Math.floor(this.now().getTime() / 60_000) % 50_000;
    this.known = (options.devices ?? DEMO_DEVICES).map((device, i) =>
      this.initialState(device.devEui, device.heardBy, device, profiles.find((p) => p.tenantSlug === device.tenantSlug && p.kind === device.kind) ?? null, fCntBase + i * 7),
    );
    this.unknown = (options.unknownDevices ?? DEMO_UNKNOWN_DEVICES).map((u, i) => this.initialState(u.devEui, u.heardBy, null, null, (fCntBase + i * 13) % 20_000));
    if (!this.known.length && !this.unknown.length) throw new Error("The traffic simulator needs at least one device.");
    this.faultyFrom = (options.faultyFrom ?? this.now()).getTime();
  }

  /**
   * Bins the waste team marked collected (DevEUI → when): the crew emptied them, so their sensors read
   * what they gathered since, until the round next empties them. Replaces the previous set.
   */
  honourCollections(collectedAt: ReadonlyMap<string, Date>) {
    this.collections = new Map([...collectedAt].map(([devEui, at]) => [devEui, at.getTime()]));
  }

  /** The next event from one of the devices, each chosen as often as it reports. */
  next(): SimulatedEvent {
    const healthy = this.now().getTime() >= this.faultyFrom ? this.known.filter((s) => !s.device?.faulty) : this.known;
    const reporting = healthy.length || this.unknown.length ? healthy : this.known;
    if (!reporting.length || (this.unknown.length && this.random() < this.shares.unknown)) {
      return this.uplink(this.pick(this.unknown));
    }
    const state = this.pickWeighted(reporting);
    const roll = this.random();
    if (roll < this.shares.join) return this.join(state);
    if (roll < this.shares.join + this.shares.status) return this.status(state);
    return this.uplink(state);
  }

  private initialState(devEui: string, heardBy: readonly string[], device: DemoDevice | null, profile: DemoProfile | null, fCnt: number): DeviceState {
    const links = heardBy
      .filter((eui) => this.gateways.has(eui))
      .map((gatewayEui, rank) => ({ gatewayEui, baseRssi: Math.round(-78 - rank * 12 - this.random() * 18) }));
    if (!links.length) throw new Error(`No known gateway hears device ${devEui}.`);
    const best = links[0]!.baseRssi;
    const state: DeviceState = {
      device,
      devEui,
      profile,
      devAddr: this.newDevAddr(),
      fCnt,
      spreadingFactor: best > -90 ? 7 : best > -98 ? 8 : best > -105 ? 9 : 10,
      links,
    };
    const kind = profile?.kind;
    if (kind === "bin") {
      const spec = device?.bin ?? { peakFillPerHour: 3, collectEveryDays: 1, routeSlotMinutes: 0, batteryMillivolts: 3450 + Math.round(this.random() * 200) };
      state.bin = { spec, fillPercent: 0, batteryMillivolts: spec.batteryMillivolts, temperatureC: 9 + this.random() * 6 };
    }
    if (kind === "parking") state.parking = { occupied: this.random() < 0.5, batteryPercent: 55 + Math.round(this.random() * 45) };
    if (kind === "climate") {
      const [, targetC, targetHumidity] = CLIMATE_TARGETS.find(([pattern]) => pattern.test(device?.name ?? ""))!;
      state.climate = { targetC, targetHumidity, temperatureC: targetC + (this.random() - 0.5) * 2, humidityPercent: targetHumidity, batteryMillivolts: 3300 + Math.round(this.random() * 300) };
    }
    return state;
  }

  private uplink(state: DeviceState): SimulatedEvent {
    const { bytes, reading } = this.advanceReading(state);
    const rxInfo = this.receptions(state);
    const sf = state.spreadingFactor;
    const fCnt = state.fCnt;
    state.fCnt = (state.fCnt + 1) % 2 ** 32;
    return {
      type: "up",
      devEui: state.devEui,
      tenantSlug: state.device?.tenantSlug ?? null,
      body: {
        ...this.header(state),
        devAddr: state.devAddr,
        adr: true,
        dr: 12 - sf,
        fCnt,
        fPort: state.profile?.fPort ?? 1,
        confirmed: false,
        data: Buffer.from(bytes).toString("base64"),
        rxInfo,
        txInfo: {
          frequency: EU868_CHANNELS[Math.floor(this.random() * EU868_CHANNELS.length)],
          modulation: { lora: { bandwidth: 125_000, spreadingFactor: sf, codeRate: "CR_4_5" } },
        },
      },
      ...(reading ? { reading } : {}),
    };
  }

  private status(state: DeviceState): SimulatedEvent {
    const snr = this.noisySnr(state.links[0]!.baseRssi);
    return {
      type: "status",
      devEui: state.devEui,
      tenantSlug: state.device?.tenantSlug ?? null,
      body: {
        ...this.header(state),
        margin: Math.round(snr),
        externalPowerSource: false,
        batteryLevelUnavailable: false,
        batteryLevel: Math.round(batteryPercent(state) * 100) / 100,
      },
    };
  }

  /** A rejoin (after a power cycle or lost session): new address, frame counter back to 0. */
  private join(state: DeviceState): SimulatedEvent {
    state.devAddr = this.newDevAddr();
    state.fCnt = 0;
    return { type: "join", devEui: state.devEui, tenantSlug: state.device?.tenantSlug ?? null, body: { ...this.header(state), devAddr: state.devAddr } };
  }

  private header(state: DeviceState) {
    const device = state.device;
    return {
      deduplicationId: this.newId(),
      time: this.now().toISOString(),
      deviceInfo: {
        tenantId: CHIRPSTACK_TENANT.id,
        tenantName: CHIRPSTACK_TENANT.name,
        applicationId: device ? CHIRPSTACK_APPLICATIONS[device.tenantSlug] ?? UNKNOWN_APPLICATION.id : UNKNOWN_APPLICATION.id,
        applicationName: device ? device.tenantSlug : UNKNOWN_APPLICATION.name,
        deviceProfileId: CHIRPSTACK_PROFILE_IDS[state.profile?.kind ?? ""] ?? "0b5d8e1c-7a44-4f1e-8c2d-3b9a6f5e4dff",
        deviceProfileName: state.profile?.name ?? "Generic EU868 class A",
        deviceName: device?.name ?? `trial-${state.devEui.slice(-4)}`,
        devEui: state.devEui,
        deviceClassEnabled: "CLASS_A",
        tags: {},
      },
    };
  }

  /** One to three gateways: the nearest always, others when the frame reached them. */
  private receptions(state: DeviceState) {
    const [nearest, ...others] = state.links;
    const heard = [nearest!, ...others.filter(() => this.random() < 0.6)].slice(0, 3);
    const time = this.now().toISOString();
    return heard.map((link) => {
      const gateway = this.gateways.get(link.gatewayEui)!;
      const rssi = Math.round(link.baseRssi + (this.random() - 0.5) * 6);
      return {
        gatewayId: link.gatewayEui,
        uplinkId: Math.floor(this.random() * 65_535),
        nsTime: time,
        rssi,
        snr: this.noisySnr(rssi),
        channel: Math.floor(this.random() * 8),
        rfChain: 0,
        location: { latitude: gateway.latitude, longitude: gateway.longitude, altitude: 30 },
        context: Buffer.from(Array.from({ length: 4 }, () => Math.floor(this.random() * 256))).toString("base64"),
        metadata: { region_config_id: "eu868", region_common_name: "EU868" },
        crcStatus: "CRC_OK",
      };
    });
  }

  private noisySnr(rssi: number) {
    return Math.round(Math.max(-15, Math.min(12, (rssi + 112) / 2.5 + (this.random() - 0.5) * 3)) * 4) / 4;
  }

  private advanceReading(state: DeviceState): { bytes: Uint8Array; reading?: SimulatedEvent["reading"] } {
    if (state.bin) {
      const bin = state.bin;
      // The level follows from the time (binFillAt) and the collections the team marked, so the seeded
      // history and the live simulator agree at every restart; the ultrasonic reading adds a little noise.
      bin.fillPercent = clamp(binFillAt(bin.spec, this.now(), this.collections.get(state.devEui)) + (this.random() - 0.5) * 3, 0, 100);
      // A bin sensor's cell lasts years: about a millivolt every few days (and is replaced when flat).
      bin.batteryMillivolts = bin.batteryMillivolts <= 3010 ? 3650 : bin.batteryMillivolts - (this.random() < 0.05 ? 1 : 0);
      bin.temperatureC = clamp(bin.temperatureC + (this.random() - 0.5) * 0.6 + (12 - bin.temperatureC) * 0.02, -10, 35);
      const reading = { fillPercent: Math.round(bin.fillPercent), batteryMillivolts: bin.batteryMillivolts, temperatureC: Math.round(bin.temperatureC * 10) / 10 };
      return { bytes: encodeBinFillLevel(reading), reading };
    }
    if (state.parking) {
      const bay = state.parking;
      if (this.random() < 0.35) bay.occupied = !bay.occupied;
      if (this.random() < 0.02) bay.batteryPercent = bay.batteryPercent <= 5 ? 100 : bay.batteryPercent - 1;
      const reading = { occupied: bay.occupied, batteryPercent: bay.batteryPercent };
      return { bytes: encodeParkingOccupancy(reading), reading };
    }
    if (state.climate) {
      const room = state.climate;
      room.temperatureC = clamp(room.temperatureC + (room.targetC - room.temperatureC) * 0.1 + (this.random() - 0.5) * 0.8, -20, 45);
      room.humidityPercent = clamp(room.humidityPercent + (room.targetHumidity - room.humidityPercent) * 0.1 + (this.random() - 0.5) * 4, 10, 99);
      room.batteryMillivolts = room.batteryMillivolts <= 2950 ? 3600 : room.batteryMillivolts - (this.random() < 0.3 ? 1 : 0);
      const reading = { temperatureC: Math.round(room.temperatureC * 100) / 100, humidityPercent: Math.round(room.humidityPercent), batteryMillivolts: room.batteryMillivolts };
      return { bytes: encodeTemperatureHumidity(reading), reading };
    }
    // Someone else's sensor: a payload we cannot read.
    return { bytes: Uint8Array.from({ length: 11 }, () => Math.floor(this.random() * 256)) };
  }

  private pick(states: DeviceState[]): DeviceState {
    return states[Math.floor(this.random() * states.length)]!;
  }

  private pickWeighted(states: DeviceState[]): DeviceState {
    const weight = (s: DeviceState) => s.device?.reportsPerHour ?? 1;
    let roll = this.random() * states.reduce((sum, s) => sum + weight(s), 0);
    for (const state of states) {
      roll -= weight(state);
      if (roll < 0) return state;
    }
    return states.at(-1)!;
  }

  private newDevAddr(): string {
    // NetID 000013-style address block (0x26…), as a public network would hand out.
    return `260b${Math.floor(this.random() * 0x10000).toString(16).padStart(4, "0")}`;
  }
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** How much of its peak rate a bin fills at each hour of the day (UTC): little at night, most from late morning to early evening. */
const HOURLY_FILL_SHARE = [0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.4, 0.4, 0.4, 0.9, 0.9, 0.9, 1, 1, 1, 1, 1, 1, 0.6, 0.6, 0.6, 0.6, 0.2, 0.2];
/** What the round leaves in a bin. */
const AFTER_COLLECTION_PERCENT = 2;

/** When the round last emptied the bin, at or before `at`: every collectEveryDays days, routeSlotMinutes after 06:30 UTC. */
export function lastCollection(bin: DemoBin, at: Date): number {
  const offset = 6.5 * HOUR_MS + bin.routeSlotMinutes * 60_000;
  let day = Math.floor((at.getTime() - offset) / DAY_MS);
  while ((day + bin.routeSlotMinutes) % bin.collectEveryDays !== 0) day--;
  return day * DAY_MS + offset;
}

/**
 * A demo bin's fill level at `at`: what it gathered since it was last emptied, hour by hour, up to
 * full. Emptied by its round, or by the crew at `collectedAt` (marked collected) when that is later.
 */
export function binFillAt(bin: DemoBin, at: Date, collectedAt?: number): number {
  let fill = AFTER_COLLECTION_PERCENT;
  const round = lastCollection(bin, at);
  const emptied = collectedAt !== undefined && collectedAt > round && collectedAt <= at.getTime() ? collectedAt : round;
  for (let t = emptied; t < at.getTime() && fill < 100; ) {
    const next = Math.min(at.getTime(), (Math.floor(t / HOUR_MS) + 1) * HOUR_MS);
    fill += bin.peakFillPerHour * HOURLY_FILL_SHARE[new Date(t).getUTCHours()]! * ((next - t) / HOUR_MS);
    t = next;
  }
  return Math.min(100, fill);
}

function batteryPercent(state: DeviceState): number {
  if (state.parking) return state.parking.batteryPercent;
  const mv = state.bin?.batteryMillivolts ?? state.climate?.batteryMillivolts ?? 3300;
  return clamp(((mv - 3000) / 650) * 100, 0, 100);
}

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));
