import type { ForwardedEvent } from "@/domain/forwarding/forwarded-event";
import type { ClaimedDelivery } from "./claim-deliveries";

/** What the tenant's system receives for a claimed delivery, built from the stored event. */
export function forwardedEventOf({ id, event, device }: ClaimedDelivery): ForwardedEvent {
  const radio = { spreadingFactor: event.spreadingFactor, bandwidthHz: event.bandwidthHz, frequencyHz: event.frequencyHz, airtimeMs: event.airtimeMs };
  return {
    deliveryId: id,
    eventId: event.id,
    kind: event.kind,
    occurredAt: event.occurredAt.toISOString(),
    receivedAt: event.receivedAt.toISOString(),
    device,
    fCnt: event.fCnt,
    fPort: event.fPort,
    payload: event.payload ? Buffer.from(event.payload).toString("base64") : null,
    decoded: event.decoded,
    decodeError: event.decodeError,
    radio: Object.values(radio).every((value) => value === null) ? null : radio,
    signal: { rssi: event.rssi, snr: event.snr, gateways: event.gatewayCount },
  };
}
