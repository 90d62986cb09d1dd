/** Resource limits applied to every tenant codec run. */
export const CODEC_LIMITS = {
  /** Largest accepted codec source, in UTF-8 bytes. */
  maxSourceBytes: 64 * 1024,
  /** QuickJS heap limit per run. */
  memoryBytes: 16 * 1024 * 1024,
  /**
   * QuickJS stack limit. 512 KiB overflowed the worker's native V8 stack before QuickJS noticed
   * (and corrupted the wasm module); 256 KiB fails cleanly with "stack overflow".
   */
  stackBytes: 256 * 1024,
  /** Interrupt-handler deadline when the caller gives none. */
  defaultTimeoutMs: 250,
  /** Callers may not ask for more than this. */
  maxTimeoutMs: 5_000,
  /** The worker is terminated this long after the interrupt deadline has passed (gotcha G15). */
  wallClockGraceMs: 250,
  /** How long a fresh worker may take to load QuickJS. */
  startupTimeoutMs: 15_000,
  /** Largest accepted uplink payload (LoRaWAN FRMPayload is at most 242 bytes). */
  maxPayloadBytes: 255,
  /** Largest accepted JSON produced by decodeUplink, in characters. */
  maxOutputChars: 64 * 1024,
} as const;

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes >= 1024) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}
