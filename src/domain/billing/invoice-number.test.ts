import { describe, expect, it } from "vitest";
import { formatInvoiceNumber, parseInvoiceNumber } from "./invoice-number";

describe("formatInvoiceNumber", () => {
  it.each([
    ["LR", 2026, 42, "LR-2026-000042"],
    ["LR", 2026, 1, "LR-2026-000001"],
    ["LR", 2027, 999_999, "LR-2027-999999"],
    ["CC2", 2026, 123_456, "CC2-2026-123456"],
  ])("%s / %s / %s → %s", (prefix, year, sequence, expected) => {
    expect(formatInvoiceNumber(prefix, year, sequence)).toBe(expected);
    expect(parseInvoiceNumber(expected)).toEqual({ prefix, year, sequence });
  });

  it.each([
    ["lr", 2026, 1, /Invoice prefix must be 1–10 capital letters/],
    ["", 2026, 1, /Invoice prefix/],
    ["LR-X", 2026, 1, /Invoice prefix/],
    ["LR", 1999, 1, /four-digit year from 2000/],
    ["LR", 2026, 0, /from 1 to 999999/],
    ["LR", 2026, 1_000_000, /from 1 to 999999/],
    ["LR", 2026, 1.5, /whole number from 1/],
  ])("rejects %j / %s / %s", (prefix, year, sequence, message) => {
    expect(() => formatInvoiceNumber(prefix, year, sequence)).toThrow(message);
  });

  it.each([["LR-2026-42"], ["LR-2026-000000"], ["lr-2026-000001"], ["LR2026000001"]])("parse rejects %j", (text) => {
    expect(() => parseInvoiceNumber(text)).toThrow(/must look like "LR-2026-000042"/);
  });
});
