/** How a tenant's machines use a key: what their developer needs to make the first call. */
export function ApiKeyExplainer({ apiUrl }: { apiUrl: string }) {
  return (
    <div className="space-y-2 text-sm text-slate-600">
      <p>
        Your own systems can fetch your devices and their events from <code className="break-all">{apiUrl}/…</code>, sending a key in the header{" "}
        <code>Authorization: Bearer &lt;key&gt;</code>. Keys can only read: devices are added and changed here, in the portal.
      </p>
      <p>Give each system its own key, so you can revoke one without stopping the others. A revoked key stops working at once.</p>
    </div>
  );
}
