import { serveApiRequest } from "@/server/rest/api-request";
import { listDevicesEndpoint } from "@/server/rest/device-endpoints";

export const dynamic = "force-dynamic";

/** GET /api/v1/devices?search=&page=&pageSize= — the API key's organisation's devices, by name. */
export function GET(req: Request) {
  return serveApiRequest(req, (db, key) => listDevicesEndpoint(db, key, new URL(req.url).searchParams));
}

export { methodNotAllowed as POST, methodNotAllowed as PUT, methodNotAllowed as PATCH, methodNotAllowed as DELETE } from "@/server/rest/api-request";
