import { apiRoute } from "@/server/rest/api-route";

export const dynamic = "force-dynamic";

/** GET usage per hour or day, in total and per device (see src/server/rest/account-endpoints.ts and /api/v1/openapi.json). */
export const { GET, POST, PUT, PATCH, DELETE } = apiRoute("/usage");
