import type { Breach } from "./alert-condition";

/**
 * How a round of evaluation moves a rule's episodes on: a breach with no open episode opens one (the
 * alert fires), an open episode whose breach is gone closes (it clears), and a breach that already has
 * its open episode changes nothing, so an alert fires once per episode however often it is evaluated.
 */
export function episodeChanges(openDeviceIds: ReadonlySet<string>, breaches: readonly Breach[]): { fire: Breach[]; clear: string[] } {
  const breached = new Set(breaches.map((b) => b.deviceId));
  return {
    fire: breaches.filter((b) => !openDeviceIds.has(b.deviceId)),
    clear: [...openDeviceIds].filter((id) => !breached.has(id)).sort(),
  };
}
