import { serveApiRequest } from "@/server/rest/api-request";
import { deviceEventsEndpoint } from "@/server/rest/device-endpoints";

export const dynamic = "force-dynamic";

/** GET /api/v1/devices/{devEui}/events?limit=&cursor= — that device's events, newest first. */
export async function GET(req: Request, { params }: { params: Promise<{ devEui: string }> }) {
  const { devEui } = await params;
  return serveApiRequest(req, (db, key) => deviceEventsEndpoint(db, key, { devEui, query: new URL(req.url).searchParams }));
}

export { methodNotAllowed as POST, methodNotAllowed as PUT, methodNotAllowed as PATCH, methodNotAllowed as DELETE } from "@/server/rest/api-request";
