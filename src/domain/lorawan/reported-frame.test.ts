import { describe, expect, it } from "vitest";
import { reportedFrame } from "./reported-frame";

const bytes = (length: number) => new Uint8Array(length).fill(0xab);

describe("reportedFrame", () => {
  it("sizes a frame with a port and payload", () => {
    expect(reportedFrame(bytes(11), 2)).toEqual({ payload: bytes(11), payloadBytes: 11, fPort: 2, phyBytes: 24 });
  });

  it("keeps a port reported for an empty frame", () => {
    expect(reportedFrame(undefined, 2)).toEqual({ payload: null, payloadBytes: 0, fPort: 2, phyBytes: 13 });
  });

  it("restores port 0 that protobuf JSON left out of a frame with a payload", () => {
    expect(reportedFrame(bytes(5), undefined)).toMatchObject({ fPort: 0, phyBytes: 18 });
  });

  it("treats an empty frame without a port, or with port 0, as having no FPort", () => {
    const noFPort = { payload: null, payloadBytes: 0, fPort: null, phyBytes: 12 };
    expect(reportedFrame(undefined, undefined)).toEqual(noFPort);
    expect(reportedFrame(new Uint8Array(0), 0)).toEqual(noFPort);
  });
});
