/**
 * "Last seen" times of gateways and network connections are shared by every event they carry, so
 * writing them in every batch makes each batch wait for the previous one's row locks. They only need
 * to be right to within a few seconds (a gateway is "online" if heard in the last ten minutes), so a
 * process writes one when it has moved on by at least `resolutionMs` since it last did. Which devices
 * each gateway heard is throttled the same way, per device and gateway, at five minutes.
 */
export class LastSeenThrottle {
  private written = new Map<string, number>();

  /** `maxKeys`: past it, everything is forgotten (and written once more), so memory stays bounded. */
  constructor(private readonly resolutionMs = 5_000, private readonly maxKeys = 100_000) {}

  /** True (and remembered as written) when `at` is worth writing for `key`. */
  claim(key: string, at: Date): boolean {
    const last = this.written.get(key);
    if (last !== undefined && at.getTime() - last < this.resolutionMs) return false;
    if (this.written.size >= this.maxKeys) this.written.clear();
    this.written.set(key, at.getTime());
    return true;
  }

  /** A batch that claimed writes did not commit them: let the next batch write them instead. */
  release(keys: readonly string[]) {
    for (const key of keys) this.written.delete(key);
  }
}
