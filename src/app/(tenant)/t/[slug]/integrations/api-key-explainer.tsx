import Link from "next/link";

/** How a tenant's machines use a key: what their developer needs to make the first call. */
export function ApiKeyExplainer({ apiUrl, docsHref }: { apiUrl: string; docsHref: string }) {
  return (
    <div className="space-y-2 text-sm text-slate-600">
      <p>
        Your own systems can read your devices, their events, your usage and invoices at <code className="break-all">{apiUrl}/…</code>, and with a read-and-write key
        register, change and delete devices, sending the key in the header <code>Authorization: Bearer &lt;key&gt;</code>.{" "}
        <Link href={docsHref} className="font-medium text-teal-700 hover:underline">
          Read the API documentation
        </Link>
        .
      </p>
      <p>Give each system its own key, with only the access it needs, so you can revoke one without stopping the others. A revoked or expired key stops working at once.</p>
    </div>
  );
}
