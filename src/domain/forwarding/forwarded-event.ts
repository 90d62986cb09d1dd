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
