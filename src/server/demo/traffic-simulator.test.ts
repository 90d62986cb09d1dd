import { afterAll, describe, expect, it } from "vitest";
import { CodecRunner, EXAMPLE_CODECS } from "@/domain/codecs";
import { normalizeChirpstackEvent } from "@/domain/lorawan";
import { DEMO_DEVICES, DEMO_GATEWAYS, DEMO_PROFILES, DEMO_UNKNOWN_DEVICES } from "./demo-network";
import { seededRandom } from "./seeded-random";
import { binFillAt, lastCollection, TrafficSimulator, type SimulatedEvent } from "./traffic-simulator";

function simulate(count: number, seed = 42) {
  let clock = Date.parse("2026-11-28T09:00:00Z");
  let id = 0;
  const simulator = new TrafficSimulator({
    random: seededRandom(seed),
    now: () => new Date((clock += 1500)),
    newId: () => `00000000-0000-4000-8000-${(id++).toString(16).padStart(12, "0")}`,
  });
  return Array.from({ length: count }, () => simulator.next());
}

const events = simulate(3000);
const DAY = 86_400_000;
/** Received the moment the simulator sent it. */
const sentAt = (body: Record<string, unknown>) => new Date(body.time as string);
const ups = events.filter((e) => e.type === "up");
const runner = new CodecRunner();
afterAll(() => runner.close());

