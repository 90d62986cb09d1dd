import { randomBytes, randomUUID } from "node:crypto";
import { normalizeChirpstackEvent, type NetworkEvent } from "@/domain/lorawan";
import { withPlatform, type Database } from "@/server/db";
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
 * is the only traffic in its 48-hour window, even in a database other test files share.
 */
export function historicalNow() {
  const hours = Math.floor(Math.random() * 80_000);
  return new Date(Date.UTC(2001, 0, 1) + hours * HOUR_MS + 30 * 60_000);
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
