import { describe, expect, it } from "vitest";
import { z } from "zod";
import { optionalProtoField, protoField } from "./proto-json";

const message = z.object({
  fCnt: protoField(z.number().int(), 0),
  rxInfo: protoField(z.array(z.string()), []),
  devAddr: optionalProtoField(z.string()),
});

describe("protobuf JSON fields", () => {
  it("reads an absent field and a null one as the zero value, or as undefined when there is none", () => {
    expect(message.parse({})).toEqual({ fCnt: 0, rxInfo: [] });
    expect(message.parse({ fCnt: null, rxInfo: null, devAddr: null })).toEqual({ fCnt: 0, rxInfo: [], devAddr: undefined });
  });

  it("keeps a value that is there, and refuses one of the wrong type", () => {
    expect(message.parse({ fCnt: 7, rxInfo: ["a"], devAddr: "26011bda" })).toEqual({ fCnt: 7, rxInfo: ["a"], devAddr: "26011bda" });
    expect(message.safeParse({ fCnt: "7" }).success).toBe(false);
    expect(message.safeParse({ devAddr: 5 }).success).toBe(false);
  });

  it("gives every message its own zero value, so changing one parse's result cannot change the next", () => {
    message.parse({}).rxInfo.push("changed");
    expect(message.parse({}).rxInfo).toEqual([]);
    message.parse({ rxInfo: null }).rxInfo.push("changed");
    expect(message.parse({ rxInfo: null }).rxInfo).toEqual([]);
  });
});
