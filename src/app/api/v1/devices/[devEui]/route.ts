import { serveApiRequest } from "@/server/rest/api-request";
import { deviceEndpoint } from "@/server/rest/device-endpoints";

export const dynamic = "force-dynamic";

/** GET /api/v1/devices/{devEui} — one device of the API key's organisation. */
export async function GET(req: Request, { params }: { params: Promise<{ devEui: string }> }) {
  const { devEui } = await params;
  return serveApiRequest(req, (db, key) => deviceEndpoint(db, key, { devEui }));
}

export { methodNotAllowed as POST, methodNotAllowed as PUT, methodNotAllowed as PATCH, methodNotAllowed as DELETE } from "@/server/rest/api-request";
