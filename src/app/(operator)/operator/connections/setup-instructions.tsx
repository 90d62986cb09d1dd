import { CopyButton } from "@/components/ui/copy-button";

export type ConnectionKind = "chirpstack" | "tts";

export const kindNames: Record<ConnectionKind, string> = { chirpstack: "ChirpStack v4", tts: "The Things Stack" };

function Copyable({ label, value }: { label: string; value: string }) {
  return (
    <div className="mt-1 flex flex-wrap items-center gap-2">
      <code aria-label={label} className="break-all rounded bg-slate-100 px-2 py-1 font-mono text-xs text-slate-900">{value}</code>
      <CopyButton text={value} label={`Copy ${label.toLowerCase()}`} />
    </div>
  );
}

/**
 * The Authorization header to paste. Without the secret (it is shown only once, when the connection is
 * created or its secret rotated) there is nothing worth copying, so it says where to get one instead.
 */
function AuthorizationValue({ secret }: { secret?: string }) {
  if (secret) return <Copyable label="Authorization header value" value={`Bearer ${secret}`} />;
  return (
    <p className="mt-1 text-slate-600">
      <code className="rounded bg-slate-100 px-2 py-1 font-mono text-xs text-slate-900">Bearer</code> followed by a space and the connection&apos;s secret.
      The secret is shown only once, when the connection is created; if it is no longer at hand, use <strong>Rotate secret</strong> on the connection above to
      get a new one (the old one stops working).
    </p>
  );
}

/**
 * How to point a network server at Longreach. With `secret`, the values are the real ones to paste;
 * without, the secret's place is explained (it is only ever shown once).
 */
export function SetupInstructions({ kind, endpointUrl, secret, connectionId }: { kind: ConnectionKind; endpointUrl: string; secret?: string; connectionId?: string }) {
  return (
    <div className="space-y-4 text-sm text-slate-700">
      {kind === "chirpstack" ? (
        <ol className="list-decimal space-y-3 pl-5">
          <li>In ChirpStack, open the tenant and application whose devices should report here, then <strong>Integrations → HTTP</strong>.</li>
          <li>Set <strong>Payload encoding</strong> to <strong>JSON</strong>.</li>
          <li>
            Set <strong>Event endpoint URL(s)</strong> to
            <Copyable label="Endpoint URL" value={endpointUrl} />
            <span className="mt-1 block text-xs text-slate-500">ChirpStack adds <code>?event=up</code>, <code>?event=join</code>… itself.</span>
          </li>
          <li>
            Under <strong>Headers</strong>, add <code>Authorization</code> with the value
            <AuthorizationValue secret={secret} />
          </li>
          <li>Save. Events start arriving with the next uplink; &ldquo;Last event&rdquo; in the list of connections shows when the first one lands.</li>
        </ol>
      ) : (
        <ol className="list-decimal space-y-3 pl-5">
          <li>In The Things Stack console, open the application, then <strong>Integrations → Webhooks → Add webhook → Custom webhook</strong>.</li>
          <li>Give it an id (e.g. <code>longreach</code>) and set <strong>Webhook format</strong> to <strong>JSON</strong>.</li>
          <li>
            Set <strong>Base URL</strong> to
            <Copyable label="Base URL" value={endpointUrl} />
          </li>
          <li>
            Under <strong>Additional headers</strong>, add <code>Authorization</code> with the value
            <AuthorizationValue secret={secret} />
          </li>
          <li>
            Enable these event types, leaving each path empty (every type goes to the base URL): <strong>Uplink message</strong>, <strong>Join accept</strong>,{" "}
            <strong>Downlink ack</strong>, <strong>Downlink sent</strong>, <strong>Downlink failed</strong>, <strong>Location solved</strong>, <strong>Service data</strong>.
          </li>
          <li>Save. &ldquo;Last event&rdquo; in the list of connections shows when the first event lands.</li>
        </ol>
      )}
      {kind === "chirpstack" && (
        <div className="rounded-md bg-slate-50 px-3 py-2 text-xs text-slate-600 ring-1 ring-inset ring-slate-200">
          <p>
            <strong>Alternative: MQTT.</strong> Instead of ChirpStack pushing over HTTP, a Longreach worker can subscribe to ChirpStack&apos;s MQTT broker. Run{" "}
            <code>npm run worker</code> next to the web server with <code>DATABASE_URL</code> (the web server&apos;s PostgreSQL), <code>MQTT_URL</code> (e.g.{" "}
            <code>mqtt://chirpstack.example:1883</code>, with <code>MQTT_USERNAME</code> and <code>MQTT_PASSWORD</code> if needed) and{" "}
            <code>MQTT_CONNECTION_ID</code> set to this connection&apos;s id:
          </p>
          {connectionId ? <Copyable label="Connection id" value={connectionId} /> : <p className="mt-1">(shown under each connection&apos;s name in the list)</p>}
        </div>
      )}
    </div>
  );
}
