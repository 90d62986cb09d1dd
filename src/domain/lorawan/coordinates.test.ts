import { describe, expect, it } from "vitest";
import { toCoordinates } from "./coordinates";

describe("toCoordinates", () => {
  it("keeps a plausible location", () => {
    expect(toCoordinates({ latitude: 51.50712, longitude: -0.12763 })).toEqual({ latitude: 51.50712, longitude: -0.12763 });
  });

  it("is null when there is no location", () => {
    expect(toCoordinates(undefined)).toBeNull();
    expect(toCoordinates({})).toBeNull();
  });

  it("restores a zero coordinate the encoder left out", () => {
    // A gateway on the Greenwich meridian.
    expect(toCoordinates({ latitude: 51.47793 })).toEqual({ latitude: 51.47793, longitude: 0 });
  });

  it.each([
    [{ latitude: 110.77143, longitude: -0.12763 }],
    [{ latitude: 51.50712, longitude: 1016.65851 }],
    [{ latitude: -90.5, longitude: 0 }],
  ])("drops an impossible location %o", (location) => {
    expect(toCoordinates(location)).toBeNull();
  });
});
