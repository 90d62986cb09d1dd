import { describe, expect, it } from "vitest";
import { JOIN_CREDITS, messageCredits } from "./credits";

describe("messageCredits", () => {
  it.each([
    [0, 1], // an empty uplink is still a message
    [1, 1],
    [24, 1],
    [25, 2],
    [48, 2],
    [49, 3],
    [242, 11], // the largest LoRaWAN application payload
  ])("%i bytes cost %i credit(s)", (payloadBytes, credits) => {
    expect(messageCredits(payloadBytes)).toBe(credits);
  });

  it.each([-1, 1.5, Number.NaN])("rejects %f bytes", (payloadBytes) => {
    expect(() => messageCredits(payloadBytes)).toThrow(RangeError);
  });

  it("charges a join as one message", () => {
    expect(JOIN_CREDITS).toBe(1);
  });
});
