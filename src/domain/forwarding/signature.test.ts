import { describe, expect, it } from "vitest";
import { newSigningSecret, SIGNATURE_TOLERANCE_SECONDS, signDelivery, verifyDeliverySignature } from "./signature";

const secret = "lrsec_test-secret";
const body = JSON.stringify({ deliveryId: "42", kind: "uplink" });
const t = 1_800_000_000;

describe("signDelivery / verifyDeliverySignature", () => {
  it("verifies its own signature of the same body with the same secret", () => {
    const header = signDelivery(secret, body, t);
    expect(header).toMatch(/^t=1800000000,v1=[0-9a-f]{64}$/);
    expect(verifyDeliverySignature(secret, body, header, t)).toBe(true);
  });

  it("refuses a changed body, another secret, or a changed timestamp", () => {
    const header = signDelivery(secret, body, t);
    expect(verifyDeliverySignature(secret, body.replace("42", "43"), header, t)).toBe(false);
    expect(verifyDeliverySignature(`${secret}x`, body, header, t)).toBe(false);
    // Moving the timestamp (to get past the tolerance) breaks the HMAC, which covers it.
    expect(verifyDeliverySignature(secret, body, header.replace(`t=${t}`, `t=${t + 1}`), t)).toBe(false);
  });

  it("accepts a signature within the tolerance either side, and refuses an older or newer one (replays)", () => {
    const header = signDelivery(secret, body, t);
    expect(verifyDeliverySignature(secret, body, header, t + SIGNATURE_TOLERANCE_SECONDS)).toBe(true);
    expect(verifyDeliverySignature(secret, body, header, t - SIGNATURE_TOLERANCE_SECONDS)).toBe(true);
    expect(verifyDeliverySignature(secret, body, header, t + SIGNATURE_TOLERANCE_SECONDS + 1)).toBe(false);
    expect(verifyDeliverySignature(secret, body, header, t - SIGNATURE_TOLERANCE_SECONDS - 1)).toBe(false);
  });

  it("refuses malformed headers without throwing", () => {
    const v1 = signDelivery(secret, body, t).split("v1=")[1]!;
    for (const header of ["", "garbage", `v1=${v1}`, `t=${t}`, `t=abc,v1=${v1}`, `t=${t},v1=${v1.slice(0, 10)}`, `t=${t},v1=zz`]) {
      expect(verifyDeliverySignature(secret, body, header, t), header).toBe(false);
    }
  });
});

describe("newSigningSecret", () => {
  it("makes a different, recognisable secret every time", () => {
    const a = newSigningSecret();
    expect(a).toMatch(/^lrsec_[A-Za-z0-9_-]{32}$/);
    expect(newSigningSecret()).not.toBe(a);
  });
});
