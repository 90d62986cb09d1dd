import { z } from "zod";
import { LorawanInputError, parseEui } from "@/domain/lorawan";
import { search } from "@/server/api/inputs";
import type { Database } from "@/server/db";
import { deviceHistory } from "@/server/devices/device-events";
import { deviceIdByEui, getDevice, listDevices } from "@/server/devices/device-queries";
import type { ApiKeyPrincipal } from "./api-key-authentication";
import { deviceDetail, deviceListItem } from "./device-resources";
import { encodeHistoryCursor, historyCursorParameter } from "./history-cursor";
import { parseQuery, wholeNumber } from "./query-parameters";
import { restError, type RestReply } from "./rest-reply";
import { readAsTenant } from "./tenant-read";

/** One function per endpoint, free of Next.js, so each can be tested with a database and a key alone. */

const listQuery = z.object({ search, page: wholeNumber({ min: 1, max: 10_000, fallback: 1 }), pageSize: wholeNumber({ min: 1, max: 100, fallback: 50 }) });
const eventsQuery = z.object({ limit: wholeNumber({ min: 1, max: 100, fallback: 50 }), cursor: historyCursorParameter });

/** GET /api/v1/devices: ordered by name (then id), which stays put between pages, unlike last seen. */
export async function listDevicesEndpoint(db: Database, key: ApiKeyPrincipal, query: URLSearchParams): Promise<RestReply> {
  const parsed = parseQuery(listQuery, query);
  if ("refusal" in parsed) return parsed.refusal;
  const { search, page, pageSize } = parsed.value;
  return readAsTenant(db, key, async (tx) => {
    const { rows, total } = await listDevices(tx, key.tenantId, { search, sort: "name", page, pageSize });
    return { devices: rows.map(deviceListItem), page, pageSize, total };
  });
}

/** GET /api/v1/devices/{devEui} */
export async function deviceEndpoint(db: Database, key: ApiKeyPrincipal, input: { devEui: string }): Promise<RestReply> {
  const devEui = parseDevEui(input.devEui);
  if (typeof devEui !== "string") return devEui.refusal;
  return readAsTenant(db, key, async (tx) => ({ device: deviceDetail(await getDevice(tx, key.tenantId, await deviceIdByEui(tx, key.tenantId, devEui))) }));
}

/** GET /api/v1/devices/{devEui}/events: newest first; `nextCursor` is null on the last page. */
export async function deviceEventsEndpoint(db: Database, key: ApiKeyPrincipal, input: { devEui: string; query: URLSearchParams }): Promise<RestReply> {
  const devEui = parseDevEui(input.devEui);
  if (typeof devEui !== "string") return devEui.refusal;
  const parsed = parseQuery(eventsQuery, input.query);
  if ("refusal" in parsed) return parsed.refusal;
  return readAsTenant(db, key, async (tx) => {
    const history = await deviceHistory(tx, key.tenantId, await deviceIdByEui(tx, key.tenantId, devEui), parsed.value);
    return { events: history.events, nextCursor: history.nextCursor && encodeHistoryCursor(history.nextCursor) };
  });
}

/** The path's DevEUI however it is written ("70-B3-D5-…", "70b3d5…", "0x70B3…"), as stored: lowercase hex. */
function parseDevEui(text: string): string | { refusal: RestReply } {
  try {
    return parseEui(text, "DevEUI");
  } catch (error) {
    if (error instanceof LorawanInputError) return { refusal: restError(400, `${error.message}.`) };
    throw error;
  }
}
