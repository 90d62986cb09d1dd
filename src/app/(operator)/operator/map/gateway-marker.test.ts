import { describe, expect, it } from "vitest";
import { markerSize, prospectHalo } from "./gateway-marker";

describe("a gateway's marker on the network map", () => {
  it("grows with traffic, by area", () => {
    expect([markerSize(0, 0), markerSize(0, 400), markerSize(100, 400), markerSize(400, 400)]).toEqual([14, 14, 29, 44]);
  });

  it("has a ring for the unclaimed DevEUIs around it, growing with their number, and none without any", () => {
    expect(prospectHalo(0, 9, 20)).toBeUndefined();
    expect(prospectHalo(0, 0, 20)).toBeUndefined();
    const sizes = [1, 4, 9].map((n) => prospectHalo(n, 9, 20)!.size);
    expect(sizes).toEqual([20 + 12 + 15, 20 + 12 + 29, 20 + 12 + 44]);
    // Always wider than the marker it surrounds, so it shows around the busiest gateway too.
    expect(prospectHalo(1, 1000, 44)!.size).toBeGreaterThan(44 + 12);
  });
});
