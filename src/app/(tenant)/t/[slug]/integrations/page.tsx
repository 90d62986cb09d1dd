import type { Metadata } from "next";
import { ForwarderList } from "./forwarder-list";
import { WebhookExplainer } from "./webhook-explainer";

export const metadata: Metadata = { title: "Integrations" };

/** Rendered on the server so the explainer can quote the signing constants (their module is Node-only). */
export default function IntegrationsPage() {
  return <ForwarderList explainer={<WebhookExplainer />} />;
}
