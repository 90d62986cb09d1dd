import type { Metadata } from "next";
import { env } from "@/env";
import { ApiKeyList } from "./api-key-list";
import { ForwarderList } from "./forwarder-list";
import { WebhookExplainer } from "./webhook-explainer";

export const metadata: Metadata = { title: "Integrations" };

/** Rendered on the server so the explainers can quote the signing constants (their module is Node-only) and this site's address. */
export default function IntegrationsPage() {
  return (
    <>
      <ForwarderList explainer={<WebhookExplainer />} />
      <ApiKeyList apiUrl={`${env.APP_URL.replace(/\/+$/, "")}/api/v1`} />
    </>
  );
}
