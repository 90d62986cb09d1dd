import { RETRY_DELAYS_SECONDS, SIGNATURE_HEADER, SIGNATURE_TOLERANCE_SECONDS } from "@/domain/forwarding";

const retryHours = Math.round(RETRY_DELAYS_SECONDS.reduce((sum, s) => sum + s, 0) / 3600);

/** What a receiver gets and how it checks it: what a tenant's developer needs to build the other end. */
export function WebhookExplainer() {
  return (
    <div className="space-y-2 text-left text-sm text-slate-600">
      <p>
        Longreach sends each event from your devices to your endpoint as it arrives: an HTTPS <code>POST</code> with a JSON body holding the device (id, DevEUI,
        name), the kind of event, when it happened, the payload (base64), the decoded reading and the signal. You choose which kinds of event each endpoint
        gets.
      </p>
      <p>
        Every request is signed with the endpoint&apos;s secret, shown once when you add the endpoint. The <code>{SIGNATURE_HEADER}</code> header reads{" "}
        <code>t=&lt;unix time&gt;,v1=&lt;signature&gt;</code>, where the signature is the hex HMAC-SHA256 of <code>&lt;t&gt;.&lt;raw body&gt;</code> keyed with the
        secret. Compute it yourself, compare, and refuse requests whose time is more than {SIGNATURE_TOLERANCE_SECONDS / 60} minutes away from yours.
      </p>
      <p>
        Answer with any 2xx status (redirects are not followed). Otherwise Longreach tries again, waiting longer each time, for about {retryHours} hours; then the delivery is marked failed and
        you can send it again from here. A delivery can arrive more than once, so use its <code>deliveryId</code> to drop repeats.
      </p>
    </div>
  );
}
