import { describe, expect, it } from "vitest";
import { base64BytesSchema, decodeBase64, isBase64 } from "./base64";
import { LorawanInputError } from "./errors";

describe("decodeBase64", () => {
  it("decodes standard padded base64", () => {
    expect(Array.from(decodeBase64("y/YLDQN2AQrdf/8="))).toEqual([
      0xcb, 0xf6, 0x0b, 0x0d, 0x03, 0x76, 0x01, 0x0a, 0xdd, 0x7f, 0xff,
    ]);
    expect(Array.from(decodeBase64("CgE="))).toEqual([0x0a, 0x01]);
    expect(decodeBase64("")).toHaveLength(0);
  });

  it.each([
    ["qg=!", "a character outside the alphabet"],
    ["qg", "missing padding"],
    ["q g==", "embedded whitespace"],
    ["qg===", "too much padding"],
    ["-_8=", "the URL-safe alphabet"],
    ["YWJj\n", "a trailing newline"],
  ])("rejects %j (%s), which Buffer.from would quietly decode", (input) => {
    expect(isBase64(input)).toBe(false);
    expect(() => decodeBase64(input, "data")).toThrow(LorawanInputError);
  });

  it("names the field and the accepted form", () => {
    expect(() => decodeBase64("qg=!", "data")).toThrow(
      "data must be standard base64 (A-Z, a-z, 0-9, '+', '/', padded with '='), got 'qg=!'",
    );
  });
});

describe("base64BytesSchema", () => {
  it("decodes to bytes", () => {
    expect(Array.from(base64BytesSchema.parse("AQ=="))).toEqual([1]);
  });

  it("reports invalid base64 as an issue", () => {
    expect(base64BytesSchema.safeParse("AQ=!").error?.issues[0]?.message).toBe(
      "must be standard base64 (A-Z, a-z, 0-9, '+', '/', padded with '='), got 'AQ=!'",
    );
  });
});
