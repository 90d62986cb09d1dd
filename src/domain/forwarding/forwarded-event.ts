/** The JSON body of a delivery: one stored event of one device, as tenants' systems receive it. */
export interface ForwardedEvent {
  /** The delivery's id: the same on every retry of it, so receivers can drop a repeat. */
  deliveryId: string;
  /** The stored event's id within the tenant. */
  eventId: string;
  kind: string;
  occurredAt: string;
  receivedAt: string;
  /** DevEUI and name are null when the device was deleted after the event was stored. */
  device: { id: string; devEui: string | null; name: string | null };
  fCnt: number | null;
  fPort: number | null;
  /** The application payload, base64; null when there is none. */
  payload: string | null;
  /** What the device's codec (or the network server) decoded; null when nothing did. */
  decoded: Record<string, unknown> | null;
  decodeError: string | null;
  radio: { spreadingFactor: number | null; bandwidthHz: number | null; frequencyHz: number | null; airtimeMs: number | null } | null;
  signal: { rssi: number | null; snr: number | null; gateways: number };
  /** Present when the event was sent only to check the endpoint from the portal. */
  test?: true;
}

/**
 * The JSON body of an alert delivery: one of the tenant's alerts fired (its condition began to hold) or
 * cleared (it ended). Sent to forwarders that take `alert` events; the same delivery id on every retry.
 */
export interface ForwardedAlert {
  deliveryId: string;
  kind: "alert";
  /** When it fired, or when it cleared. */
  occurredAt: string;
  device: { id: string; devEui: string | null; name: string | null };
  alert: {
    id: string;
    state: "fired" | "cleared";
    rule: { id: string; name: string; kind: string };
    startedAt: string;
    clearedAt: string | null;
    /** What was seen when it fired: hours silent, battery %, or the field's value. */
    value: number | null;
    message: string;
  };
}
