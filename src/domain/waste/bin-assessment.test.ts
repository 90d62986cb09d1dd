import { describe, expect, it } from "vitest";
import { assessBin, compareUrgency, type BinFacts } from "./bin-assessment";
import { collectionListCsv } from "./collection-list";
import { applyFillReadings, markCollected, type FillCycle } from "./fill-level";
import { DEFAULT_WASTE_SETTINGS } from "./waste-settings";

const T0 = Date.UTC(2026, 10, 2, 6, 0, 0);
const at = (hours: number) => new Date(T0 + hours * 3_600_000);
/** A bin read hourly up to hour `upTo`, filling `rate` points an hour from `from`. */
const bin = (from: number, rate: number, upTo = 10): FillCycle => applyFillReadings(null, Array.from({ length: upTo + 1 }, (_, h) => ({ at: at(h), fillPercent: Math.min(100, from + rate * h) })), 80)!;
const facts = (cycle: FillCycle, extra: Partial<BinFacts> = {}): BinFacts => ({ cycle, lastSeenAt: cycle.fillAt, batteryPercent: 90, ...extra });
const now = at(10.5);

describe("assessBin", () => {
  it("puts a bin over the threshold on the list, saying for how long", () => {
    const a = assessBin(facts(bin(60, 3)), DEFAULT_WASTE_SETTINGS, now); // 81 % at hour 7
    expect(a).toMatchObject({ status: "over", band: "high", onCollectionList: true });
    expect(a.overForMs).toBe(3.5 * 3_600_000);
  });

  it("puts a bin predicted full before the next round on the list, and one filling slowly not", () => {
    expect(assessBin(facts(bin(20, 2.5)), DEFAULT_WASTE_SETTINGS, now)).toMatchObject({ status: "due", band: "low", onCollectionList: true }); // 45 % at hour 10, full in 22 h
    expect(assessBin(facts(bin(10, 1)), DEFAULT_WASTE_SETTINGS, now)).toMatchObject({ status: "ok", band: "low", onCollectionList: false });
    expect(assessBin(facts(bin(20, 2.5)), { ...DEFAULT_WASTE_SETTINGS, roundIntervalHours: 12 }, now).status).toBe("ok");
  });

  it("follows the tenant's threshold", () => {
    expect(assessBin(facts(bin(60, 1)), { ...DEFAULT_WASTE_SETTINGS, thresholdPercent: 70 }, now).status).toBe("over");
    expect(assessBin(facts(bin(60, 1)), { ...DEFAULT_WASTE_SETTINGS, thresholdPercent: 90 }, now).status).not.toBe("over");
  });

  it("flags a silent sensor and a low battery", () => {
    const a = assessBin(facts(bin(10, 1)), DEFAULT_WASTE_SETTINGS, at(30));
    expect(a).toMatchObject({ band: "stale", silentForHours: 20 });
    expect(assessBin(facts(bin(10, 1), { batteryPercent: 12 }), DEFAULT_WASTE_SETTINGS, now).lowBattery).toBe(true);
  });

  it("keeps a collected bin off the list until its next reading", () => {
    const a = assessBin(facts(markCollected(bin(60, 3), at(10.2))), DEFAULT_WASTE_SETTINGS, now);
    expect(a).toMatchObject({ status: "collected", onCollectionList: false, fullBy: null });
  });
});

describe("urgency order and the collection list", () => {
  const bins = [
    { name: "Slow", cycle: bin(10, 1) },
    { name: "Due", cycle: bin(20, 2.5) },
    { name: "Over lately", cycle: bin(60, 3) }, // 81 % at hour 7
    { name: "Over longest", cycle: bin(70, 2) }, // 80 % at hour 5
    { name: "Collected", cycle: markCollected(bin(60, 3), at(10.2)) },
  ].map((b) => ({ ...b, id: b.name, fillPercent: b.cycle.fillPercent, assessment: assessBin(facts(b.cycle), DEFAULT_WASTE_SETTINGS, now) }));

  it("lists bins over the threshold first, longest over first, then due, then the rest, collected last", () => {
    expect([...bins].sort(compareUrgency).map((b) => b.name)).toEqual(["Over longest", "Over lately", "Due", "Slow", "Collected"]);
  });

  it("exports the list as CSV in that order, with why each bin is on it", () => {
    const stops = [...bins].sort(compareUrgency).filter((b) => b.assessment.onCollectionList)
      .map((b) => ({ name: b.name, devEui: "a840410000c0b101", latitude: 53.19, longitude: -2.89, fillPercent: b.fillPercent, fillAt: b.cycle.fillAt, tags: ["bin", "parks"], assessment: b.assessment }));
    const lines = collectionListCsv(stops, now).trimEnd().split("\r\n");
    expect(lines[0]).toBe("stop,bin,dev_eui,latitude,longitude,fill_percent,reading_at,reason,over_threshold_since,predicted_full_at,battery_low,not_reporting_hours,tags");
    expect(lines).toHaveLength(4);
    expect(lines[1]).toMatch(/^1,Over longest,a840410000c0b101,53.19,-2.89,90,2026-11-02T16:00:00.000Z,over threshold,2026-11-02T11:00:00.000Z,/);
    expect(lines[3]).toMatch(/^3,Due,.*,full before next round,,2026-11-03T/);
    expect(lines[3]).toMatch(/,no,,bin;parks$/);
  });
});
