import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/ui/page-header";
import { env } from "@/env";
import { apiBaseUrl } from "@/server/rest/api-base-url";
import { openApiDocument } from "@/server/rest/openapi-document";
import { ApiReference } from "./api-reference";

export const metadata: Metadata = { title: "API documentation" };

/**
 * The REST API's reference, rendered from the same OpenAPI document /api/v1/openapi.json serves, with
 * this installation's address as the server, so examples and "try it" calls go to the right place.
 * The document is handed over with the page: the reference fetches nothing.
 */
export default async function ApiDocsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const baseUrl = apiBaseUrl(env.APP_URL);
  return (
    <>
      <PageHeader
        title="API documentation"
        description={
          <>
            Your systems call <code className="break-all font-mono text-slate-800" data-testid="api-base-url">{baseUrl}</code> with an API key from{" "}
            <Link href={`/t/${slug}/integrations`} className="font-medium text-teal-700 hover:underline">
              Integrations
            </Link>
            . The machine-readable document is at <a href={`${baseUrl}/openapi.json`} className="font-medium text-teal-700 hover:underline">{baseUrl}/openapi.json</a>.
          </>
        }
      />
      <ApiReference document={openApiDocument(baseUrl)} />
    </>
  );
}
