import { describe, expect, it } from "vitest";
import { DomainError } from "../errors";
import {
  hourStart,
  hoursInPeriod,
  isInPeriod,
  isPeriodStart,
  nextPeriod,
  parsePeriodKey,
  periodContaining,
  periodKey,
  previousPeriod,
} from "./billing-period";

const d = (iso: string) => new Date(iso);
const iso = (p: { start: Date; end: Date }) => [p.start.toISOString(), p.end.toISOString()];

describe("periodContaining", () => {
  it.each([
    ["2026-11-15T10:20:00Z", "2026-11-01T00:00:00.000Z", "2026-12-01T00:00:00.000Z"],
    ["2026-11-01T00:00:00Z", "2026-11-01T00:00:00.000Z", "2026-12-01T00:00:00.000Z"], // start is inclusive
    ["2026-11-30T23:59:59.999Z", "2026-11-01T00:00:00.000Z", "2026-12-01T00:00:00.000Z"],
    ["2026-12-01T00:00:00Z", "2026-12-01T00:00:00.000Z", "2027-01-01T00:00:00.000Z"], // end is exclusive
    ["2028-02-29T12:00:00Z", "2028-02-01T00:00:00.000Z", "2028-03-01T00:00:00.000Z"], // leap year
  ])("%s → [%s, %s)", (at, start, end) => {
    expect(iso(periodContaining(d(at)))).toEqual([start, end]);
  });

  it("rejects an invalid date", () => {
    expect(() => periodContaining(new Date("nope"))).toThrow(/valid Date/);
  });
});

describe("previous / next period", () => {
  it.each([
    ["2026-11", "2026-10", "2026-12"],
    ["2027-01", "2026-12", "2027-02"],
    ["2026-12", "2026-11", "2027-01"],
  ])("%s: previous %s, next %s", (key, prev, next) => {
    const p = parsePeriodKey(key);
    expect(periodKey(previousPeriod(p))).toBe(prev);
    expect(periodKey(nextPeriod(p))).toBe(next);
  });
});

describe("period keys", () => {
  it.each([["2026-11"], ["2027-01"], ["2026-12"]])("%s round-trips", (key) => {
    expect(periodKey(parsePeriodKey(key))).toBe(key);
  });

  it.each([["2026-13"], ["2026-00"], ["2026-1"], ["26-11"], [""], ["2026-11-01"]])("rejects %j with a BAD_REQUEST", (key) => {
    expect(() => parsePeriodKey(key)).toThrow(/must look like "YYYY-MM"/);
    expect(() => parsePeriodKey(key)).toThrow(DomainError);
  });
});

describe("period helpers", () => {
  it.each([
    ["2026-11", 720], // 30 × 24
    ["2026-12", 744], // 31 × 24
    ["2027-02", 672], // 28 × 24
    ["2028-02", 696], // 29 × 24
  ])("%s has %s hours", (key, hours) => {
    expect(hoursInPeriod(parsePeriodKey(key))).toBe(hours);
  });

  it.each([
    ["2026-11-01T00:00:00Z", true],
    ["2026-11-01T00:00:00.001Z", false],
    ["2026-11-02T00:00:00Z", false],
  ])("isPeriodStart(%s) = %s", (at, expected) => {
    expect(isPeriodStart(d(at))).toBe(expected);
  });

  it("isInPeriod is start-inclusive, end-exclusive", () => {
    const nov = parsePeriodKey("2026-11");
    expect(isInPeriod(d("2026-11-01T00:00:00Z"), nov)).toBe(true);
    expect(isInPeriod(d("2026-12-01T00:00:00Z"), nov)).toBe(false);
    expect(isInPeriod(d("2026-10-31T23:59:59.999Z"), nov)).toBe(false);
  });

  it.each([
    ["2026-11-15T10:59:59.999Z", "2026-11-15T10:00:00.000Z"],
    ["2026-11-15T10:00:00.000Z", "2026-11-15T10:00:00.000Z"],
    ["2026-11-30T23:30:00Z", "2026-11-30T23:00:00.000Z"],
  ])("hourStart(%s) = %s", (at, expected) => {
    expect(hourStart(d(at)).toISOString()).toBe(expected);
  });
});
