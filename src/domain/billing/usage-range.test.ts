import { describe, expect, it } from "vitest";
import { parseInstant, usageRange } from "./usage-range";

const now = new Date("2026-11-17T10:25:00Z");
const d = (iso: string) => new Date(iso);

describe("usageRange", () => {
  it("defaults to the current billing period so far, up to the end of the current bucket", () => {
    expect(usageRange({ granularity: "day" }, now)).toEqual({ from: d("2026-11-01T00:00:00Z"), to: d("2026-11-18T00:00:00Z") });
    expect(usageRange({ granularity: "hour" }, now)).toEqual({ from: d("2026-11-01T00:00:00Z"), to: d("2026-11-17T11:00:00Z") });
    // Exactly on a boundary, the current bucket is the one starting now.
    expect(usageRange({ granularity: "hour" }, d("2026-11-17T10:00:00Z")).to).toEqual(d("2026-11-17T11:00:00Z"));
  });

  it("accepts boundaries of the granularity's buckets and refuses others, naming the parameter", () => {
    expect(usageRange({ granularity: "hour", from: d("2026-11-02T09:00:00Z"), to: d("2026-11-02T12:00:00Z") }, now)).toEqual({ from: d("2026-11-02T09:00:00Z"), to: d("2026-11-02T12:00:00Z") });
    expect(() => usageRange({ granularity: "day", from: d("2026-11-02T09:00:00Z") }, now)).toThrow("Query parameter 'from': with granularity=day it must be a UTC midnight");
    expect(() => usageRange({ granularity: "hour", from: d("2026-11-02T09:00:00Z"), to: d("2026-11-02T09:30:00Z") }, now)).toThrow("Query parameter 'to': with granularity=hour it must be a whole UTC hour");
  });

  it("refuses an empty or backwards span, and spans longer than a month of hours or a year of days", () => {
    expect(() => usageRange({ granularity: "day", from: d("2026-11-02"), to: d("2026-11-02") }, now)).toThrow("it must be after 'from'");
    expect(() => usageRange({ granularity: "hour", from: d("2026-10-01"), to: d("2026-11-02") }, now)).toThrow("at most 31 days");
    expect(usageRange({ granularity: "hour", from: d("2026-10-01"), to: d("2026-11-01") }, now).to).toEqual(d("2026-11-01"));
    expect(() => usageRange({ granularity: "day", from: d("2025-01-01"), to: d("2026-01-03") }, now)).toThrow("at most 366 days");
  });
});

describe("parseInstant", () => {
  it("reads UTC dates and ISO times with an offset", () => {
    expect(parseInstant("2026-11-01")).toEqual(d("2026-11-01T00:00:00Z"));
    expect(parseInstant("2026-11-01T09:00:00Z")).toEqual(d("2026-11-01T09:00:00Z"));
    expect(parseInstant("2026-11-01T10:00:00+01:00")).toEqual(d("2026-11-01T09:00:00Z"));
  });

  it.each(["2026-02-31", "2026-11-01T09:00:00", "yesterday", "1730000000", ""])("refuses %j", (text) => {
    expect(parseInstant(text)).toBeNull();
  });
});
