import { randomUUID } from "node:crypto";
import { normalizeChirpstackEvent } from "@/domain/lorawan";
import type { Database } from "@/server/db";
import { decodeWith } from "@/server/ingestion/decode-uplinks";
import { storeEvents } from "@/server/ingestion/store-events";
import { chirpstackUp } from "./network-server-samples";

const noCodecs = decodeWith({ decodeUplink: async () => ({ ok: false, error: "no codec in tests" }) });

/**
 * Sends uplinks through the real normaliser and storage path (what ingestion does after HTTP), so
 * billing tests meter traffic exactly as production does. `payloadBytes` sizes drive the credits.
 */
export async function sendUplinks(db: Database, connectionId: string, devEui: string, at: Date, payloadSizes: number[], gateways?: string[]) {
  const items = payloadSizes.map((size, i) => {
    const time = new Date(at.getTime() + i * 60_000);
    const body = chirpstackUp({ devEui, fCnt: i, time: time.toISOString(), data: Buffer.alloc(size, 7).toString("base64"), deduplicationId: randomUUID(), gateways });
    return { connectionId, event: normalizeChirpstackEvent("up", body, time) };
  });
  return storeEvents(db, items, { decode: noCodecs });
}
