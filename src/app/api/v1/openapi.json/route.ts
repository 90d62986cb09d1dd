import { env } from "@/env";
import { apiBaseUrl } from "@/server/rest/api-base-url";
import { openApiDocument } from "@/server/rest/openapi-document";

export const dynamic = "force-dynamic";

/** The REST API's OpenAPI 3.1 document. Public: it describes the API and holds no one's data. */
export function GET() {
  return Response.json(openApiDocument(apiBaseUrl(env.APP_URL)), { headers: { "Cache-Control": "public, max-age=300", "Access-Control-Allow-Origin": "*" } });
}
