import { describe, expect, it } from "vitest";
import { defaultProfile } from "./default-profile";

const p = (name: string, devices: number) => ({ id: `id-${name}`, name, devices });

describe("defaultProfile", () => {
  it("is the only profile, even before any device uses it", () => {
    expect(defaultProfile([p("Bins", 0)])).toEqual(p("Bins", 0));
  });

  it("is the profile most of the tenant's devices use", () => {
    expect(defaultProfile([p("Air", 2), p("Bins", 9), p("Parking", 4)])?.name).toBe("Bins");
  });

  it("is none without profiles, when several are unused, or when the most used ones tie", () => {
    expect(defaultProfile([])).toBeNull();
    expect(defaultProfile([p("Air", 0), p("Bins", 0)])).toBeNull();
    expect(defaultProfile([p("Air", 3), p("Bins", 3), p("Parking", 1)])).toBeNull();
  });
});
