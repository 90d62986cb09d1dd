import { randomBytes } from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import { chirpstackUp } from "../../../test/network-server-samples";
import { normalizeChirpstackEvent } from "@/domain/lorawan";
import { IngestBatcher } from "./ingest-batcher";
import type { IngestItem, IngestOutcome } from "./store-events";

const item = (fCnt: number): IngestItem => ({
  event: normalizeChirpstackEvent("up", chirpstackUp({ devEui: randomBytes(8).toString("hex"), fCnt }), new Date()),
  connectionId: "connection",
});

/** Odd frame counters are "unclaimed", so each caller can check it got its own item's outcome. */
const outcomeOf = ({ event }: IngestItem): IngestOutcome => (event.fCnt! % 2 ? { status: "unclaimed" } : { status: "stored", suspended: false });

/** A store whose batches stay in flight until the test finishes them. */
function heldStore() {
  const calls: Array<{ items: readonly IngestItem[]; lane: number; finish(): void }> = [];
  const store = (items: readonly IngestItem[], lane: number) =>
    new Promise<IngestOutcome[]>((resolve) => calls.push({ items, lane, finish: () => resolve(items.map(outcomeOf)) }));
  return { calls, store };
}

describe("IngestBatcher lanes", () => {
  it("gives batches written at the same time different lanes from 0 to concurrency − 1", async () => {
    const { calls, store } = heldStore();
    const batcher = new IngestBatcher(store, { maxBatch: 1, concurrency: 3 });
    const outcomes = [0, 2, 4].map((fCnt) => batcher.submit(item(fCnt)));
    await vi.waitFor(() => expect(calls).toHaveLength(3));
    expect(calls.map((c) => c.lane).sort()).toEqual([0, 1, 2]);
    for (const call of calls) call.finish();
    expect(await Promise.all(outcomes)).toEqual(Array(3).fill({ status: "stored", suspended: false }));
  });

  it("holds a batch while every lane is busy and writes it on the lane that frees first", async () => {
    const { calls, store } = heldStore();
    const batcher = new IngestBatcher(store, { maxBatch: 1, maxWaitMs: 1, concurrency: 2 });
    const first = [batcher.submit(item(0)), batcher.submit(item(2))];
    await vi.waitFor(() => expect(calls).toHaveLength(2));
    const waiting = batcher.submit(item(4));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(calls).toHaveLength(2);

    const freed = calls[1]!;
    freed.finish();
    await vi.waitFor(() => expect(calls).toHaveLength(3));
    expect(calls[2]!.lane).toBe(freed.lane);
    expect(calls[2]!.items[0]!.event.fCnt).toBe(4);
    for (const call of calls) call.finish();
    await Promise.all([...first, waiting]);
  });
});

describe("IngestBatcher batches", () => {
  it("groups events submitted together into one batch, each caller getting its own outcome", async () => {
    const batches: number[] = [];
    const batcher = new IngestBatcher(async (items) => {
      batches.push(items.length);
      return items.map(outcomeOf);
    }, { maxWaitMs: 5 });
    const outcomes = await Promise.all([1, 2, 3].map((fCnt) => batcher.submit(item(fCnt))));
    expect(batches).toEqual([3]);
    expect(outcomes).toEqual([{ status: "unclaimed" }, { status: "stored", suspended: false }, { status: "unclaimed" }]);
  });

  it("splits more than maxBatch events into several batches, in order", async () => {
    const batches: number[][] = [];
    const batcher = new IngestBatcher(async (items) => {
      batches.push(items.map((i) => i.event.fCnt!));
      return items.map(outcomeOf);
    }, { maxBatch: 3, concurrency: 1 });
    const outcomes = await batcher.submitMany([0, 1, 2, 3, 4, 5, 6].map(item));
    expect(batches).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
    expect(outcomes.map((o) => o.status)).toEqual(["stored", "unclaimed", "stored", "unclaimed", "stored", "unclaimed", "stored"]);
  });

  it("retries a failed batch event by event on the same lane, so only the bad event fails", async () => {
    const calls: Array<{ fCnts: number[]; lane: number }> = [];
    const batcher = new IngestBatcher(
      async (items, lane) => {
        calls.push({ fCnts: items.map((i) => i.event.fCnt!), lane });
        if (items.some((i) => i.event.fCnt === 13)) throw new Error("frame 13 breaks the batch");
        return items.map(outcomeOf);
      },
      { maxWaitMs: 5, concurrency: 1 },
    );
    const results = await Promise.allSettled([12, 13, 14].map((fCnt) => batcher.submit(item(fCnt))));
    expect(results[0]).toEqual({ status: "fulfilled", value: { status: "stored", suspended: false } });
    expect(results[1]).toMatchObject({ status: "rejected", reason: { message: "frame 13 breaks the batch" } });
    expect(results[2]).toEqual({ status: "fulfilled", value: { status: "stored", suspended: false } });
    expect(calls).toEqual([
      { fCnts: [12, 13, 14], lane: 0 },
      { fCnts: [12], lane: 0 },
      { fCnts: [13], lane: 0 },
      { fCnts: [14], lane: 0 },
    ]);
    // The lane is free again afterwards.
    expect(await batcher.submit(item(16))).toEqual({ status: "stored", suspended: false });
  });

  it("fails a whole batch at once when the database is unavailable (one by one could not do better)", async () => {
    const calls: number[] = [];
    const away = Object.assign(new Error("Failed query"), { cause: { code: "ECONNREFUSED" } });
    const batcher = new IngestBatcher(async (items) => {
      calls.push(items.length);
      throw away;
    }, { maxWaitMs: 5, concurrency: 1 });
    const results = await Promise.allSettled([1, 2, 3].map((fCnt) => batcher.submit(item(fCnt))));
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected", "rejected"]);
    expect(calls).toEqual([3]);
  });
});
