import { randomBytes, randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { normalizeChirpstackEvent, type NetworkEvent } from "@/domain/lorawan";
import { withPlatform, type Database } from "@/server/db";
import { resultRows } from "@/server/db/result-rows";
import { devices } from "@/server/db/schema";
import { decodeWith } from "@/server/ingestion/decode-uplinks";
import { storeEvents } from "@/server/ingestion/store-events";
import { createConnection } from "@/server/network/connections";
import { createUser } from "./factories";
import { chirpstackUp } from "./network-server-samples";

import { randomEui } from "./device-fixtures";

export { randomEui };

/** A random 8-hex-digit prefix: unique per test run, so searches by it see only this run's data. */
export const randomPrefix = () => randomBytes(4).toString("hex");

const HOUR_MS = 3_600_000;

/** `minutes` before `now`, as a Date. */
export const minutesBefore = (now: Date, minutes: number) => new Date(now.getTime() - minutes * 60_000);

/**
 * A "now" half past an hour somewhere in 2001–2010, different on every run: traffic placed around it
 * is, most likely, the only traffic in its 48-hour window, even in a database other test files share.
 * Checks of figures that add up every tenant's traffic want certainty: exclusiveHistoricalNow.
 */
export function historicalNow() {
  const hours = Math.floor(Math.random() * 80_000);
  return new Date(Date.UTC(2001, 0, 1) + hours * HOUR_MS + 30 * 60_000);
}

/** Hours each exclusiveHistoricalNow window spans: more than any test places traffic around its "now". */
const EXCLUSIVE_WINDOW_HOURS = 200;

/**
 * A "now" in the twentieth century, in a 200-hour window no other caller in this database is given
 * (the windows are numbered by a sequence the test setup creates) and no historicalNow reaches, so
 * platform-wide figures (network overview, unclaimed DevEUIs) are exact while other test files write.
 */
export async function exclusiveHistoricalNow(db: Database) {
  const [row] = resultRows<{ window: string }>(await db.execute(sql`select nextval('test_exclusive_windows') as window`));
  const windowIndex = Number(row!.window) % Math.floor((100 * 365 * 24) / EXCLUSIVE_WINDOW_HOURS);
  return new Date(Date.UTC(1901, 0, 1) + (windowIndex * EXCLUSIVE_WINDOW_HOURS + EXCLUSIVE_WINDOW_HOURS / 2) * HOUR_MS + 30 * 60_000);
}

/**
 * A ChirpStack uplink dated `at`, normalised as ingestion would on receiving it at `receivedAt`
 * (default: at once). Same deduplicationId = same event (a retry).
 */
export function uplink(opts: { devEui: string; at: Date; receivedAt?: Date; gateways?: string[]; deduplicationId?: string; gatewayLocation?: { latitude: number; longitude: number } | null }): NetworkEvent {
  const { receivedAt, at, ...body } = opts;
  return normalizeChirpstackEvent("up", chirpstackUp({ ...body, time: at.toISOString() }), receivedAt ?? at);
}

export function join(opts: { devEui: string; at: Date }): NetworkEvent {
  const { deviceInfo } = chirpstackUp({ devEui: opts.devEui });
  return normalizeChirpstackEvent("join", { deduplicationId: randomUUID(), time: opts.at.toISOString(), deviceInfo, devAddr: "01020304" }, opts.at);
}

const noCodecs = decodeWith({
  decodeUplink: () => {
    throw new Error("no codec expected in these tests");
  },
});

/** Stores events through the real ingestion write path, one batch per call. */
export function ingest(db: Database, connectionId: string, events: NetworkEvent[]) {
  return storeEvents(db, events.map((event) => ({ event, connectionId })), { decode: noCodecs });
}

export async function registerDevice(db: Database, tenantId: string, devEui = randomEui()) {
  const [device] = await withPlatform(db, (tx) => tx.insert(devices).values({ tenantId, devEui, name: "sensor", activation: "otaa" }).returning());
  return device!;
}

/** A ChirpStack and a The Things Stack connection, as an operator creates them, with their one-time secrets. */
export async function createIngestionConnections(db: Database) {
  const operator = await createUser(db, { platformRole: "operator" });
  const actor = { userId: operator.id, email: operator.email };
  const create = (name: string, kind: "chirpstack" | "tts") => withPlatform(db, (tx) => createConnection(tx, actor, { name, kind, ratePerSecond: 10_000 }));
  return { chirpstackSecret: (await create("ChirpStack", "chirpstack")).secret, ttsSecret: (await create("TTS", "tts")).secret };
}
