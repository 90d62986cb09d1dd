// Sizes of LoRaWAN 1.0.x / 1.1 PHYPayload parts, in bytes.
export const MHDR_BYTES = 1;
/** DevAddr (4) + FCtrl (1) + FCnt (2), before any FOpts. */
export const FHDR_BYTES = 7;
export const MAX_FOPTS_BYTES = 15;
export const FPORT_BYTES = 1;
export const MIC_BYTES = 4;

/** MHDR + JoinEUI (8) + DevEUI (8) + DevNonce (2) + MIC. */
export const JOIN_REQUEST_BYTES = 23;
/** MHDR + JoinNonce (3) + NetID (3) + DevAddr (4) + DLSettings (1) + RxDelay (1) + MIC. */
export const JOIN_ACCEPT_BYTES = 17;
/** A join-accept that also carries the 16-byte CFList of extra channels. */
export const JOIN_ACCEPT_WITH_CFLIST_BYTES = 33;

export interface DataFrameContents {
  /** FRMPayload length: the application payload. */
  payloadBytes: number;
  /** MAC commands piggybacked in the header, 0 to 15 bytes. */
  fOptsBytes?: number;
  /** A frame with no FRMPayload may leave out FPort. */
  hasFPort: boolean;
}

/** Size of a data frame on air: MHDR + FHDR (with FOpts) + FPort + FRMPayload + MIC. */
export function phyPayloadBytes({ payloadBytes, fOptsBytes = 0, hasFPort }: DataFrameContents): number {
  if (!Number.isInteger(payloadBytes) || payloadBytes < 0) {
    throw new RangeError(`payloadBytes must be a whole number of bytes, got ${payloadBytes}`);
  }
  if (!Number.isInteger(fOptsBytes) || fOptsBytes < 0 || fOptsBytes > MAX_FOPTS_BYTES) {
    throw new RangeError(`fOptsBytes must be 0 to ${MAX_FOPTS_BYTES}, got ${fOptsBytes}`);
  }
  if (payloadBytes > 0 && !hasFPort) {
    throw new RangeError("a frame with an application payload must have an FPort");
  }
  return MHDR_BYTES + FHDR_BYTES + fOptsBytes + (hasFPort ? FPORT_BYTES : 0) + payloadBytes + MIC_BYTES;
}