describe("the traffic simulator", () => {
  it("builds ChirpStack v4 events that ingestion accepts, of every kind the demo needs", () => {
    for (const event of events) {
      const normalized = normalizeChirpstackEvent(event.type, event.body, sentAt(event.body));
      expect(normalized.devEui).toBe(event.devEui);
      expect(normalized.dedupKey).toBe(`cs:${event.type}:${(event.body as { deduplicationId: string }).deduplicationId}`);
    }
    const count = (type: SimulatedEvent["type"]) => events.filter((e) => e.type === type).length;
    expect(count("up")).toBeGreaterThan(2500);
    expect(count("status")).toBeGreaterThan(50);
    expect(count("join")).toBeGreaterThan(0);
    const unknown = new Set(DEMO_UNKNOWN_DEVICES.map((d) => d.devEui));
    expect(events.filter((e) => unknown.has(e.devEui) && e.tenantSlug === null).length).toBeGreaterThan(100);
    // Every demo sensor is heard from, but the one whose sensor is broken.
    expect(new Set(ups.map((e) => e.devEui))).toEqual(new Set([...DEMO_DEVICES.filter((d) => !d.faulty).map((d) => d.devEui), ...unknown]));
  });

  it("sends realistic radio metadata: 1–3 demo gateways, SF7–SF10 at 125 kHz, CR 4/5, a matching data rate", () => {
    const gatewayEuis = new Set(DEMO_GATEWAYS.map((g) => g.gatewayEui));
    for (const { body } of ups) {
      const normalized = normalizeChirpstackEvent("up", body, sentAt(body));
      expect(normalized.gateways.length).toBeGreaterThanOrEqual(1);
      expect(normalized.gateways.length).toBeLessThanOrEqual(3);
      expect(normalized.gateways.every((g) => gatewayEuis.has(g.gatewayEui) && g.rssi! < -60 && g.rssi! > -140)).toBe(true);
      expect(normalized.radio).toMatchObject({ bandwidthHz: 125_000 });
      expect(normalized.radio!.spreadingFactor).toBeGreaterThanOrEqual(7);
      expect(normalized.radio!.spreadingFactor).toBeLessThanOrEqual(10);
      expect((body as { dr: number }).dr).toBe(12 - normalized.radio!.spreadingFactor);
      expect((body as { txInfo: { modulation: { lora: { codeRate: string } } } }).txInfo.modulation.lora.codeRate).toBe("CR_4_5");
      expect(normalized.airtimeMs).toBeGreaterThan(0);
    }
  });

  it("increments each device's frame counter by one per uplink, and restarts it from 0 after a rejoin", () => {
    const last = new Map<string, number>();
    let rejoinsSeen = 0;
    for (const event of events) {
      if (event.type === "join") {
        last.set(event.devEui, -1);
        rejoinsSeen++;
        continue;
      }
      if (event.type !== "up") continue;
      const fCnt = (event.body as { fCnt: number }).fCnt;
      if (last.has(event.devEui)) expect(fCnt).toBe(last.get(event.devEui)! + 1);
      last.set(event.devEui, fCnt);
    }
    expect(rejoinsSeen).toBeGreaterThan(0);
  });

  it("encodes payloads the devices' example codecs decode back to the simulated readings", async () => {
    for (const profile of DEMO_PROFILES) {
      const sample = ups.filter((e) => e.tenantSlug === profile.tenantSlug).slice(0, 25);
      expect(sample.length).toBe(25);
      for (const event of sample) {
        const body = event.body as { data: string; fPort: number };
        expect(body.fPort).toBe(profile.fPort);
        const result = await runner.decodeUplink(EXAMPLE_CODECS[profile.codec].source, { bytes: Buffer.from(body.data, "base64"), fPort: body.fPort, recvTime: new Date() });
        expect(result).toMatchObject({ ok: true, data: event.reading, warnings: [] });
      }
    }
  });

  it("fills each bin over the day at its own pace, little at night, and empties it on its round", () => {
    const market = DEMO_DEVICES.find((d) => d.name === "Bin – Market Square (north)")!.bin!;
    const castle = DEMO_DEVICES.find((d) => d.name === "Bin – Castle Drive")!.bin!;
    const day = Date.parse("2026-11-28T00:00:00Z");
    const at = (hours: number) => new Date(day + hours * 3_600_000);
    const emptied = lastCollection(market, at(12));
    expect(new Date(emptied).getUTCHours()).toBeGreaterThanOrEqual(6);
    expect(binFillAt(market, new Date(emptied + 60_000))).toBeLessThan(5);
    // The busy market bin fills faster in the day than at night, and is full before the next morning's round.
    const nightRise = binFillAt(market, at(4)) - binFillAt(market, at(1));
    const dayRise = binFillAt(market, at(15)) - binFillAt(market, at(12));
    expect(dayRise).toBeGreaterThan(nightRise * 5);
    expect(binFillAt(market, at(21))).toBe(100);
    // A back-street bin fills slowly, a fraction of the market's pace at the same hours, and waits days
    // for its round, by which time it is well filled but not overflowing.
    const castleRise = binFillAt(castle, at(15)) - binFillAt(castle, at(12));
    expect(castleRise).toBeGreaterThan(0);
    expect(castleRise).toBeLessThan(dayRise / 4);
    expect(castle.collectEveryDays).toBeGreaterThan(1);
    const round = lastCollection(castle, at(15));
    const nextRound = round + castle.collectEveryDays * DAY;
    expect(lastCollection(castle, new Date(nextRound - 60_000))).toBe(round);
    expect(lastCollection(castle, new Date(nextRound))).toBe(nextRound);
    expect(binFillAt(castle, new Date(nextRound - 60_000))).toBeGreaterThan(50);
    expect(binFillAt(castle, new Date(nextRound - 60_000))).toBeLessThan(100);
    // Its level follows from the time alone: a simulator started later reads the same (save the sensor's noise).
    const readingAt = (start: number, when: Date) => {
      const simulator = new TrafficSimulator({ devices: DEMO_DEVICES.filter((d) => d.name === "Bin – Market Square (north)"), unknownDevices: [], random: seededRandom(start), now: () => when });
      return (simulator.next().reading as { fillPercent: number }).fillPercent;
    };
    expect(Math.abs(readingAt(1, at(14)) - readingAt(2, at(14)))).toBeLessThanOrEqual(3);
  });

  it("empties a bin the waste team marked collected, until its round empties it again", () => {
    const spec = DEMO_DEVICES.find((d) => d.name === "Bin – Market Square (north)")!;
    const day = Date.parse("2026-11-28T00:00:00Z");
    const at = (hours: number) => new Date(day + hours * 3_600_000);
    const marked = at(14).getTime();
    expect(binFillAt(spec.bin!, at(15))).toBeGreaterThan(40);
    // Emptied at 14:00: an hour's gathering since.
    expect(binFillAt(spec.bin!, at(15), marked)).toBeCloseTo(2 + spec.bin!.peakFillPerHour, 5);
    // A mark in the future, or before the round's last emptying, changes nothing.
    expect(binFillAt(spec.bin!, at(13), marked)).toBe(binFillAt(spec.bin!, at(13)));
    const nextMorning = new Date(lastCollection(spec.bin!, at(36)) + 3_600_000);
    expect(binFillAt(spec.bin!, nextMorning, marked)).toBe(binFillAt(spec.bin!, nextMorning));

    let clock = at(15).getTime();
    const simulator = new TrafficSimulator({ devices: [spec], unknownDevices: [], random: seededRandom(3), now: () => new Date(clock), shares: { status: 0, join: 0 } });
    const fill = () => (simulator.next().reading as { fillPercent: number }).fillPercent;
    expect(fill()).toBeGreaterThan(40);
    simulator.honourCollections(new Map([[spec.devEui, new Date(marked)]]));
    expect(fill()).toBeLessThan(16);
    clock = nextMorning.getTime();
    expect(fill()).toBeLessThan(16);
  });

  it("keeps a broken sensor silent from the moment it broke", () => {
    const faulty = DEMO_DEVICES.find((d) => d.faulty)!;
    let clock = Date.parse("2026-11-28T09:00:00Z");
    const simulator = new TrafficSimulator({ devices: [faulty, DEMO_DEVICES[0]!], unknownDevices: [], random: seededRandom(7), now: () => new Date((clock += 60_000)), faultyFrom: new Date(clock + 30 * 60_000) });
    const heard = Array.from({ length: 120 }, () => simulator.next()).map((e, i) => ({ i, faulty: e.devEui === faulty.devEui }));
    expect(heard.slice(0, 25).some((e) => e.faulty)).toBe(true);
    expect(heard.slice(30).some((e) => e.faulty)).toBe(false);
  });

  it("moves readings slowly and plausibly: bays come and go, the cold room stays cold", () => {
    const readings = <T>(devEui: string) => ups.filter((e) => e.devEui === devEui).map((e) => e.reading as T);

    const bay = readings<{ occupied: boolean }>(DEMO_DEVICES.find((d) => d.kind === "parking")!.devEui).map((r) => r.occupied);
    const changes = bay.slice(1).filter((o, i) => o !== bay[i]).length;
    expect(changes).toBeGreaterThan(bay.length * 0.15);
    expect(changes).toBeLessThan(bay.length * 0.6);

    const coldRoom = readings<{ temperatureC: number; humidityPercent: number }>(DEMO_DEVICES.find((d) => d.name === "Cold room")!.devEui);
    expect(Math.min(...coldRoom.map((r) => r.temperatureC))).toBeGreaterThan(0);
    expect(Math.max(...coldRoom.map((r) => r.temperatureC))).toBeLessThan(8);
    const drift = coldRoom.slice(1).map((r, i) => Math.abs(r.temperatureC - coldRoom[i]!.temperatureC));
    expect(Math.max(...drift)).toBeLessThan(1.5);
  });

  it("gives every event its own deduplication id and the time it was made", () => {
    const fresh = new TrafficSimulator();
    const [a, b] = [fresh.next(), fresh.next()];
    expect(a.body.deduplicationId).not.toBe(b.body.deduplicationId);
    expect(Math.abs(Date.parse(a.body.time as string) - Date.now())).toBeLessThan(5_000);
  });
});
