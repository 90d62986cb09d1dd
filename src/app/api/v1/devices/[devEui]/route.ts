import { apiRoute } from "@/server/rest/api-route";

export const dynamic = "force-dynamic";

/** GET, PATCH, DELETE one device (see src/server/rest/device-endpoints.ts and /api/v1/openapi.json). */
export const { GET, POST, PUT, PATCH, DELETE } = apiRoute("/devices/{devEui}");
