import { describe, expect, it } from "vitest";
import { parseChirpstackTopic } from "./chirpstack-topic";

describe("parseChirpstackTopic", () => {
  it("splits a device event topic", () => {
    expect(
      parseChirpstackTopic("application/17c82e96-be03-4f38-aef3-f83d48582d97/device/a84041000181c96b/event/up"),
    ).toEqual({ applicationId: "17c82e96-be03-4f38-aef3-f83d48582d97", devEui: "a84041000181c96b", eventType: "up" });
  });

  it("normalises the DevEUI", () => {
    expect(parseChirpstackTopic("application/app/device/A84041000181C96B/event/txack")?.devEui).toBe(
      "a84041000181c96b",
    );
  });

  it("leaves judging the event type to the normaliser", () => {
    expect(parseChirpstackTopic("application/app/device/a84041000181c96b/event/integration")?.eventType).toBe(
      "integration",
    );
  });

  it.each([
    "application/app/device/a84041000181c96b/command/down",
    "eu868/gateway/0016c001ff1a2b3c/event/up",
    "application/app/device/a84041000181c96b/event/up/extra",
    "application//device/a84041000181c96b/event/up",
    "application/app/device/not-an-eui/event/up",
    "",
  ])("returns null for %j", (topic) => {
    expect(parseChirpstackTopic(topic)).toBeNull();
  });
});
