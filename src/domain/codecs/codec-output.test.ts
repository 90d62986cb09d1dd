import { describe, expect, it } from "vitest";
import { interpretCodecOutput } from "./codec-output";

describe("interpretCodecOutput", () => {
  it("accepts { data } and normalises warnings to strings", () => {
    expect(interpretCodecOutput('{"data":{"a":1},"warnings":["low",{"x":1}]}')).toEqual({
      ok: true,
      data: { a: 1 },
      warnings: ["low", '{"x":1}'],
    });
    expect(interpretCodecOutput('{"data":{},"errors":[]}')).toEqual({ ok: true, data: {}, warnings: [] });
  });

  it("fails when the codec reports errors", () => {
    expect(interpretCodecOutput('{"errors":["bad length","bad port"]}')).toEqual({
      ok: false,
      error: "Codec reported errors: bad length; bad port",
    });
  });

  it("explains results that are not { data: object }", () => {
    expect(interpretCodecOutput(null)).toMatchObject({ error: expect.stringMatching(/returned undefined$/) });
    expect(interpretCodecOutput("42")).toMatchObject({ error: expect.stringMatching(/returned a number$/) });
    expect(interpretCodecOutput("[1]")).toMatchObject({ error: expect.stringMatching(/returned an array$/) });
    expect(interpretCodecOutput("{}")).toMatchObject({ error: expect.stringMatching(/returned no data$/) });
    expect(interpretCodecOutput('{"data":[1]}')).toMatchObject({
      error: expect.stringMatching(/returned data as an array$/),
    });
  });
});
