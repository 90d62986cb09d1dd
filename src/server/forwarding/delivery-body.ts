import type { ForwardedAlert, ForwardedEvent } from "@/domain/forwarding/forwarded-event";
import type { ClaimedAlert, ClaimedDelivery } from "./claim-deliveries";

/** What the tenant's system receives for a claimed delivery, built from the stored event or alert. */
export function forwardedEventOf({ id, event, alert, device }: ClaimedDelivery): ForwardedEvent | ForwardedAlert {
  if (alert) return forwardedAlertOf(id, alert, device);
  if (!event) throw new Error(`delivery ${id} carries neither an event nor an alert`);
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

/** The alert as it stood at the transition the delivery reports: a firing says nothing of a later clearing. */
function forwardedAlertOf(deliveryId: string, alert: ClaimedAlert, device: ClaimedDelivery["device"]): ForwardedAlert {
  const clearedAt = alert.state === "cleared" ? alert.clearedAt : null;
  return {
    deliveryId,
    kind: "alert",
    occurredAt: (clearedAt ?? alert.startedAt).toISOString(),
    device,
    alert: {
      id: alert.episodeId,
      state: alert.state,
      rule: alert.rule,
      startedAt: alert.startedAt.toISOString(),
      clearedAt: clearedAt?.toISOString() ?? null,
      value: alert.value,
      message: alert.message,
    },
  };
}
