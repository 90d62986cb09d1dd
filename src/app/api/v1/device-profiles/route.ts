import { apiRoute } from "@/server/rest/api-route";

export const dynamic = "force-dynamic";

/** GET the device profiles (see src/server/rest/account-endpoints.ts and /api/v1/openapi.json). */
export const { GET, POST, PUT, PATCH, DELETE } = apiRoute("/device-profiles");
