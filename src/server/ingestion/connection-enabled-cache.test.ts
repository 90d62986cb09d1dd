import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { openTestDatabase } from "../../../test/database";
import { createUser } from "../../../test/factories";
import { withPlatform } from "@/server/db";
import { createConnection, setConnectionDisabled } from "@/server/network/connections";
import { ConnectionEnabledCache, connectionEnabledInDatabase } from "./connection-enabled-cache";

/** A cache over scripted answers (a value, or an Error to throw), with a clock the test moves. */
function scripted(answers: (boolean | Error)[]) {
  const clock = { now: 0 };
  const errors: string[] = [];
  let reads = 0;
  const cache = new ConnectionEnabledCache(
    async () => {
      const answer = answers[reads++];
      if (answer === undefined) throw new Error("the test did not script this read");
      if (answer instanceof Error) throw answer;
      return answer;
    },
    { ttlMs: 30_000, now: () => clock.now, logError: (message) => errors.push(message) },
  );
  return { cache, clock, errors, reads: () => reads };
}

describe("ConnectionEnabledCache", () => {
  it("reads the state at most once per TTL", async () => {
    const { cache, clock, reads } = scripted([true, false]);
    expect(await cache.enabled()).toBe(true);
    clock.now = 29_999;
    expect(await cache.enabled()).toBe(true);
    expect(reads()).toBe(1);
    clock.now = 30_000;
    expect(await cache.enabled()).toBe(false);
    expect(await cache.enabled()).toBe(false);
    expect(reads()).toBe(2);
  });

  it("shares one read between callers that ask while it is under way", async () => {
    const { cache, reads } = scripted([false]);
    expect(await Promise.all([cache.enabled(), cache.enabled(), cache.enabled()])).toEqual([false, false, false]);
    expect(reads()).toBe(1);
  });

  it("keeps the last known state when a read fails, logs it, and reads again only after the TTL", async () => {
    const { cache, clock, errors, reads } = scripted([false, new Error("connection terminated unexpectedly"), true]);
    expect(await cache.enabled()).toBe(false);
    clock.now = 30_000;
    expect(await cache.enabled()).toBe(false);
    expect(errors).toEqual(["could not read whether the network connection is enabled; keeping the last known state (disabled) for 30 s"]);
    clock.now = 59_999;
    expect(await cache.enabled()).toBe(false);
    expect(reads()).toBe(2);
    clock.now = 60_000;
    expect(await cache.enabled()).toBe(true);
    expect(errors).toHaveLength(1);
  });

  it("takes the connection as enabled when the first read fails, so events are not refused for a database hiccup", async () => {
    const { cache, clock, errors } = scripted([new Error("ECONNREFUSED"), false]);
    expect(await cache.enabled()).toBe(true);
    expect(errors).toEqual(["could not read whether the network connection is enabled; taking it as enabled for 30 s"]);
    clock.now = 30_000;
    expect(await cache.enabled()).toBe(false);
  });
});

describe("connectionEnabledInDatabase", () => {
  it("follows the connection's disabled flag; a connection that does not exist counts as disabled", async () => {
    const handle = await openTestDatabase();
    try {
      const db = handle.db;
      const operator = await createUser(db, { platformRole: "operator" });
      const actor = { userId: operator.id, email: operator.email };
      const { id } = await withPlatform(db, (tx) => createConnection(tx, actor, { name: `cache ${randomUUID().slice(0, 8)}`, kind: "chirpstack" }));
      // TTL 0: every call reads, so each change is seen at once.
      const cache = connectionEnabledInDatabase(db, id, { ttlMs: 0 });
      expect(await cache.enabled()).toBe(true);
      await withPlatform(db, (tx) => setConnectionDisabled(tx, actor, id, true));
      expect(await cache.enabled()).toBe(false);
      await withPlatform(db, (tx) => setConnectionDisabled(tx, actor, id, false));
      expect(await cache.enabled()).toBe(true);
      expect(await connectionEnabledInDatabase(db, randomUUID(), { ttlMs: 0 }).enabled()).toBe(false);
    } finally {
      await handle.close();
    }
  });
});
