export interface UplinkInput {
  bytes: Uint8Array;
  fPort: number;
  recvTime: Date;
}

export interface DecodeOptions {
  /** Interrupt deadline in ms (default 250, at most 5000). The worker is killed shortly after. */
  timeoutMs?: number;
}

export type DecodeResult =
  | { ok: true; data: Record<string, unknown>; warnings: string[] }
  | { ok: false; error: string };

export type CodecValidation = { ok: true } | { ok: false; error: string };
