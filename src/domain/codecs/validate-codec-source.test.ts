import { afterAll, describe, expect, it } from "vitest";
import { EXAMPLE_CODECS } from "./examples";
import { sharedCodecRunner, validateCodecSource } from "./shared-codec-runner";

afterAll(() => sharedCodecRunner().close());

describe("validateCodecSource", () => {
  it("accepts a codec that defines decodeUplink", async () => {
    expect(await validateCodecSource(EXAMPLE_CODECS.binFillLevel.source)).toEqual({ ok: true });
    expect(await validateCodecSource("const decodeUplink = (input) => ({ data: {} });")).toEqual({ ok: true });
  });

  it("rejects empty and oversized sources before running them", async () => {
    expect(await validateCodecSource("  \n")).toEqual({
      ok: false,
      error: "Codec source is empty; define a function decodeUplink(input)",
    });
    const huge = `function decodeUplink(input) { return { data: {} }; }\n// ${"x".repeat(70 * 1024)}`;
    expect(await validateCodecSource(huge)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^Codec source is 70\.\d+ KiB; the limit is 64 KiB$/),
    });
  });

  it("reports syntax errors with their position", async () => {
    expect(await validateCodecSource("function decodeUplink(input) {\n  return { data: { a: 1 }\n")).toEqual({
      ok: false,
      error: expect.stringMatching(/^Codec has a syntax error: .+ \(line \d+, column \d+\)$/),
    });
  });

  it("requires decodeUplink to be a function", async () => {
    expect(await validateCodecSource("function decode(input) { return {}; }")).toEqual({
      ok: false,
      error: "Codec must define a function decodeUplink(input); decodeUplink is not defined",
    });
    expect(await validateCodecSource("var decodeUplink = 42;")).toEqual({
      ok: false,
      error: "Codec must define a function decodeUplink(input); decodeUplink is not a function",
    });
  });

  it("reports code that throws or never finishes while loading", async () => {
    expect(await validateCodecSource("throw new Error('no config');")).toEqual({
      ok: false,
      error: expect.stringMatching(/^Codec threw while loading: Error: no config \(line 1, column \d+\)$/),
    });
    expect(await validateCodecSource("for (;;) {}", { timeoutMs: 100 })).toEqual({
      ok: false,
      error: "Codec took longer than 100 ms and was stopped",
    });
  });
});
