import type { Metadata } from "next";
import { env } from "@/env";
import { apiBaseUrl } from "@/server/rest/api-base-url";
import { ApiKeyList } from "./api-key-list";
import { ForwarderList } from "./forwarder-list";
import { WebhookExplainer } from "./webhook-explainer";

export const metadata: Metadata = { title: "Integrations" };

/** Rendered on the server so the explainers can quote the signing constants (their module is Node-only) and this site's address. */
export default async function IntegrationsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  return (
    <>
      <ForwarderList explainer={<WebhookExplainer />} />
      <ApiKeyList apiUrl={apiBaseUrl(env.APP_URL)} docsHref={`/t/${slug}/integrations/api-docs`} />
    </>
  );
}
