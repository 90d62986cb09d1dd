import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase } from "../../../test/database";
import type { Database } from "@/server/db";
import type { DatabaseHandle } from "@/server/db/client";
import { withLease } from "./job-lease";

let handle: DatabaseHandle;
let db: Database;
beforeAll(async () => {
  handle = await openTestDatabase();
  db = handle.db;
});
afterAll(() => handle.close());

describe("job leases", () => {
  it("lets one of two concurrent runs through, and frees the lease afterwards", async () => {
    let release!: () => void;
    let taken!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const leaseTaken = new Promise<void>((resolve) => (taken = resolve));
    const first = withLease(db, "test-lease", 60_000, () => {
      taken();
      return held;
    });
    // Once the first run holds the lease (not after a fixed delay, which a busy machine can outlast).
    await leaseTaken;
    expect(await withLease(db, "test-lease", 60_000, async () => {})).toBe(false);
    release();
    expect(await first).toBe(true);
    expect(await withLease(db, "test-lease", 60_000, async () => {})).toBe(true);
  });

  it("keeps the lease for a run longer than its time to live by renewing it", async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const long = withLease(db, "test-renewed", 300, () => held);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(await withLease(db, "test-renewed", 300, async () => {})).toBe(false);
    release();
    expect(await long).toBe(true);
  });

  it("takes over a lease whose holder died (expired)", async () => {
    await expect(withLease(db, "test-crash", 1, async () => { throw new Error("crashed"); })).rejects.toThrow("crashed");
    expect(await withLease(db, "test-crash", 60_000, async () => {})).toBe(true);
  });
});
