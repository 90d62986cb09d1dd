import { describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "./password";
import { hashLinkToken, newLinkToken } from "./tokens";

describe("password hashing", () => {
  it("never stores the password and verifies only the right one", async () => {
    const hash = await hashPassword("correct horse battery");
    expect(hash).not.toContain("correct horse");
    expect(hash.startsWith("scrypt$32768$8$1$")).toBe(true);
    expect(await verifyPassword("correct horse battery", hash)).toBe(true);
    expect(await verifyPassword("correct horse batterz", hash)).toBe(false);
  });

  it("salts every hash", async () => {
    expect(await hashPassword("same password")).not.toBe(await hashPassword("same password"));
  });

  it("rejects malformed stored hashes instead of throwing", async () => {
    expect(await verifyPassword("x", "plain-text")).toBe(false);
  });
});

describe("link tokens", () => {
  it("stores only a hash that matches the token", () => {
    const { token, tokenHash } = newLinkToken();
    expect(token.length).toBeGreaterThanOrEqual(43);
    expect(tokenHash).toBe(hashLinkToken(token));
    expect(tokenHash).not.toContain(token);
  });
});
