import { afterAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "../../../../test/database";
import { ingestUplinks, randomAesKey, randomEui } from "../../../../test/device-fixtures";
import { callerFor, createTenantWithTeam } from "../../../../test/factories";
import { trpcErrorOf } from "../../../../test/trpc-errors";
import { EXAMPLE_CODECS, encodeBinFillLevel, sharedCodecRunner } from "@/domain/codecs";
import { compareUrgency } from "@/domain/waste/bin-assessment";

const database = useTestDatabase();
afterAll(() => sharedCodecRunner().close());

const HOUR = 3_600_000;
const payload = (fillPercent: number) => Buffer.from(encodeBinFillLevel({ fillPercent, batteryMillivolts: 3500, temperatureC: 11 })).toString("base64");

/** A waste team with bins read hourly over the last `hours` hours, each by its own fill curve. */
async function wasteTeam(bins: Record<string, (hoursAgo: number) => number>, hours = 10) {
  const team = await createTenantWithTeam(database.db);
  const admin = callerFor(database.db, team.admin.id, team.tenant.slug);
  const { id: profileId } = await admin.deviceProfiles.create({ name: "Bins", region: "EU868", macVersion: "1.0.3", deviceClass: "A", codecSource: EXAMPLE_CODECS.binFillLevel.source });
  const now = Date.now();
  const ids: Record<string, string> = {};
  for (const [name, fill] of Object.entries(bins)) {
    const devEui = randomEui();
    const { id } = await admin.devices.register({ name, devEui, activation: "otaa", joinEui: randomEui(), appKey: randomAesKey(), profileId, location: { latitude: 53.19, longitude: -2.89 } });
    ids[name] = id;
    const uplinks = Array.from({ length: hours + 1 }, (_, i) => hours - i).map((ago) => ({ fCnt: hours - ago, data: payload(Math.round(fill(ago))), time: new Date(now - ago * HOUR - 60_000).toISOString() }));
    await ingestUplinks(database.db, devEui, uplinks, sharedCodecRunner());
  }
  return { team, admin, ids, viewer: callerFor(database.db, team.viewer.id, team.tenant.slug), member: callerFor(database.db, team.member.id, team.tenant.slug) };
}

describe("the waste team's dashboard", () => {
  it("lists bins over the threshold first, then those due before the next round, then the rest, with counts", async () => {
    const { viewer } = await wasteTeam({
      "Quiet corner": () => 15,
      "Filling fast": (ago) => 45 - 2.5 * ago, // 45 % now, full in about 22 h
      "Market square": (ago) => 95 - 3 * ago, // over 80 % for the last 5 hours
    });
    const dashboard = await viewer.waste.dashboard();
    expect(dashboard.bins.map((b) => [b.name, b.assessment.status])).toEqual([["Market square", "over"], ["Filling fast", "due"], ["Quiet corner", "ok"]]);
    expect(dashboard.summary).toEqual({ bins: 3, over: 1, onCollectionList: 2, lowBattery: 0, notReporting: 0 });
    const market = dashboard.bins[0]!;
    expect(market).toMatchObject({ fillPercent: 95, latitude: 53.19, longitude: -2.89 });
    expect(market.assessment.overForMs! / HOUR).toBeGreaterThan(4.9);
    expect(market.assessment.overForMs! / HOUR).toBeLessThan(5.1);
    expect(dashboard.bins[1]!.assessment.ratePerHour).toBeCloseTo(2.5, 1);
    expect(dashboard.bins[1]!.assessment.fullBy!.getTime()).toBeGreaterThan(Date.now() + 20 * HOUR);
    // The map draws every placed bin by the same rules; today's list holds the two that need a visit.
    const map = await viewer.waste.map();
    expect(map.map((b) => [b.name, b.band, b.status]).sort()).toEqual([["Filling fast", "low", "due"], ["Market square", "high", "over"], ["Quiet corner", "low", "ok"]]);
    expect((await viewer.waste.collectionList()).stops.map((b) => b.name)).toEqual(["Market square", "Filling fast"]);
  });

  it("pages and searches the bins in the database, in the domain's order of urgency", async () => {
    const curves: Record<string, (ago: number) => number> = {};
    for (let i = 0; i < 12; i++) curves[`Bin ${String(i).padStart(2, "0")}${i % 3 === 0 ? " park" : ""}`] = (ago) => Math.max(0, 20 + i * 7 - (1 + (i % 4)) * ago);
    const { viewer, admin } = await wasteTeam(curves, 4);
    await admin.waste.updateSettings({ thresholdPercent: 70, roundIntervalHours: 12, silentAfterHours: 12 });
    const first = await viewer.waste.dashboard({ page: 1, pageSize: 5 });
    const second = await viewer.waste.dashboard({ page: 2, pageSize: 5 });
    const third = await viewer.waste.dashboard({ page: 3, pageSize: 5 });
    expect([first.total, first.bins.length, third.bins.length]).toEqual([12, 5, 2]);
    const paged = [...first.bins, ...second.bins, ...third.bins];
    // The SQL order (bin-status-sql.ts) is the domain's compareUrgency, and its statuses the domain's.
    const byDomain = [...paged].sort((a, b) => compareUrgency({ ...a, id: a.deviceId }, { ...b, id: b.deviceId }));
    expect(paged.map((b) => b.name)).toEqual(byDomain.map((b) => b.name));
    const statuses = paged.map((b) => b.assessment.status);
    expect(new Set(statuses)).toEqual(new Set(["over", "due", "ok"]));
    const map = new Map((await viewer.waste.map()).map((b) => [b.id, b]));
    for (const bin of paged) expect([map.get(bin.deviceId)!.status, map.get(bin.deviceId)!.band]).toEqual([bin.assessment.status, bin.assessment.band]);
    expect(first.summary).toMatchObject({ bins: 12, over: statuses.filter((s) => s === "over").length, onCollectionList: statuses.filter((s) => s === "over" || s === "due").length });
    const parks = await viewer.waste.dashboard({ page: 1, pageSize: 20, search: "PARK" });
    expect(parks.bins.map((b) => b.name).sort()).toEqual(["Bin 00 park", "Bin 03 park", "Bin 06 park", "Bin 09 park"]);
    expect(parks.total).toBe(4);
  });

  it("gives each bin on the page its fill over the last two days, from the hourly readings", async () => {
    const { viewer } = await wasteTeam({ "Quiet corner": () => 15, "Market square": (ago) => 95 - 3 * ago }, 10);
    const [market, quiet] = (await viewer.waste.dashboard()).bins;
    expect(market!.name).toBe("Market square");
    expect(market!.trend).toHaveLength(24);
    // Eleven hourly readings fall in five or six two-hour points, rising to the latest.
    const read = market!.trend.filter((v) => v !== null);
    expect(read.length).toBeGreaterThanOrEqual(5);
    expect(read.length).toBeLessThanOrEqual(6);
    expect(read).toEqual([...read].sort((a, b) => a - b));
    expect(read.at(-1)).toBeGreaterThanOrEqual(90);
    expect(read[0]).toBeLessThanOrEqual(70);
    expect(market!.trend.slice(0, 18).every((v) => v === null)).toBe(true);
    expect(new Set(quiet!.trend.filter((v) => v !== null))).toEqual(new Set([15]));
  });

  it("exports today's collection list as CSV in the same order", async () => {
    const { viewer } = await wasteTeam({ "Quiet corner": () => 15, "Filling fast": (ago) => 45 - 2.5 * ago, "Market square": (ago) => 95 - 3 * ago });
    const { filename, csv } = await viewer.waste.collectionCsv();
    expect(filename).toMatch(/^collection-list-\d{4}-\d{2}-\d{2}\.csv$/);
    const lines = csv.trimEnd().split("\r\n");
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(/^1,Market square,[0-9a-f]{16},53.19,-2.89,95,.*,over threshold,/);
    expect(lines[2]).toMatch(/^2,Filling fast,.*,full before next round,,/);
  });

  it("takes a bin off the list when a member marks it collected; viewers cannot", async () => {
    const { viewer, member, ids } = await wasteTeam({ "Market square": (ago) => 95 - 3 * ago });
    expect(await trpcErrorOf(viewer.waste.markCollected({ deviceIds: [ids["Market square"]!] }))).toMatchObject({ code: "FORBIDDEN" });
    expect(await member.waste.markCollected({ deviceIds: [ids["Market square"]!] })).toEqual({ collected: 1 });
    const [bin] = (await viewer.waste.dashboard()).bins;
    expect(bin!.assessment).toMatchObject({ status: "collected", onCollectionList: false });
    expect(bin!.collectedAt).toBeInstanceOf(Date);
  });

  it("follows a new threshold, moving 'over since' to the first reading above it", async () => {
    const { admin, viewer } = await wasteTeam({ "Market square": (ago) => 95 - 3 * ago }); // 65 % 10 h ago
    await admin.waste.updateSettings({ thresholdPercent: 70, roundIntervalHours: 12, silentAfterHours: 6 });
    expect(await viewer.waste.settings()).toEqual({ thresholdPercent: 70, roundIntervalHours: 12, silentAfterHours: 6 });
    const [bin] = (await viewer.waste.dashboard()).bins;
    // 71 % was read 8 hours ago.
    expect(Math.round(bin!.assessment.overForMs! / HOUR)).toBe(8);
    expect(await trpcErrorOf(viewer.waste.updateSettings({ thresholdPercent: 50, roundIntervalHours: 12, silentAfterHours: 6 }))).toMatchObject({ code: "FORBIDDEN" });
    expect(await trpcErrorOf(admin.waste.updateSettings({ thresholdPercent: 0, roundIntervalHours: 12, silentAfterHours: 6 }))).toEqual({ code: "BAD_REQUEST", message: "thresholdPercent: The threshold must be between 1 and 100 %." });
  });

  it("starts with the default settings and an empty dashboard", async () => {
    const { viewer } = await wasteTeam({});
    expect(await viewer.waste.settings()).toEqual({ thresholdPercent: 80, roundIntervalHours: 24, silentAfterHours: 12 });
    expect((await viewer.waste.dashboard()).bins).toEqual([]);
  });
});

describe("device readings", () => {
  it("show a device's latest values as cards and chart a field over time", async () => {
    const { viewer, ids } = await wasteTeam({ "Market square": (ago) => 95 - 3 * ago }, 30);
    const latest = await viewer.readings.latest({ deviceId: ids["Market square"]! });
    expect(latest.map((r) => [r.field, r.label, r.unit, r.value])).toEqual([
      ["batteryMillivolts", "Battery", "mV", 3500],
      ["fillPercent", "Fill", "%", 95],
      ["temperatureC", "Temperature", "°C", 11],
    ]);
    const day = await viewer.readings.history({ deviceId: ids["Market square"]!, field: "fillPercent", window: "24h" });
    expect(day.points).toHaveLength(24);
    expect(day.points.at(-1)!.average).toBe(95);
    expect(day.points.filter((p) => p.readings > 0).length).toBeGreaterThanOrEqual(23);
    const month = await viewer.readings.history({ deviceId: ids["Market square"]!, field: "fillPercent", window: "30d" });
    expect(month.points).toHaveLength(120);
    expect(month.points.reduce((n, p) => n + p.readings, 0)).toBe(31);
  });
});

describe("tenant maps", () => {
  it("show the tenant's own located devices only", async () => {
    const a = await wasteTeam({ "Bin A": () => 10 }, 1);
    const b = await wasteTeam({ "Bin B": () => 10 }, 1);
    const mapA = await a.viewer.devices.map();
    expect(mapA.devices.map((d) => d.name)).toEqual(["Bin A"]);
    expect((await b.viewer.devices.map()).devices.map((d) => d.name)).toEqual(["Bin B"]);
    await a.admin.devices.update({ deviceId: a.ids["Bin A"]!, location: null });
    expect(await a.viewer.devices.map()).toEqual({ devices: [], unplaced: 1 });
  });
});
