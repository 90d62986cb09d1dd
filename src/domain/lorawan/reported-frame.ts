import { phyPayloadBytes } from "./frame-size";
import type { NetworkEvent } from "./network-event";

export type ReportedFrame = Pick<NetworkEvent, "payload" | "payloadBytes" | "fPort" | "phyBytes">;

/**
 * A data frame as a network server reports it. Neither server says how many
 * bytes of MAC commands rode in FOpts, so `phyBytes` leaves them out.
 * Protobuf cannot tell "no FPort" from port 0: a frame with a payload and no
 * port is on port 0, and one without a payload reporting port 0 has no FPort.
 */
export function reportedFrame(data: Uint8Array | undefined, fPort: number | undefined): ReportedFrame {
  const payload = data !== undefined && data.length > 0 ? data : null;
  const payloadBytes = payload?.length ?? 0;
  const port = payloadBytes > 0 ? (fPort ?? 0) : fPort !== undefined && fPort > 0 ? fPort : null;
  return { payload, payloadBytes, fPort: port, phyBytes: phyPayloadBytes({ payloadBytes, hasFPort: port !== null }) };
}
