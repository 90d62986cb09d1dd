import { describe, expect, it } from "vitest";
import { z } from "zod";
import { formatIssuePath, formatZodIssues, LorawanInputError, RadioParameterError } from "./errors";
import { parseInput } from "./parse-input";

const schema = z.object({
  deviceInfo: z.object({ devEui: z.string() }),
  rxInfo: z.array(z.object({ rssi: z.number() })),
});

describe("formatIssuePath", () => {
  it("joins keys with dots and indexes with brackets", () => {
    expect(formatIssuePath(["rxInfo", 0, "rssi"])).toBe("rxInfo[0].rssi");
  });

  it("calls the top level 'body'", () => {
    expect(formatIssuePath([])).toBe("body");
  });
});

describe("formatZodIssues", () => {
  it("lists every problem with its path", () => {
    const result = schema.safeParse({ deviceInfo: { devEui: 5 }, rxInfo: [{ rssi: "-97" }] });
    expect(result.success).toBe(false);
    expect(formatZodIssues(result.error!.issues)).toBe(
      "deviceInfo.devEui: Invalid input: expected string, received number; " +
        "rxInfo[0].rssi: Invalid input: expected number, received string",
    );
  });

  it("says how many more problems there are beyond the first ten", () => {
    const result = z.array(z.number()).safeParse(Array.from({ length: 12 }, () => "x"));
    const text = formatZodIssues(result.error!.issues);
    expect(text).toContain("[9]: Invalid input");
    expect(text).not.toContain("[10]");
    expect(text.endsWith("; and 2 more")).toBe(true);
  });
});

describe("parseInput", () => {
  it("returns the parsed value", () => {
    const body = { deviceInfo: { devEui: "a84041000181c96b" }, rxInfo: [] };
    expect(parseInput(schema, body, "test event")).toEqual(body);
  });

  it("names missing fields as missing rather than 'received undefined'", () => {
    expect(() => parseInput(schema, { rxInfo: [] }, "test event")).toThrow(
      new LorawanInputError("deviceInfo", "Invalid test event: deviceInfo: required object is missing"),
    );
  });

  it("puts the path of the first problem in `field`", () => {
    expect(() => parseInput(schema, { deviceInfo: {}, rxInfo: 3 }, "test event")).toThrow(
      expect.objectContaining({
        field: "deviceInfo.devEui",
        message:
          "Invalid test event: deviceInfo.devEui: required string is missing; " +
          "rxInfo: Invalid input: expected array, received number",
      }),
    );
  });

  it("rejects a body that is not an object at all", () => {
    expect(() => parseInput(schema, "up", "test event")).toThrow(
      "Invalid test event: body: Invalid input: expected object, received string",
    );
  });
});

describe("RadioParameterError", () => {
  it("is a LorawanInputError, so callers can reject all bad input with one catch", () => {
    const error = new RadioParameterError("spreadingFactor", "bad");
    expect(error).toBeInstanceOf(LorawanInputError);
    expect(error.name).toBe("RadioParameterError");
  });
});

